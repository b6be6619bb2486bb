/**
 * `kubectl logs`: the lines a container instance wrote, made on demand from its program and
 * its start/finish times (nothing per line is stored; loops yield only the tail that a bounded
 * ring would keep), and the API server's real refusals for waiting, unnamed, or missing
 * previous containers.
 */
import { badRequest } from '../api/errors';
import type { LogOptions } from '../apiserver/apiserver';
import type { Pod } from '../api/types';
import type { Host } from './host';
import { programOf, specOf } from './podworker';
import type { CtrState, PodState } from './state';

/** how many lines the runtime keeps per container instance */
export const LOG_RING = 1000;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function fill(line: string, absMs: number, pod: Pod): string {
  if (!line.includes('{')) return line;
  const d = new Date(absMs);
  const Y = d.getUTCFullYear();
  const M = pad(d.getUTCMonth() + 1);
  const D = pad(d.getUTCDate());
  const hms = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = pad(d.getUTCMilliseconds(), 3);
  return line
    .replace(/\{ngx\}|\{go\}/g, `${Y}/${M}/${D} ${hms}`)
    .replace(/\{redis\}/g, `${D} ${MONTHS[d.getUTCMonth()]} ${Y} ${hms}.${ms}`)
    .replace(/\{pg\}/g, `${Y}-${M}-${D} ${hms}.${ms}`)
    .replace(/\{mysql\}/g, `${Y}-${M}-${D}T${hms}.${ms}000`)
    .replace(/\{klog\}/g, `${M}${D} ${hms}.${ms}000`)
    .replace(/\{iso\}/g, d.toISOString().replace('Z', '+00:00'))
    .replace(/\{apache\}/g, `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${D} ${hms}.${ms}000 ${Y}`)
    .replace(/\{date\}/g, `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${D} ${hms} UTC ${Y}`)
    .replace(/\{hostname\}/g, pod.metadata?.name ?? '')
    .replace(/\{ip\}/g, pod.status?.podIP ?? '');
}

interface Line {
  at: number; // virtual ms
  text: string;
}

/** The lines of one instance that ran from `startedAt` until `until`. */
function instanceLines(h: Host, pod: Pod, c: CtrState, startedAt: number, until: number): Line[] {
  const spec = specOf(pod, c);
  if (!spec) return [];
  const prog = programOf(h, pod, c, spec);
  if (!prog) return [];
  const out: Line[] = [];
  for (const l of prog.logs) if (startedAt + l.atMs <= until) out.push({ at: startedAt + l.atMs, text: l.line });
  if (prog.loop && prog.loop.lines.length) {
    const first = startedAt + prog.loop.startMs;
    const n = until >= first ? Math.floor((until - first) / prog.loop.periodMs) + 1 : 0;
    const keep = Math.ceil(LOG_RING / prog.loop.lines.length);
    for (let i = Math.max(0, n - keep); i < n; i++) for (const text of prog.loop.lines) out.push({ at: first + i * prog.loop.periodMs, text });
  }
  out.sort((a, b) => a.at - b.at);
  return out.length > LOG_RING ? out.slice(out.length - LOG_RING) : out;
}

export function logsFor(h: Host, p: PodState | undefined, pod: Pod, opts: LogOptions): string {
  const name = pod.metadata?.name ?? '';
  const app = (pod.spec?.containers ?? []).map((c) => c.name);
  const init = (pod.spec?.initContainers ?? []).map((c) => c.name);
  let container = opts.container;
  if (!container) {
    if (app.length !== 1) {
      throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${app.join(' ')}]${init.length ? ` or one of the init containers: [${init.join(' ')}]` : ''}`);
    }
    container = app[0];
  }
  if (!app.includes(container) && !init.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  const c = p?.ctrs.find((x) => x.name === container);
  const statusReason = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s) => s.name === container)?.state?.waiting?.reason;
  let lines: Line[];
  if (opts.previous) {
    if (!c?.last) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    lines = instanceLines(h, pod, c, c.last.startedAt, c.last.finishedAt);
  } else {
    if (!c || !c.id) throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${c?.reason || statusReason || 'ContainerCreating'}`);
    const until = c.state === 'running' ? h.now() : c.state === 'terminated' ? c.finishedAt : (c.last?.finishedAt ?? h.now());
    const from = c.state === 'waiting' && c.last ? c.last.startedAt : c.startedAt;
    lines = instanceLines(h, pod, c, from, until);
  }
  if (opts.sinceSeconds !== undefined) {
    const since = h.now() - opts.sinceSeconds * 1000;
    lines = lines.filter((l) => l.at >= since);
  }
  if (opts.tailLines !== undefined && opts.tailLines >= 0) lines = lines.slice(Math.max(0, lines.length - opts.tailLines));
  const text = lines.map((l) => {
    const abs = h.abs(l.at);
    const body = fill(l.text, abs, pod);
    return opts.timestamps ? `${new Date(abs).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z')} ${body}` : body;
  });
  return text.length ? `${text.join('\n')}\n` : '';
}

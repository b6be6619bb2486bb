/**
 * What a connection to a pod IP meets: the pod's machine (powered, linked), its container
 * (running, started long enough ago to listen), the port (does the program listen on it?) and the
 * answer for a path. Read from the pod object the kubelet keeps current, the machines, and the
 * kubelet's image catalogue (what each image serves) — the traffic simulator never writes.
 *
 * Capacity: a pod serves `cpuMillis / cpuMsPerRequest` requests per second, its CPU being its
 * limit, else its request, else one core; nginx-like images need little CPU per request.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { cpuMillis } from '../api/quantity';
import type { Infra } from '../infra/machines';
import { resolveImage } from '../kubelet/images';
import { programFor, type Program } from '../kubelet/program';
import { parseTime } from '../util/time';

export interface ServingInfo {
  /** programs of the pod's containers, in spec order */
  programs: (Program | null)[];
  /** CPU per request (ms) and the base per-request service time (ms) */
  cpuMsPerRequest: number;
  serviceMs: number;
  /** requests per second the pod can serve */
  capacity: number;
  cpuMillis: number;
}

export type Answer = { ok: true; status: number; serviceMs: number } | { ok: false; why: 'refused' | 'timeout' };

const cache = new WeakMap<object, ServingInfo>();
/** container status → its start time in ms (statuses are frozen and shared, so this is safe) */
const startedMs = new WeakMap<object, number>();

function costOf(image: string): { cpuMs: number; serviceMs: number } {
  const repo = resolveImage(image);
  const r = repo.ok ? repo.info.repo : '';
  if (r.endsWith('/nginx') || r.endsWith('/httpd') || r.includes('echoserver') || r.includes('ingress-nginx')) return { cpuMs: 0.5, serviceMs: 1 };
  if (r.includes('hello-app') || r.includes('agnhost') || r.includes('playground/web')) return { cpuMs: 1, serviceMs: 2 };
  return { cpuMs: 2, serviceMs: 5 };
}

export function servingInfo(pod: Pod): ServingInfo {
  const spec = pod.spec!;
  const hit = cache.get(spec);
  if (hit) return hit;
  const programs = (spec.containers ?? []).map((c: Container) => {
    const r = resolveImage(c.image ?? '');
    return r.ok ? programFor(r.info, c, Number.MAX_SAFE_INTEGER) : null;
  });
  const main = spec.containers?.[0];
  const cost = costOf(main?.image ?? '');
  const cpuQ = main?.resources?.limits?.cpu ?? main?.resources?.requests?.cpu;
  const cpu = cpuQ !== undefined ? Math.max(1, cpuMillis(String(cpuQ))) : 1000;
  const info: ServingInfo = { programs, cpuMsPerRequest: cost.cpuMs, serviceMs: cost.serviceMs, capacity: cpu / cost.cpuMs, cpuMillis: cpu };
  cache.set(spec, info);
  return info;
}

/** A connection to `port` of `pod` (looked up by uid by the caller), and the answer for `path`. */
export function answer(pod: Pod | undefined, ip: string, port: number, path: string, infra: Infra, nowAbsMs: number): Answer {
  if (!pod || pod.status?.podIP !== ip) return { ok: false, why: 'timeout' }; // nobody has that IP any more
  const node = infra.get(pod.spec?.nodeName ?? '');
  if (!node || !node.powered || !node.network) return { ok: false, why: 'timeout' };
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return { ok: false, why: 'refused' };
  const info = servingInfo(pod);
  const statuses = pod.status?.containerStatuses ?? [];
  const containers = pod.spec?.containers ?? [];
  for (let i = 0; i < containers.length; i++) {
    const prog = info.programs[i];
    if (!prog || !prog.ports.includes(port) || prog.serveAfterMs === null) continue;
    const st = statuses.find((s) => s.name === containers[i].name);
    const running = st?.state?.running;
    if (!running?.startedAt) continue;
    let t = startedMs.get(running);
    if (t === undefined) startedMs.set(running, (t = parseTime(running.startedAt)));
    if (nowAbsMs - t < prog.serveAfterMs) continue;
    if (!prog.http) return { ok: true, status: 200, serviceMs: info.serviceMs };
    const status = prog.http[path] ?? prog.http['*'] ?? prog.otherStatus;
    return { ok: true, status, serviceMs: info.serviceMs };
  }
  return { ok: false, why: 'refused' };
}

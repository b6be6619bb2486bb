/**
 * `kubectl logs POD|TYPE/NAME [-c C] [--previous] [--tail N] [-f]`. For a Deployment or
 * ReplicaSet kubectl picks one of its pods (`Found N pods, using pod/…` when several). `-f`
 * polls the kubelet's log every second of cluster time and prints what is new.
 */
import { isPodReady } from '../../sim/api/podutil';
import type { Pod } from '../../sim/api/types';
import type { LogOptions } from '../../sim/apiserver/apiserver';
import type { CommandDef, Ctx, Running, Stream } from '../command';
import { KubectlError, renderError } from '../errors';
import { lookupResource } from '../resources';

const USAGE = `error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.
POD or TYPE/NAME is a required argument for the logs command
See 'kubectl logs -h' for help and examples`;

function resolvePod(ctx: Ctx): string {
  const a = ctx.args[0];
  if (!a) throw new KubectlError(USAGE);
  if (!a.includes('/')) return a;
  const [t, name] = a.split('/');
  const info = lookupResource(t);
  if (!info) throw new KubectlError(`error: the server doesn't have a resource type "${t}"`);
  if (info.resource === 'pods') return name;
  if (info.resource !== 'deployments' && info.resource !== 'replicasets') throw new KubectlError(`error: cannot get the logs from ${info.kind.toLowerCase()}${info.group ? '.' + info.group : ''}`);
  const owner = ctx.client.get(info.resource, ctx.namespace, name);
  // GetFirstPod: the pods the selector matches, best for logging first (podutils.ByLogging)
  const matchLabels = ((owner.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels ?? {}) as Record<string, string>;
  const selector = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = insertionSort(ctx.client.list<Pod>('pods', ctx.namespace, { labelSelector: selector || undefined }).items.slice().sort(byName), byLogging);
  if (!pods.length) throw new KubectlError(`error: timed out waiting for the condition`);
  if (pods.length > 1) ctx.err(`Found ${pods.length} pods, using pod/${pods[0].metadata?.name}\n`);
  return pods[0].metadata!.name!;
}

const byName = (a: Pod, b: Pod) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1);

/** Go's sort.Sort on fewer than 13 items is an insertion sort: stable, so ties keep list order. */
function insertionSort<T>(xs: T[], less: (a: T, b: T) => boolean): T[] {
  for (let i = 1; i < xs.length; i++) for (let j = i; j > 0 && less(xs[j], xs[j - 1]); j--) [xs[j], xs[j - 1]] = [xs[j - 1], xs[j]];
  return xs;
}

const readyTime = (p: Pod) => p.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime ?? '';
const restarts = (p: Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
const PHASE_RANK: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };

/** podutils.ByLogging: assigned, running, ready, ready longest, most restarts, oldest first. */
function byLogging(a: Pod, b: Pod): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return !!na;
  const pa = PHASE_RANK[a.status?.phase ?? ''] ?? 3;
  const pb = PHASE_RANK[b.status?.phase ?? ''] ?? 3;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  if (ra !== isPodReady(b)) return ra;
  if (ra && readyTime(a) !== readyTime(b)) return !readyTime(a) ? false : !readyTime(b) ? true : readyTime(a) < readyTime(b);
  if (restarts(a) !== restarts(b)) return restarts(a) > restarts(b);
  const ca = a.metadata?.creationTimestamp ?? '';
  const cb = b.metadata?.creationTimestamp ?? '';
  if (ca !== cb) return !ca ? false : !cb ? true : ca < cb;
  return false;
}

function opts(ctx: Ctx): LogOptions {
  const o: LogOptions = {};
  if (ctx.str('container')) o.container = ctx.str('container');
  if (ctx.bool('previous')) o.previous = true;
  if (ctx.num('tail') >= 0) o.tailLines = ctx.num('tail');
  if (ctx.bool('timestamps')) o.timestamps = true;
  return o;
}

function logsOnce(ctx: Ctx): number {
  const pod = resolvePod(ctx);
  const text = ctx.client.logs(ctx.namespace, pod, opts(ctx));
  ctx.out(text && !text.endsWith('\n') ? text + '\n' : text);
  return 0;
}

function logsFollow(ctx: Ctx, s: Stream): Running | null {
  if (!ctx.bool('follow')) return null;
  const pod = resolvePod(ctx);
  let seen = ctx.client.logs(ctx.namespace, pod, opts(ctx));
  s.out(seen && !seen.endsWith('\n') ? seen + '\n' : seen);
  if (!ctx.env.after) return { stop() {} };
  let stopped = false;
  let cancel: () => void = () => {};
  const poll = () => {
    if (stopped) return;
    let now: string;
    try {
      now = ctx.client.logs(ctx.namespace, pod, { ...opts(ctx), tailLines: undefined });
    } catch (e) {
      // the pod is gone or its container stopped: kubectl's stream ends
      stopped = true;
      if ((e as { code?: number }).code !== 404) s.err(renderError(e).text);
      s.exit(0);
      return;
    }
    if (now !== seen) {
      // print the lines after the last one already shown
      const old = seen.split('\n').filter(Boolean);
      const lines = now.split('\n').filter(Boolean);
      const last = old[old.length - 1];
      const at = last === undefined ? -1 : lines.lastIndexOf(last);
      const fresh = at >= 0 ? lines.slice(at + 1) : lines;
      if (fresh.length) s.out(fresh.join('\n') + '\n');
      seen = now;
    }
    cancel = ctx.env.after!(1000, poll);
  };
  cancel = ctx.env.after(1000, poll);
  return {
    stop() {
      stopped = true;
      cancel();
    },
  };
}

export const logs: CommandDef = {
  name: 'logs',
  short: 'Print the logs for a container in a pod',
  flags: [
    { name: 'container', short: 'c', type: 'string' },
    { name: 'previous', short: 'p', type: 'bool' },
    { name: 'follow', short: 'f', type: 'bool' },
    { name: 'tail', type: 'int', default: -1 },
    { name: 'timestamps', type: 'bool' },
    { name: 'all-containers', type: 'bool' },
    { name: 'since', type: 'duration' },
    { name: 'selector', short: 'l', type: 'string' },
  ],
  run: logsOnce,
  stream: logsFollow,
};

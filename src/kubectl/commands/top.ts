/**
 * `kubectl top node|pod` (top_node.go, top_pod.go, metricsutil/metrics_printer.go): usage from
 * the metrics API. In the page the metrics-server component answers directly (`env.metrics`);
 * without one the command fails as kubectl does when metrics.k8s.io is not served. Every cell
 * is tab-terminated, so kubectl's lines end in padding — kept here byte for byte.
 */
import type { Node } from '../../sim/api/types';
import { parseSelector, matchesRequirements } from '../../sim/api/labels';
import { bytes, cpuMillis } from '../../sim/api/quantity';
import type { CommandDef, Ctx, MetricsSource } from '../command';
import { KubectlError } from '../errors';
import { tabwriter } from '../printers/tabwriter';

interface Usage {
  cpu?: string;
  memory?: string;
}

const NOT_AVAILABLE = 'error: Metrics API not available';

/** `Quantity.MilliValue()` of CPU (rounded up), and memory in bytes. */
function cpuOf(q: string | undefined): number {
  if (!q) return 0;
  const n = /^(\d+)n$/.exec(q);
  return n ? Math.ceil(Number(n[1]) / 1e6) : cpuMillis(q);
}
function nanoOf(q: string | undefined): number {
  if (!q) return 0;
  const n = /^(\d+)n$/.exec(q);
  return n ? Number(n[1]) : cpuMillis(q) * 1e6;
}

function cells(cpuMilli: number, memBytes: number, avail?: { cpu: number; memory: number }): string {
  let s = `${cpuMilli}m\t`;
  if (avail) s += `${Math.trunc((cpuMilli / avail.cpu) * 100)}%\t`;
  s += `${Math.trunc(memBytes / (1024 * 1024))}Mi\t`;
  if (avail) s += `${Math.trunc((memBytes / avail.memory) * 100)}%\t`;
  return s;
}

/** Go's `time.Duration.String()` for whole milliseconds: `5s`, `1m30s`, `2h0m0s`, `1.5s`. */
export function goDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '0s';
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = rest / 1000;
  if (!h && !m && sec < 1) return `${neg ? '-' : ''}${rest}ms`;
  const s = `${sec}s`;
  return (neg ? '-' : '') + (h ? `${h}h${m}m${s}` : m ? `${m}m${s}` : s);
}

function source(ctx: Ctx): MetricsSource {
  // discovery comes first for the real kubectl: a stopped API server refuses before anything else
  ctx.client.list('namespaces', undefined, { fieldSelector: 'metadata.name=default' });
  if (!ctx.env.metrics) throw new KubectlError(NOT_AVAILABLE);
  return ctx.env.metrics;
}

function matcher(ctx: Ctx) {
  const sel = ctx.str('selector');
  const reqs = sel ? parseSelector(sel) : null;
  return (labels: Record<string, string> | undefined) => !reqs || matchesRequirements(reqs, labels);
}

function sortBy(ctx: Ctx): string {
  const s = ctx.str('sort-by');
  if (s && s !== 'cpu' && s !== 'memory') throw new KubectlError(`error: --sort-by accepts only cpu or memory`);
  return s;
}

function topNode(ctx: Ctx): number {
  const m = source(ctx);
  const keep = matcher(ctx);
  const name = ctx.args[0];
  if (ctx.args.length > 1) throw new KubectlError(`error: top node accepts only one NAME argument`);
  const nodes = name ? [ctx.client.get<Node>('nodes', undefined, name)] : ctx.client.list<Node>('nodes', undefined, { labelSelector: ctx.str('selector') || undefined }).items;
  let metrics = m.nodeMetrics().filter((x) => keep(x.metadata?.labels as Record<string, string> | undefined));
  if (name) {
    metrics = metrics.filter((x) => x.metadata?.name === name);
    if (!metrics.length) throw new KubectlError(`Error from server (NotFound): nodemetrics.metrics.k8s.io "${name}" not found`);
  }
  if (!metrics.length) throw new KubectlError('error: metrics not available yet');
  const avail = new Map(
    nodes.map((n) => {
      const rl = ctx.bool('show-capacity') ? n.status?.capacity : n.status?.allocatable;
      return [n.metadata?.name ?? '', { cpu: cpuMillis(rl?.cpu as string | undefined), memory: bytes(rl?.memory as string | undefined) }];
    }),
  );
  const rows = metrics.map((x) => ({ name: x.metadata?.name ?? '', cpu: cpuOf((x.usage as Usage).cpu), memory: bytes((x.usage as Usage).memory) }));
  const by = sortBy(ctx);
  rows.sort((a, b) => (by === 'cpu' ? b.cpu - a.cpu : by === 'memory' ? b.memory - a.memory : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let text = ctx.bool('no-headers') ? '' : 'NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n';
  for (const r of rows) {
    text += `${r.name}\t${cells(r.cpu, r.memory, avail.get(r.name))}\n`;
    avail.delete(r.name);
  }
  for (const missing of avail.keys()) text += `${missing}\t<unknown>\t\t\t<unknown>\t\t\t<unknown>\t\t\t<unknown>\t\t\t\n`;
  ctx.out(tabwriter(text, 6, 3));
  return 0;
}

function topPod(ctx: Ctx): number {
  const m = source(ctx);
  const keep = matcher(ctx);
  const allNs = ctx.bool('all-namespaces');
  const name = ctx.args[0];
  if (ctx.args.length > 1) throw new KubectlError(`error: top pod accepts only one NAME argument`);
  const ns = allNs ? undefined : ctx.namespace;
  let metrics = m.podMetrics(ns).filter((x) => keep(x.metadata?.labels as Record<string, string> | undefined));
  if (name) {
    metrics = metrics.filter((x) => x.metadata?.name === name);
    if (!metrics.length) {
      const pod = ctx.client.get('pods', ctx.namespace, name); // NotFound for a pod that does not exist
      const age = goDuration(ctx.now() - Date.parse(pod.metadata?.creationTimestamp ?? ''));
      throw new KubectlError(`error: Metrics not available for pod ${ctx.namespace}/${name}, age: ${age}`);
    }
  }
  if (!metrics.length) {
    const pods = ctx.client.list('pods', ns, { labelSelector: ctx.str('selector') || undefined }).items;
    if (pods.length) throw new KubectlError('error: metrics not available yet');
    ctx.err(allNs ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
    return 0;
  }
  const containers = ctx.bool('containers');
  const rows = metrics.map((x) => {
    const cs = (x.containers as { name: string; usage: Usage }[]) ?? [];
    const nano = cs.reduce((a, c) => a + nanoOf(c.usage.cpu), 0);
    const mem = cs.reduce((a, c) => a + bytes(c.usage.memory), 0);
    return { ns: x.metadata?.namespace ?? '', name: x.metadata?.name ?? '', cpu: Math.ceil(nano / 1e6), memory: mem, cs };
  });
  const by = sortBy(ctx);
  rows.sort((a, b) => {
    if (by === 'cpu') return b.cpu - a.cpu;
    if (by === 'memory') return b.memory - a.memory;
    if (allNs && a.ns !== b.ns) return a.ns < b.ns ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  let text = '';
  if (!ctx.bool('no-headers')) text = `${allNs ? 'NAMESPACE\t' : ''}${containers ? 'POD\t' : ''}NAME\tCPU(cores)\tMEMORY(bytes)\t\n`;
  for (const r of rows) {
    const prefix = allNs ? `${r.ns}\t` : '';
    if (containers) for (const c of r.cs) text += `${prefix}${r.name}\t${c.name}\t${cells(cpuOf(c.usage.cpu), bytes(c.usage.memory))}\n`;
    else text += `${prefix}${r.name}\t${cells(r.cpu, r.memory)}\n`;
  }
  ctx.out(tabwriter(text, 6, 3));
  return 0;
}

const COMMON = [
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'sort-by', type: 'string' as const },
  { name: 'no-headers', type: 'bool' as const },
  { name: 'use-protocol-buffers', type: 'bool' as const, default: true },
];

export const top: CommandDef = {
  name: 'top',
  short: 'Display resource (CPU/memory) usage',
  subcommands: [
    { name: 'node', aliases: ['nodes', 'no'], short: 'Display resource (CPU/memory) usage of nodes', flags: [...COMMON, { name: 'show-capacity', type: 'bool' }], run: topNode },
    {
      name: 'pod',
      aliases: ['pods', 'po'],
      short: 'Display resource (CPU/memory) usage of pods',
      flags: [...COMMON, { name: 'all-namespaces', short: 'A', type: 'bool' }, { name: 'containers', type: 'bool' }, { name: 'field-selector', type: 'string' }, { name: 'sum', type: 'bool' }],
      run: topPod,
    },
  ],
};

/**
 * `kubectl cordon`, `uncordon`, `drain` and `taint` (kubectl/pkg/drain, cmd/taint; §7).
 * Drain: cordon, refuse with the real messages unless the flags allow, evict through the
 * Eviction API (a 429 from a PodDisruptionBudget is retried every 5 s in the streaming form),
 * and print `pod/x evicted` once each pod is gone, then `node/n drained`.
 */
import { ApiError } from '../../sim/api/errors';
import { controllerOf } from '../../sim/api/podutil';
import type { Node, Pod, Taint } from '../../sim/api/types';
import type { CommandDef, Ctx, Running, Stream } from '../command';
import { KubectlError, renderError, usageErrorf } from '../errors';
import { parseDuration } from '../flags';

function nodeArg(ctx: Ctx, cmd: string): string {
  const a = ctx.args[0] ?? '';
  if (ctx.args.length !== 1) throw usageErrorf(cmd, `USAGE: ${cmd} NODE [flags]`);
  if (a.includes('/')) {
    const [t, n] = a.split('/');
    if (!['node', 'nodes', 'no'].includes(t)) throw new KubectlError(`error: ${cmd} only supports nodes`);
    return n;
  }
  return a;
}

function setUnschedulable(ctx: Ctx, name: string, on: boolean): string {
  const node = ctx.client.get<Node>('nodes', undefined, name);
  if (!!node.spec?.unschedulable === on) return `node/${name} already ${on ? 'cordoned' : 'uncordoned'}\n`;
  ctx.client.patch('nodes', undefined, name, { spec: { unschedulable: on ? true : null } }, 'strategic');
  return `node/${name} ${on ? 'cordoned' : 'uncordoned'}\n`;
}

export const cordon: CommandDef = {
  name: 'cordon',
  short: 'Mark node as unschedulable',
  flags: [{ name: 'dry-run', type: 'string', default: 'none' }, { name: 'selector', short: 'l', type: 'string' }],
  run: (ctx) => void ctx.out(setUnschedulable(ctx, nodeArg(ctx, 'cordon'), true)),
};

export const uncordon: CommandDef = {
  name: 'uncordon',
  short: 'Mark node as schedulable',
  flags: [{ name: 'dry-run', type: 'string', default: 'none' }, { name: 'selector', short: 'l', type: 'string' }],
  run: (ctx) => void ctx.out(setUnschedulable(ctx, nodeArg(ctx, 'uncordon'), false)),
};

interface DrainPlan {
  evict: Pod[];
  warnings: string[];
  errors: string[];
}

const ref = (p: Pod) => `${p.metadata?.namespace}/${p.metadata?.name}`;

/** `drain.Helper.GetPodsForDeletion` with its filters, in kubectl's order. */
export function planDrain(pods: Pod[], o: { force: boolean; ignoreDaemonSets: boolean; deleteEmptyDir: boolean }): DrainPlan {
  const evict: Pod[] = [];
  const blocked = { ds: [] as string[], bare: [] as string[], local: [] as string[] };
  const warn = { ds: [] as string[], bare: [] as string[], local: [] as string[] };
  for (const p of pods) {
    if (p.metadata?.annotations?.['kubernetes.io/config.mirror']) continue;
    const terminal = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
    const ctrl = controllerOf(p);
    if (ctrl?.kind === 'DaemonSet' && !terminal) {
      (o.ignoreDaemonSets ? warn.ds : blocked.ds).push(ref(p));
      continue;
    }
    if (!ctrl && !terminal) {
      if (!o.force) {
        blocked.bare.push(ref(p));
        continue;
      }
      warn.bare.push(ref(p));
    }
    if ((p.spec?.volumes ?? []).some((v) => v.emptyDir) && !terminal) {
      if (!o.deleteEmptyDir) {
        blocked.local.push(ref(p));
        continue;
      }
      warn.local.push(ref(p));
    }
    evict.push(p);
  }
  const errors: string[] = [];
  if (blocked.bare.length) errors.push(`cannot delete Pods that declare no controller (use --force to override): ${blocked.bare.join(', ')}`);
  if (blocked.ds.length) errors.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${blocked.ds.join(', ')}`);
  if (blocked.local.length) errors.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${blocked.local.join(', ')}`);
  const warnings: string[] = [];
  if (warn.bare.length) warnings.push(`deleting Pods that declare no controller: ${warn.bare.join(', ')}`);
  if (warn.ds.length) warnings.push(`ignoring DaemonSet-managed Pods: ${warn.ds.join(', ')}`);
  if (warn.local.length) warnings.push(`deleting Pods with local storage: ${warn.local.join(', ')}`);
  return { evict, warnings, errors };
}

function prepareDrain(ctx: Ctx): { name: string; plan: DrainPlan } | null {
  const name = nodeArg(ctx, 'drain');
  ctx.out(setUnschedulable(ctx, name, true));
  const pods = ctx.client
    .list<Pod>('pods', undefined, { fieldSelector: `spec.nodeName=${name}`, labelSelector: ctx.str('pod-selector') || undefined })
    .items.sort((a, b) => (ref(a) < ref(b) ? -1 : 1));
  const plan = planDrain(pods, { force: ctx.bool('force'), ignoreDaemonSets: ctx.bool('ignore-daemonsets'), deleteEmptyDir: ctx.bool('delete-emptydir-data') || ctx.bool('delete-local-data') });
  if (plan.errors.length) {
    const joined = plan.errors.length === 1 ? plan.errors[0] : `[${plan.errors.join(', ')}]`;
    ctx.err(`error: unable to drain node "${name}" due to error: ${joined}, continuing command...\nThere are pending nodes to be drained:\n ${name}\n${plan.errors.join('\n')}\n`);
    return null;
  }
  if (plan.warnings.length) ctx.err(`Warning: ${plan.warnings.join('; ')}\n`);
  return { name, plan };
}

function evictOptions(ctx: Ctx) {
  const g = ctx.num('grace-period');
  return g >= 0 ? { gracePeriodSeconds: g } : {};
}

function drainOnce(ctx: Ctx): number {
  const prep = prepareDrain(ctx);
  if (!prep) return 1;
  for (const p of prep.plan.evict) {
    ctx.out(`evicting pod ${ref(p)}\n`);
    try {
      ctx.client.evict(p.metadata!.namespace!, p.metadata!.name!, evictOptions(ctx));
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) continue;
      if (e instanceof ApiError && e.code === 429) {
        ctx.err(`error when evicting pods/"${p.metadata?.name}" -n "${p.metadata?.namespace}" (will retry after 5s): ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  }
  for (const p of prep.plan.evict) ctx.out(`pod/${p.metadata?.name} evicted\n`);
  ctx.out(`node/${prep.name} drained\n`);
  return 0;
}

function drainStream(ctx: Ctx, s: Stream): Running | null {
  const prep = prepareDrain(ctx);
  if (!prep) {
    s.exit(1);
    return { stop() {} };
  }
  const { name, plan } = prep;
  const pending = new Map(plan.evict.map((p) => [p.metadata!.uid!, p]));
  const timers = new Set<() => void>();
  let stopped = false;
  const finish = (code: number, text?: string) => {
    if (stopped) return;
    stopped = true;
    watch.stop();
    for (const t of timers) t();
    if (text) (code ? s.err : s.out)(text);
    s.exit(code);
  };
  const gone = (uid: string) => {
    const p = pending.get(uid);
    if (!p) return;
    pending.delete(uid);
    s.out(`pod/${p.metadata?.name} evicted\n`);
    if (!pending.size) finish(0, `node/${name} drained\n`);
  };
  const watch = ctx.client.watch('pods', { fieldSelector: `spec.nodeName=${name}`, resourceVersion: ctx.client.list('pods', undefined, { fieldSelector: `spec.nodeName=${name}` }).resourceVersion }, (e) => {
    const uid = e.object.metadata?.uid ?? '';
    if (e.type === 'DELETED') gone(uid);
  });
  const evict = (p: Pod) => {
    if (stopped) return;
    try {
      ctx.client.evict(p.metadata!.namespace!, p.metadata!.name!, evictOptions(ctx));
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return gone(p.metadata!.uid!);
      if (e instanceof ApiError && e.code === 429) {
        s.err(`error when evicting pods/"${p.metadata?.name}" -n "${p.metadata?.namespace}" (will retry after 5s): ${e.message}\n`);
        if (ctx.env.after) {
          const cancel = ctx.env.after(5000, () => {
            timers.delete(cancel);
            evict(p);
          });
          timers.add(cancel);
        }
        return;
      }
      finish(1, renderError(e).text);
    }
  };
  for (const p of plan.evict) s.out(`evicting pod ${ref(p)}\n`);
  for (const p of plan.evict) evict(p);
  if (!plan.evict.length) finish(0, `node/${name} drained\n`);
  const timeout = parseDuration(ctx.str('timeout')) ?? 0;
  if (!stopped && timeout > 0 && ctx.env.after) {
    const secs = ctx.str('timeout');
    timers.add(
      ctx.env.after(timeout, () => {
        const left = [...pending.values()].map((p) => `error when evicting pods/"${p.metadata?.name}" -n "${p.metadata?.namespace}": global timeout reached: ${secs}`);
        finish(1, `error: unable to drain node "${name}" due to error: ${left.length === 1 ? left[0] : `[${left.join(', ')}]`}, continuing command...\nThere are pending nodes to be drained:\n ${name}\n${left.join('\n')}\n`);
      }),
    );
  }
  return { stop: () => finish(130) };
}

export const drain: CommandDef = {
  name: 'drain',
  short: 'Drain node in preparation for maintenance',
  flags: [
    { name: 'force', type: 'bool' },
    { name: 'ignore-daemonsets', type: 'bool' },
    { name: 'delete-emptydir-data', type: 'bool' },
    { name: 'delete-local-data', type: 'bool' },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'timeout', type: 'duration', default: '0s' },
    { name: 'pod-selector', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'disable-eviction', type: 'bool' },
    { name: 'dry-run', type: 'string', default: 'none' },
    { name: 'skip-wait-for-delete-timeout', type: 'int', default: 0 },
    { name: 'chunk-size', type: 'int', default: 500 },
  ],
  run: drainOnce,
  stream: drainStream,
};

// ---- taint ----------------------------------------------------------------------------------

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function parseTaintArg(a: string): { taint?: Taint; remove?: { key: string; effect?: string } } {
  if (a.endsWith('-')) {
    const body = a.slice(0, -1);
    const [key, effect] = body.split(':');
    if (effect && !EFFECTS.includes(effect)) throw new KubectlError(`error: invalid taint effect: ${effect}, unsupported taint effect`);
    return { remove: { key, effect } };
  }
  const colon = a.lastIndexOf(':');
  if (colon < 0) throw new KubectlError(`error: invalid taint spec: ${a}, unknown taint spec`);
  const effect = a.slice(colon + 1);
  const kv = a.slice(0, colon);
  if (!EFFECTS.includes(effect)) throw new KubectlError(`error: invalid taint effect: ${effect}, unsupported taint effect`);
  const eq = kv.indexOf('=');
  const key = eq < 0 ? kv : kv.slice(0, eq);
  const value = eq < 0 ? undefined : kv.slice(eq + 1);
  return { taint: { key, ...(value ? { value } : {}), effect: effect as Taint['effect'] } };
}

function taintRun(ctx: Ctx): number {
  const [type, ...rest] = ctx.args;
  if (!type) throw usageErrorf('taint', 'at least one taint update is required');
  let names: string[] = [];
  let specs: string[] = rest;
  if (type.includes('/')) {
    names = [type.split('/')[1]];
  } else {
    if (!['node', 'nodes', 'no'].includes(type)) throw new KubectlError(`error: invalid resource type ${type}, only node types are supported`);
    names = rest.filter((a) => !a.includes(':') && !a.includes('=') && !a.endsWith('-')).slice(0, 1);
    specs = rest.filter((a) => !names.includes(a));
  }
  if (!specs.length) throw usageErrorf('taint', 'at least one taint update is required');
  const parsed = specs.map(parseTaintArg);
  for (const name of names) {
    const node = ctx.client.get<Node>('nodes', undefined, name);
    let taints = [...(node.spec?.taints ?? [])];
    let removed = false;
    for (const p of parsed) {
      if (p.remove) {
        const before = taints.length;
        taints = taints.filter((t) => !(t.key === p.remove!.key && (!p.remove!.effect || t.effect === p.remove!.effect)));
        if (taints.length === before) throw new KubectlError(`error: taint ${JSON.stringify(p.remove.effect ? `${p.remove.key}:${p.remove.effect}` : p.remove.key)} not found`);
        removed = true;
      }
    }
    const adds = parsed.filter((p) => p.taint).map((p) => p.taint!);
    for (const t of adds) {
      const i = taints.findIndex((x) => x.key === t.key && x.effect === t.effect);
      if (i >= 0) {
        if (!ctx.bool('overwrite')) throw new KubectlError(`error: node ${name} already has ${t.key} taint(s) with same effect(s) and --overwrite is false`);
        taints[i] = t;
      } else taints.push(t);
    }
    ctx.client.patch('nodes', undefined, name, { spec: { taints: taints.length ? taints : null } }, 'merge');
    ctx.out(`node/${name} ${adds.length && !removed ? 'tainted' : adds.length ? 'modified' : 'untainted'}\n`);
  }
  return 0;
}

export const taint: CommandDef = {
  name: 'taint',
  short: 'Update the taints on one or more nodes',
  flags: [
    { name: 'overwrite', type: 'bool' },
    { name: 'all', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'dry-run', type: 'string', default: 'none' },
  ],
  run: taintRun,
};

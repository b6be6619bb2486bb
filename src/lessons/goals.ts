/**
 * Goals: declarative checks on cluster state. They check the state the learner was asked to
 * reach, never the path — extra objects and other correct routes pass. Each goal carries a
 * label the lesson panel shows as its checklist line. `predicate(name, fn)` is the escape hatch.
 */
import { isPodReady } from '../sim/api/podutil';
import { matchesRequirements, parseSelector } from '../sim/api/labels';
import type { Deployment, Event, KObject, Pod } from '../sim/api/types';
import type { Cluster } from '../sim/cluster';
import type { Summary } from '../sim/network/trafficstats';
import { parseTime } from '../sim/util/time';

/** When the step opened: goals that look for change compare against it. */
export interface StepContext {
  /** virtual ms (cluster.clock.now) */
  startedAt: number;
}

export type Goal =
  | { kind: 'exists'; label: string; resource: string; name?: string; namespace?: string; fields?: Record<string, unknown> }
  | { kind: 'podsReady'; label: string; selector: string; n: number; namespace?: string; exact?: boolean }
  | { kind: 'podMovedOffNode'; label: string; selector: string; node: string; n: number; namespace?: string }
  | { kind: 'serviceEndpoints'; label: string; name: string; n: number; namespace?: string }
  | { kind: 'requestsSucceed'; label: string; client: string; minRate: number }
  | { kind: 'eventHappened'; label: string; reason: string; involvedName?: string; namespace?: string }
  | { kind: 'deploymentRolledOut'; label: string; name: string; namespace?: string }
  | { kind: 'all' | 'any'; label: string; goals: Goal[] }
  | { kind: 'not'; label: string; goal: Goal }
  | { kind: 'predicate'; label: string; name: string; fn: (c: Cluster, ctx: StepContext) => boolean };

const NS = 'default';

// ---- constructors ---------------------------------------------------------------------------

/** An object exists; `fields` are dotted paths that must hold these values (objects: a subset). */
export const exists = (resource: string, name?: string, fields?: Record<string, unknown>, label?: string, namespace?: string): Goal => ({
  kind: 'exists',
  resource,
  name,
  fields,
  namespace,
  label: label ?? `${resource.replace(/s$/, '')}${name ? ` ${name}` : ''} exists${fields ? ` with ${Object.entries(fields).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}` : ''}`,
});

/** At least `n` Ready pods match the selector (exactly n with `exact`). */
export const podsReady = (selector: string, n: number, opts: { exact?: boolean; label?: string; namespace?: string } = {}): Goal => ({
  kind: 'podsReady',
  selector,
  n,
  exact: opts.exact,
  namespace: opts.namespace,
  label: opts.label ?? `${opts.exact ? '' : 'at least '}${n} pod${n === 1 ? '' : 's'} with ${selector} Ready`,
});

/** `n` Ready pods match the selector off `node`, at least one of them created since the step opened. */
export const podMovedOffNode = (selector: string, node: string, n: number, label?: string): Goal => ({
  kind: 'podMovedOffNode',
  selector,
  node,
  n,
  label: label ?? `${n} pod${n === 1 ? '' : 's'} with ${selector} Ready away from ${node}, one of them new`,
});

/** The Service has exactly `n` ready endpoints. */
export const serviceEndpoints = (name: string, n: number, label?: string): Goal => ({
  kind: 'serviceEndpoints',
  name,
  n,
  label: label ?? `Service ${name} has ${n} ready endpoint${n === 1 ? '' : 's'}`,
});

/** The traffic client sends requests and at least `minRate` (0–1) of the last 10 s succeeded. */
export const requestsSucceed = (client: string, minRate: number, label?: string): Goal => ({
  kind: 'requestsSucceed',
  client,
  minRate,
  label: label ?? `${Math.round(minRate * 100)} % of ${client}'s requests succeed`,
});

/** An Event with this reason (and involved object name, or name prefix ending in `*`) since the step opened. */
export const eventHappened = (reason: string, involvedName?: string, label?: string): Goal => ({
  kind: 'eventHappened',
  reason,
  involvedName,
  label: label ?? `event ${reason}${involvedName ? ` on ${involvedName}` : ''}`,
});

/** As `kubectl rollout status` sees it: the newest template is everywhere and available. */
export const deploymentRolledOut = (name: string, label?: string): Goal => ({ kind: 'deploymentRolledOut', name, label: label ?? `deployment ${name} rolled out` });

export const all = (label: string, ...goals: Goal[]): Goal => ({ kind: 'all', label, goals });
export const any = (label: string, ...goals: Goal[]): Goal => ({ kind: 'any', label, goals });
export const not = (goal: Goal, label?: string): Goal => ({ kind: 'not', goal, label: label ?? `not: ${goal.label}` });
export const predicate = (name: string, label: string, fn: (c: Cluster, ctx: StepContext) => boolean): Goal => ({ kind: 'predicate', name, label, fn });

// ---- helpers lessons share ------------------------------------------------------------------

export function podsMatching(c: Cluster, selector: string, namespace = NS): Pod[] {
  const reqs = parseSelector(selector);
  const out: Pod[] = [];
  for (const p of c.store.iterate<Pod>('pods', namespace)) if (matchesRequirements(reqs, p.metadata?.labels)) out.push(p);
  return out.sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
}

export const readyPods = (c: Cluster, selector: string, namespace = NS): Pod[] => podsMatching(c, selector, namespace).filter((p) => !p.metadata?.deletionTimestamp && isPodReady(p));

export function trafficStats(c: Cluster, client: string): Summary | undefined {
  const t = c.components.find((x) => x.name === 'traffic') as { clientStats?(n: string): Summary } | undefined;
  return t?.clientStats?.(client);
}

/** Reads a dotted path (`spec.replicas`, `spec.template.spec.containers.0.image`). */
export function pathValue(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** `expected` holds within `actual`: equal scalars, objects as subsets, arrays element-wise. */
export function subsetMatch(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (actual === null || typeof actual !== 'object') return false;
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.every((e, i) => subsetMatch(actual[i], e));
  return Object.entries(expected).every(([k, v]) => subsetMatch((actual as Record<string, unknown>)[k], v));
}

function eventTime(e: Event): number {
  return parseTime(e.lastTimestamp ?? (e.eventTime as string | undefined) ?? e.firstTimestamp ?? undefined);
}

const nameMatches = (name: string | undefined, want: string) => (want.endsWith('*') ? !!name?.startsWith(want.slice(0, -1)) : name === want);

// ---- evaluation -----------------------------------------------------------------------------

export function checkGoal(goal: Goal, c: Cluster, ctx: StepContext): boolean {
  switch (goal.kind) {
    case 'exists': {
      const ns = goal.namespace ?? (isClusterScoped(goal.resource) ? '' : NS);
      const objs: KObject[] = goal.name ? [c.store.get(goal.resource, ns, goal.name)].filter((o): o is KObject => !!o) : c.store.list(goal.resource, ns);
      return objs.some((o) => !o.metadata?.deletionTimestamp && Object.entries(goal.fields ?? {}).every(([p, v]) => subsetMatch(pathValue(o, p), v)));
    }
    case 'podsReady': {
      const n = readyPods(c, goal.selector, goal.namespace).length;
      return goal.exact ? n === goal.n : n >= goal.n;
    }
    case 'podMovedOffNode': {
      const off = readyPods(c, goal.selector).filter((p) => p.spec?.nodeName !== goal.node);
      const since = Math.floor((c.epochMs + ctx.startedAt) / 1000) * 1000;
      return off.length >= goal.n && off.some((p) => parseTime(p.metadata?.creationTimestamp) >= since);
    }
    case 'serviceEndpoints': {
      let n = 0;
      for (const s of c.store.iterate<KObject & { endpoints?: { conditions?: { ready?: boolean } }[] }>('endpointslices', goal.namespace ?? NS)) {
        if (s.metadata?.labels?.['kubernetes.io/service-name'] !== goal.name) continue;
        for (const e of s.endpoints ?? []) if (e.conditions?.ready) n++;
      }
      return n === goal.n;
    }
    case 'requestsSucceed': {
      const s = trafficStats(c, goal.client);
      return !!s && s.requests > 0 && s.rps > 0 && 1 - s.errorRate >= goal.minRate;
    }
    case 'eventHappened': {
      const since = Math.floor((c.epochMs + ctx.startedAt) / 1000) * 1000;
      for (const e of c.store.iterate<Event>('events', goal.namespace ?? NS)) {
        if (e.reason !== goal.reason) continue;
        if (goal.involvedName && !nameMatches(e.involvedObject?.name, goal.involvedName)) continue;
        if (eventTime(e) >= since) return true;
      }
      return false;
    }
    case 'deploymentRolledOut': {
      const d = c.store.get<Deployment>('deployments', goal.namespace ?? NS, goal.name);
      if (!d?.status) return false;
      const want = d.spec?.replicas ?? 1;
      const s = d.status;
      return (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) >= want;
    }
    case 'all':
      return goal.goals.every((g) => checkGoal(g, c, ctx));
    case 'any':
      return goal.goals.some((g) => checkGoal(g, c, ctx));
    case 'not':
      return !checkGoal(goal.goal, c, ctx);
    case 'predicate':
      try {
        return goal.fn(c, ctx);
      } catch {
        return false;
      }
  }
}

/** The checklist lines of a goal: the top-level parts of an `all`, each with its state. */
export function goalLines(goal: Goal, c: Cluster, ctx: StepContext): { label: string; met: boolean }[] {
  const parts = goal.kind === 'all' ? goal.goals : [goal];
  return parts.map((g) => ({ label: g.label, met: checkGoal(g, c, ctx) }));
}

const CLUSTER_SCOPED = new Set(['nodes', 'namespaces', 'persistentvolumes', 'storageclasses', 'ingressclasses', 'priorityclasses', 'clusterroles', 'clusterrolebindings']);
function isClusterScoped(resource: string): boolean {
  return CLUSTER_SCOPED.has(resource);
}

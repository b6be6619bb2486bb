/**
 * What changed between two moments: objects added, removed, and changed field by field. Noise a
 * learner does not care about (resourceVersion, managedFields, heartbeat and transition
 * timestamps) is left out by default; Events and Leases too (they change every few seconds).
 */
import { RESOURCES } from '../../sim/api/resources';
import type { KObject } from '../../sim/api/types';
import type { Store } from '../../sim/store/store';

export interface CompareOptions {
  /** leave out resourceVersion, managedFields and timestamps (default true) */
  ignoreNoise?: boolean;
  /** resources left out (default events and leases) */
  exclude?: string[];
}

export interface FieldChange {
  /** `spec.replicas`, `status.conditions[type=Ready].status`, `spec.containers[name=nginx].image` */
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface ObjectChange {
  /** `resource/namespace/name` */
  key: string;
  kind: string;
  change: 'added' | 'removed' | 'changed';
  fields?: FieldChange[];
}

export interface Comparison {
  t1: number;
  t2: number;
  added: ObjectChange[];
  removed: ObjectChange[];
  changed: ObjectChange[];
}

const NOISE_KEYS = new Set(['resourceVersion', 'managedFields', 'startedAt', 'finishedAt', 'renewTime', 'acquireTime']);

function isNoise(key: string): boolean {
  return NOISE_KEYS.has(key) || key.endsWith('Time') || key.endsWith('Timestamp');
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How array elements are matched: by a `name` or `type` every element has once, else by index. */
function arrayKeyField(a: unknown[], b: unknown[]): 'name' | 'type' | undefined {
  for (const f of ['name', 'type'] as const) {
    const all = [...a, ...b];
    if (!all.length || !all.every((x) => isObj(x) && typeof x[f] === 'string')) continue;
    const uniq = (l: unknown[]) => new Set(l.map((x) => (x as Record<string, string>)[f])).size === l.length;
    if (uniq(a) && uniq(b)) return f;
  }
  return undefined;
}

/** Field-by-field differences between two values (JSON). */
export function diffFields(a: unknown, b: unknown, ignoreNoise = true, path = ''): FieldChange[] {
  const out: FieldChange[] = [];
  walk(a, b, path, ignoreNoise, out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, noise: boolean, out: FieldChange[]): void {
  if (a === b) return;
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (noise && isNoise(k)) continue;
      walk(a[k], b[k], path ? `${path}.${k}` : k, noise, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const f = arrayKeyField(a, b);
    if (f) {
      const ai = new Map(a.map((x) => [(x as Record<string, string>)[f], x]));
      const bi = new Map(b.map((x) => [(x as Record<string, string>)[f], x]));
      for (const k of new Set([...ai.keys(), ...bi.keys()])) walk(ai.get(k), bi.get(k), `${path}[${f}=${k}]`, noise, out);
      return;
    }
    if (a.length === b.length) {
      for (let i = 0; i < a.length; i++) walk(a[i], b[i], `${path}[${i}]`, noise, out);
      return;
    }
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const c: FieldChange = { path };
  if (a !== undefined) c.before = a;
  if (b !== undefined) c.after = b;
  out.push(c);
}

function objects(store: Store, exclude: Set<string>): Map<string, KObject> {
  const m = new Map<string, KObject>();
  for (const r of RESOURCES) {
    if (exclude.has(r.resource)) continue;
    for (const o of store.iterate(r.resource)) m.set(`${r.resource}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`, o);
  }
  return m;
}

/** Compares two stores (the cluster at t1 and at t2). */
export function compareStores(s1: Store, s2: Store, t1: number, t2: number, opts: CompareOptions = {}): Comparison {
  const noise = opts.ignoreNoise ?? true;
  const exclude = new Set(opts.exclude ?? ['events', 'leases']);
  const a = objects(s1, exclude);
  const b = objects(s2, exclude);
  const result: Comparison = { t1, t2, added: [], removed: [], changed: [] };
  for (const [key, o] of a) {
    const n = b.get(key);
    if (!n) result.removed.push({ key, kind: o.kind ?? '', change: 'removed' });
    else if (n !== o) {
      const fields = diffFields(o, n, noise);
      if (fields.length) result.changed.push({ key, kind: o.kind ?? '', change: 'changed', fields });
    }
  }
  for (const [key, o] of b) if (!a.has(key)) result.added.push({ key, kind: o.kind ?? '', change: 'added' });
  return result;
}

/**
 * Objects in the store are immutable and share structure: a pod made from a template keeps the
 * template's frozen container list instead of a copy. Writers build new objects by spreading the
 * path they change. Freezing stops at subtrees that are already frozen, so it costs only what
 * was new in a write.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  // indexed and for-in walks: no key arrays to allocate on the hottest path of every write
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  else for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

/** A deep, mutable copy of plain JSON data (faster than structuredClone for API objects). */
export function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clone) as unknown as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value as object)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = clone(v);
  }
  return out as T;
}

/** Structural equality of plain JSON data (undefined properties count as absent). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // for-in walks, no key arrays: every write of the cluster compares old and new this way
  let count = 0;
  for (const k in ao) {
    const v = ao[k];
    if (v === undefined) continue;
    if (!deepEqual(v, bo[k])) return false;
    count++;
  }
  for (const k in bo) if (bo[k] !== undefined) count--;
  return count === 0;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

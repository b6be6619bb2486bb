/**
 * Copy-on-write helpers for defaulting. Objects from the store are frozen and shared (150,000 pods
 * share one template's containers), so a defaulter copies only the path it changes and returns
 * its input itself when every default is already there.
 */

/** A lazily-copied object: `set` copies the source on the first real change. */
export class Draft<T extends object> {
  private copy: T | null = null;
  constructor(readonly source: T) {}

  get value(): T {
    return this.copy ?? this.source;
  }

  get<K extends keyof T>(key: K): T[K] {
    return this.value[key];
  }

  set<K extends keyof T>(key: K, v: T[K]): void {
    if (this.value[key] === v) return;
    if (!this.copy) this.copy = { ...this.source };
    (this.copy as Record<PropertyKey, unknown>)[key as PropertyKey] = v;
  }

  /** sets `key` to `v` only when it is missing (undefined, null or '') */
  setDefault<K extends keyof T>(key: K, v: T[K]): void {
    const cur = this.value[key] as unknown;
    if (cur === undefined || cur === null || cur === '') this.set(key, v);
  }
}

/** Maps an array through `fn`; returns the same array when no element changed. */
export function mapSame<T>(arr: readonly T[] | undefined, fn: (item: T, index: number) => T): T[] | undefined {
  if (!arr) return arr as T[] | undefined;
  let out: T[] | null = null;
  for (let i = 0; i < arr.length; i++) {
    const next = fn(arr[i], i);
    if (next !== arr[i] && !out) out = arr.slice(0, i);
    if (out) out.push(next);
  }
  return out ?? (arr as T[]);
}

/** A frozen `{}` shared by every object that gets an empty default (securityContext, resources). */
export const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

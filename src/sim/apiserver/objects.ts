/** Object helpers of the API server's writes: comparing a write with what is stored, building the next version. */
import type { KObject } from '../api/types';
import { deepEqual } from '../util/immutable';

/** What a write may change without counting as a change (no new resourceVersion). */
export const META_IGNORED = new Set(['resourceVersion', 'managedFields']);
export const OBJECT_IGNORED = new Set(['metadata']);

const USUAL_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

/**
 * `{...old, spec, status}`, as one literal when the object has the usual five fields: a spread
 * copy keeps only four fields inside the object and spills the rest into a separate array, and
 * every status write makes such a copy of a pod.
 */
export function withParts(old: KObject, spec: unknown, status: unknown): KObject {
  if (spec === undefined) return { ...old, status };
  let usual = true;
  for (const k in old) if (!USUAL_KEYS.has(k)) usual = false;
  if (!usual) return { ...old, spec, status };
  return { apiVersion: old.apiVersion, kind: old.kind, metadata: old.metadata, spec, status } as KObject;
}

/** Deep equality of two objects ignoring some top-level keys, without copying either. */
export function equalExcept(a: object | undefined, b: object | undefined, ignored: Set<string>): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let count = 0;
  for (const k in ao) {
    if (ignored.has(k) || ao[k] === undefined) continue;
    if (!deepEqual(ao[k], bo[k])) return false;
    count++;
  }
  for (const k in bo) if (!ignored.has(k) && bo[k] !== undefined) count--;
  return count === 0;
}

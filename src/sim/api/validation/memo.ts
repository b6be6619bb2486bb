/**
 * Validation of frozen parts, remembered. Objects in the store are frozen and the pods made from
 * one template share their resources, ports, probes and tolerations, so at 150,000 pods the same
 * frozen object is validated again and again. A validator whose verdict depends only on the object
 * (not on where it sits) can remember "valid" per object; invalid objects are re-checked each time
 * so their errors carry the right field paths.
 */
import type { FieldError } from '../fielderrors';

export function memoValid<T, A extends unknown[]>(validate: (obj: T, path: string, ...rest: A) => FieldError[]): (obj: T, path: string, ...rest: A) => FieldError[] {
  const valid = new WeakSet<object>();
  return (obj, path, ...rest) => {
    const key = typeof obj === 'object' && obj !== null ? (obj as object) : null;
    if (key && valid.has(key)) return [];
    const errs = validate(obj, path, ...rest);
    if (key && !errs.length && Object.isFrozen(key)) valid.add(key);
    return errs;
  };
}

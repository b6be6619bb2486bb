/**
 * Per-kind validation, keyed by resource. Each validator returns every field error it finds
 * (the API server reports them all at once, in field order).
 */
import type { FieldError } from '../fielderrors';
import type { KObject } from '../types';

export interface KindValidator {
  validate(obj: KObject): FieldError[];
  /** update rules (immutable fields) plus `validate`; defaults to `validate` */
  validateUpdate?(obj: KObject, old: KObject): FieldError[];
}

export const validators: Record<string, KindValidator> = {};

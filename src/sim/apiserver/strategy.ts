/**
 * Per-kind rules of the API server (the `rest.RESTCreateStrategy` family): what defaults apply,
 * what validates, which fields a write may touch, whether `.spec` changes bump generation.
 */
import type { FieldError } from '../api/fielderrors';
import type { KObject } from '../api/types';
import type { Random } from '../random';
import type { Store } from '../store/store';

export interface Strategy {
  /** metadata.generation is kept and bumped on spec changes */
  tracksGeneration: boolean;
  /** has a status subresource: main writes keep the old status, /status writes keep the rest */
  hasStatus: boolean;
  /** fill defaults, copy-on-write (return the same object when nothing changes) */
  defaults?(obj: KObject): KObject;
  /** reset server-owned parts on create (e.g. clear status) */
  prepareForCreate?(obj: KObject): KObject;
  validate?(obj: KObject): FieldError[];
  validateUpdate?(obj: KObject, old: KObject): FieldError[];
  /**
   * The grace period a delete gets (`CheckGracefulDelete`): what the request asked for, else
   * the object's default; the strategy may override both (an unscheduled pod goes at once).
   */
  gracePeriodSeconds?(obj: KObject, requested: number | undefined): number;
  /**
   * Storage work that needs the cluster's state (Service ClusterIP/NodePort allocation, the
   * DefaultIngressClass plugin): runs with admission, after defaulting and before validation.
   */
  admit?(obj: KObject, ctx: { store: Store; random: Random }, op: 'create' | 'update', old?: KObject): KObject;
}

/** The options and results of the API server's verbs, shared by its clients. */
import type { ApiError } from '../api/errors';
import type { KObject } from '../api/types';
import type { WatchEventType } from '../store/store';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ListResult<T = KObject> {
  items: T[];
  resourceVersion: string;
}

export interface WriteOptions {
  dryRun?: boolean;
  /** the request targets a subresource: 'status' */
  subresource?: 'status';
  /**
   * Internal writers only (the event recorder): the caller hands over a fresh, unfrozen object
   * built as one literal with every field it will have — metadata's uid, creationTimestamp and
   * resourceVersion as '' placeholders — and the server completes it in place. A copy made by
   * spreading keeps only four fields inside the object and the rest in a separate array: ~160
   * bytes more per Event, and a large cluster holds hundreds of thousands of Events.
   */
  adopt?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface WatchOptions extends ListOptions {
  namespace?: string;
  /** resume after this revision; omitted or '0' → synthetic ADDED events for what exists now */
  resourceVersion?: string;
}

export interface WatchEvent {
  type: WatchEventType | 'ERROR';
  object: KObject;
}

export interface Watch {
  stop(): void;
}

/** Hooks other parts of the cluster provide (the kubelet serves logs; PDBs guard evictions). */
export interface ApiServerHooks {
  logs?(namespace: string, pod: KObject, opts: LogOptions): string;
  /** returns an error to refuse an eviction (a PodDisruptionBudget would be violated) */
  checkEviction?(pod: KObject): ApiError | null;
}

export interface LogOptions {
  container?: string;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
}

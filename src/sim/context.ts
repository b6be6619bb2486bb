/**
 * What a component of the cluster gets to work with. Reads go to the store directly — it plays
 * the part of the shared informer caches — while every write goes through an API client.
 */
import type { ApiClient } from './apiserver/client';
import type { Clock } from './clock';
import type { EventRecorder } from './events/recorder';
import type { Infra } from './infra/machines';
import type { Random } from './random';
import type { Store } from './store/store';

export interface ClusterContext {
  readonly clock: Clock;
  readonly random: Random;
  /** read-only: the informer cache every component shares */
  readonly store: Store;
  readonly infra: Infra;
  /** an API client with this user agent */
  client(userAgent: string): ApiClient;
  /** an event recorder writing with `component` as source (and `host` for kubelets) */
  recorder(component: string, host?: string): EventRecorder;
  /** absolute milliseconds of the simulated now */
  nowMs(): number;
  /** a component threw while working: record it, keep the rest running */
  reportFault(component: string, error: unknown): void;
}

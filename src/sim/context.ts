/**
 * What a component of the cluster gets to work with. Reads go to the store directly — it plays
 * the part of the shared informer caches — while every write goes through an API client.
 */
import type { ApiClient } from './apiserver/client';
import type { Clock } from './clock';
import type { KObject } from './api/types';
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
  /**
   * A component threw while working: record it, show it as a Warning Event (on `where.object`,
   * else on the component's static pod in kube-system), keep the rest running. The caller
   * retries the work with back-off.
   */
  reportFault(component: string, error: unknown, where?: FaultWhere): void;
}

/** Where a fault happened: the object being worked on, and the work-queue key. */
export interface FaultWhere {
  object?: KObject;
  key?: string;
  /** the Event reason when the real component has its own (`FailedScheduling`); default `FailedSync` */
  reason?: string;
}

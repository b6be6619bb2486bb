/**
 * The shape of every controller (kubernetes/sample-controller): watch → work queue of keys →
 * `reconcile(key)`, level-triggered and idempotent. A reconcile that throws is retried with
 * back-off; while the API server is unreachable keys wait and retry every second.
 */
import { ConnectionRefusedError } from '../api/errors';
import type { KObject } from '../api/types';
import type { ApiClient } from '../apiserver/client';
import type { Component } from '../component';
import type { ClusterContext } from '../context';
import type { EventRecorder } from '../events/recorder';
import { WorkQueue, type WorkQueueState } from './workqueue';

export abstract class Controller implements Component {
  readonly process: string = 'kube-controller-manager';
  protected readonly queue: WorkQueue;
  protected readonly client: ApiClient;
  protected readonly recorder: EventRecorder;

  constructor(
    readonly name: string,
    protected readonly ctx: ClusterContext,
    /** the event source, when it differs from `name` (`replicaset-controller`) */
    eventSource: string = name,
  ) {
    this.queue = new WorkQueue(ctx.clock, `controller:${name}`);
    this.client = ctx.client(`kube-controller-manager/${name}`);
    this.recorder = ctx.recorder(eventSource);
  }

  /** Bring the object named by `key` to its desired state. Throw to retry with back-off. */
  protected abstract reconcile(key: string): void;

  /** Every key this controller is responsible for (used after a restart). */
  protected abstract allKeys(): Iterable<string>;

  process_(): boolean {
    let did = false;
    for (let key = this.queue.pop(); key !== undefined; key = this.queue.pop()) {
      did = true;
      try {
        this.reconcile(key);
        this.queue.forget(key);
      } catch (e) {
        if (e instanceof ConnectionRefusedError) this.queue.addAfter(key, 1000);
        else if (e instanceof RequeueError) this.queue.addRateLimited(key);
        else {
          // a bug, contained: a Warning Event, and the key retried 5 ms, 10 ms, 20 ms… later
          this.ctx.reportFault(this.name, e, { key, object: this.faultObject(key) });
          this.queue.addRateLimited(key);
        }
      }
    }
    return did;
  }

  resync(): void {
    for (const key of this.allKeys()) this.queue.add(key);
  }

  snapshot(): unknown {
    return { queue: this.queue.state(), ...this.extraState() };
  }

  restore(state: unknown): void {
    const s = state as { queue: WorkQueueState };
    this.queue.restore(s.queue);
    this.restoreExtra(s);
  }

  /**
   * The object a failing `reconcile(key)` was about, for the fault's Event (default: none — the
   * Event goes to the controller-manager's static pod in kube-system, naming the key).
   */
  protected faultObject(_key: string): KObject | undefined {
    return undefined;
  }

  /** Controllers with state outside the store override these two. */
  protected extraState(): Record<string, unknown> {
    return {};
  }
  protected restoreExtra(_s: Record<string, unknown>): void {}
}

/**
 * Thrown by a reconcile that met an expected failure (an API error it already reported as an
 * event or condition): the key is retried with back-off, and no fault is recorded.
 */
export class RequeueError extends Error {}

/** `namespace/name` keys, as client-go's MetaNamespaceKeyFunc makes them. */
export function keyOf(o: { metadata?: { namespace?: string; name?: string } }): string {
  const md = o.metadata ?? {};
  return md.namespace ? `${md.namespace}/${md.name}` : (md.name ?? '');
}

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}

/**
 * Events live for one hour (kube-apiserver `--event-ttl`, an etcd lease per Event). Once a
 * minute this sweeps the ones whose last occurrence is older than that.
 */
import type { Component } from '../component';
import type { ClusterContext } from '../context';
import { parseTime } from '../util/time';

export const EVENT_TTL_MS = 60 * 60 * 1000;
const SWEEP_MS = 60 * 1000;

export class EventTTL implements Component {
  readonly name = 'event-ttl';
  readonly process = 'etcd';
  private armed = false;

  constructor(private readonly ctx: ClusterContext) {
    ctx.clock.register('event-ttl', () => {
      this.armed = false;
      this.sweep();
    });
  }

  process_(): boolean {
    if (!this.armed) {
      this.armed = true;
      this.ctx.clock.after(SWEEP_MS, 'event-ttl', 'sweep');
    }
    return false;
  }

  private sweep(): void {
    const cutoff = this.ctx.nowMs() - EVENT_TTL_MS;
    const client = this.ctx.client('etcd');
    for (const ev of this.ctx.store.list('events')) {
      const last = parseTime((ev.lastTimestamp as string) ?? ev.metadata?.creationTimestamp);
      if (last < cutoff) {
        try {
          client.delete('events', ev.metadata?.namespace, ev.metadata?.name ?? '');
        } catch {
          // already gone
        }
      }
    }
  }

  snapshot(): unknown {
    return { armed: this.armed };
  }

  restore(s: unknown): void {
    this.armed = (s as { armed: boolean }).armed;
  }
}

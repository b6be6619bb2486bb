/**
 * Per-frame signals that must not go through the store (they would re-render on every frame):
 * API requests by process and writes to etcd, and sampled traffic. Components subscribe and
 * animate through refs. sync.ts publishes once per animation frame.
 */
import type { RequestDelta, TrafficSample } from '../../worker/protocol';

type Fn<T> = (v: T) => void;

function channel<T>() {
  const fns = new Set<Fn<T>>();
  return {
    publish(v: T): void {
      for (const fn of fns) fn(v);
    },
    subscribe(fn: Fn<T>): () => void {
      fns.add(fn);
      return () => fns.delete(fn);
    },
  };
}

export const requests = channel<RequestDelta>();
export const traffic = channel<TrafficSample[]>();

/** Adds one delta into another (several worker patches can land in one frame). */
export function addDelta(into: RequestDelta | null, d: RequestDelta): RequestDelta {
  const out = into ?? { byAgent: {}, writes: 0 };
  for (const k in d.byAgent) out.byAgent[k] = (out.byAgent[k] ?? 0) + d.byAgent[k];
  out.writes += d.writes;
  return out;
}

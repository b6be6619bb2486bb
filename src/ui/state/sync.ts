/**
 * Feeds the store from the worker stream. Messages arrive up to once per worker frame; the
 * store is updated at most once per animation frame with everything squashed together, so a
 * burst of changes costs one render, and a hidden tab holds one merged patch, not a queue.
 */
import type { SimClient } from '../../worker/client';
import type { FromWorker, RequestDelta, SnapshotMessage, TrafficSample } from '../../worker/protocol';
import { addDelta, requests, traffic } from './pulse';
import { applyPatch, fromSnapshot, mergePatch, type MergedPatch } from './mirror';
import { appStore } from './store';

export function attach(client: SimClient): () => void {
  let snapshot: SnapshotMessage | null = null;
  let patch: MergedPatch | null = null;
  let frame = 0;
  let delta: RequestDelta | null = null;
  let samples: TrafficSample[] = [];

  const apply = () => {
    frame = 0;
    const s = snapshot;
    const p = patch;
    snapshot = null;
    patch = null;
    const d = delta;
    const t = samples;
    delta = null;
    samples = [];
    if (d) requests.publish(d);
    if (t.length) traffic.publish(t);
    if (!s && !p) return;
    appStore.setState((state) => {
      let next = state;
      if (s) next = { ...next, ...fromSnapshot(s) };
      if (p) next = { ...next, ...applyPatch(next, p) };
      return next;
    });
  };

  const onMessage = (msg: FromWorker) => {
    if (msg.type === 'snapshot') {
      performance.mark('playground:snapshot');
      snapshot = msg;
      patch = null; // the snapshot already holds everything before it
    } else if (msg.type === 'patch') {
      if (msg.stats) delta = addDelta(delta, msg.stats);
      if (msg.traffic) samples = samples.concat(msg.traffic).slice(-48);
      patch = mergePatch(patch, msg);
    } else if (msg.type === 'notice') {
      if (msg.level === 'error') appStore.setState({ notice: msg.message });
      return;
    } else return;
    if (!frame) frame = requestAnimationFrame(apply);
  };

  const stop = client.listen(onMessage);
  return () => {
    stop();
    if (frame) cancelAnimationFrame(frame);
  };
}

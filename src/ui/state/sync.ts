/**
 * Feeds the store from the worker stream. Messages arrive up to once per worker frame; the
 * store is updated in an animation frame with everything squashed together, at most ~20 times
 * a second (fewer while frames are being dropped: `pacer.ts`), so a burst of changes costs one
 * render, and a hidden tab holds one merged patch, not a queue. The pods table is updated in
 * place (the store owns it; see `applyPatch`).
 *
 * Events are held back and applied at most every EVENTS_EVERY_MS: under churn a dozen arrive
 * per frame, and each batch re-lays out the events table (long messages, text shaping) — the
 * most expensive thing a frame could do, for a list read at the pace of its "LAST SEEN"
 * seconds. A quiet cluster's event still shows at once (the leading edge is not delayed).
 */
import type { SimClient } from '../../worker/client';
import type { FromWorker, RequestDelta, SnapshotMessage, TrafficSample } from '../../worker/protocol';
import { addDelta, requests, traffic } from './pulse';
import { applyPatch, fromSnapshot, holdBack, mergePatch, release, type MergedPatch } from './mirror';
import { createPacer } from './pacer';
import { appStore } from './store';

export const EVENTS_EVERY_MS = 250;

export function attach(client: SimClient): () => void {
  let snapshot: SnapshotMessage | null = null;
  let patch: MergedPatch | null = null;
  let held: MergedPatch | null = null;
  let lastEvents = -Infinity;
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  let delta: RequestDelta | null = null;
  let samples: TrafficSample[] = [];

  const request = () => {
    if (!frame) frame = requestAnimationFrame(apply);
  };

  const pacer = createPacer();

  const apply = (at: number) => {
    frame = 0;
    if (!pacer.due(at) && !snapshot) {
      request(); // a later frame (see pacer.ts)
      return;
    }
    const s = snapshot;
    let p = patch;
    snapshot = null;
    patch = null;
    const d = delta;
    const t = samples;
    delta = null;
    samples = [];
    if (d) requests.publish(d);
    if (t.length) traffic.publish(t);
    if (p) held = holdBack(p, 'events/', held);
    if (held) {
      const now = performance.now();
      if (now - lastEvents >= EVENTS_EVERY_MS) {
        p = release(held, p, appStore.getState().seq);
        held = null;
        lastEvents = now;
      } else if (!timer) {
        timer = setTimeout(() => {
          timer = 0;
          request();
        }, EVENTS_EVERY_MS - (now - lastEvents));
      }
    }
    if (!s && !p) return;
    appStore.setState((state) => {
      let next = state;
      if (s) next = { ...next, ...fromSnapshot(s) };
      // the store owns its state: the pods table is updated in place (see applyPatch)
      if (p) next = { ...next, ...applyPatch(next, p, true) };
      return next;
    });
  };

  const onMessage = (msg: FromWorker) => {
    if (msg.type === 'snapshot') {
      performance.mark('playground:snapshot');
      snapshot = msg;
      patch = null; // the snapshot already holds everything before it
      held = null;
    } else if (msg.type === 'patch') {
      if (msg.stats) delta = addDelta(delta, msg.stats);
      if (msg.traffic) samples = samples.concat(msg.traffic).slice(-48);
      patch = mergePatch(patch, msg);
    } else if (msg.type === 'notice') {
      if (msg.level === 'error') appStore.setState({ notice: msg.message });
      return;
    } else return;
    request();
  };

  const stop = client.listen(onMessage);
  return () => {
    stop();
    if (frame) cancelAnimationFrame(frame);
    if (timer) clearTimeout(timer);
  };
}

/**
 * How often the store may change: a store update costs a render, style, layout and paint
 * whatever its size, and under churn a patch arrives every frame. At most ~20 updates a second
 * (every third frame at 60 Hz: at 30 the canvas missed twice as many frames under churn); when frames are being dropped (the page, or the machine, is
 * struggling) the pace backs off towards 10 a second and comes back as frames arrive on time.
 * Frames in between only composite: chip, bar and pulse animations run on the compositor, so
 * motion stays smooth while data changes faster than anyone reads it. Pure (times in, verdicts
 * out) so it can be tested without a browser.
 */
export const MIN_APPLY_MS = 50;
export const MAX_APPLY_MS = 100;
/** a gap between frames this long means frames were dropped */
const DROPPED_MS = 40;
/** longer than this, the page was simply idle (no messages, no frames requested) */
const IDLE_MS = 250;
/** rAF timestamps jitter: a frame that starts a little early still counts */
const SLACK_MS = 6;

export interface Pacer {
  /** called once per animation frame that has something to apply: apply now? */
  due(at: number): boolean;
  /** the current minimum interval between updates (ms) */
  interval(): number;
}

export function createPacer(): Pacer {
  let interval = MIN_APPLY_MS;
  let prevFrame = -Infinity;
  let lastApply = -Infinity;
  return {
    due(at) {
      const gap = at - prevFrame;
      prevFrame = at;
      if (gap < IDLE_MS) interval = gap > DROPPED_MS ? Math.min(MAX_APPLY_MS, interval * 2) : Math.max(MIN_APPLY_MS, interval - 4);
      if (at - lastApply < interval - SLACK_MS) return false;
      lastApply = at;
      return true;
    },
    interval: () => interval,
  };
}

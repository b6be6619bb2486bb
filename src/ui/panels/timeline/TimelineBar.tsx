/**
 * The timeline under the canvas: the simulated clock as a track from the cluster's start to the
 * furthest moment played, markers for notable moments (the learner's actions, nodes going
 * NotReady/Ready, evictions, rollouts) with tooltips, drag or arrow keys to scrub (the canvas
 * shows the cluster as it was), "Live" to go back to the newest moment, a branch picker once
 * acting in the past made one, and "Compare…" (lazily loaded).
 */
import { lazy, memo, Suspense, useCallback, useMemo, useRef, type CSSProperties, type KeyboardEvent, type PointerEvent } from 'react';
import { useStore as useZustand } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Marker, MarkerKind } from '../../../worker/protocol';
import { pause, resume } from '../../actions';
import { useStore } from '../../state/hooks';
import { appStore } from '../../state/store';
import { formatT, seekTo, switchBranch, timelineStore, type TimelineState } from './state';
import './timeline.css';

const ComparePanel = lazy(() => import('./ComparePanel'));

function useTimeline<T>(sel: (s: TimelineState) => T): T {
  return useZustand(timelineStore, sel);
}

/** Icon, word and tone of each kind of marker (colour is never the only signal). */
export const MARKER_LOOK: Record<MarkerKind, { icon: string; word: string; tone: string }> = {
  action: { icon: '▲', word: 'You', tone: 'action' },
  'node-not-ready': { icon: '⚠', word: 'Node NotReady', tone: 'failed' },
  'node-ready': { icon: '✓', word: 'Node Ready', tone: 'ok' },
  'pod-evicted': { icon: '⤴', word: 'Evicted', tone: 'terminating' },
  'rollout-started': { icon: '↻', word: 'Rollout', tone: 'progress' },
  'rollout-finished': { icon: '✔', word: 'Rolled out', tone: 'ok' },
  'rollout-stuck': { icon: '✖', word: 'Rollout stuck', tone: 'failed' },
};

const STEP_MS = 5000;

// memo, and placed by CSS (`--t` over the track's `--end`): live, the end moves with the clock,
// and a pin whose props held the end re-rendered, all 400 of them, at every clock step
const MarkerPin = memo(function MarkerPin({ m }: { m: Marker }) {
  const look = MARKER_LOOK[m.kind];
  const label = `${formatT(m.t)} ${look.word}: ${m.text}`;
  return (
    <button
      type="button"
      className={`tl-marker tone-${look.tone}`}
      style={{ '--t': m.t } as CSSProperties}
      title={label}
      aria-label={`Go to ${label}`}
      data-testid={`timeline.marker.${m.kind}`}
      data-t={m.t}
      tabIndex={-1}
      onPointerDown={(e) => e.stopPropagation()}
      onClick={() => seekTo(m.t)}
    >
      <span aria-hidden="true">{look.icon}</span>
    </button>
  );
});

/** Keys that stay with their marker when the capped list drops its oldest. */
function markerKeys(markers: Marker[]): string[] {
  const seen = new Map<string, number>();
  return markers.map((m) => {
    const base = `${m.t}-${m.kind}-${m.text}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n ? `${base}#${n}` : base;
  });
}

/** Real ms between redraws of a running bar: its track, labels and pins move a pixel at most. */
const LIVE_REDRAW_MS = 200;

/**
 * Time as the bar shows it: while the clock runs, in steps of ~LIVE_REDRAW_MS of real time (at
 * 10× the store moves 30 times a second, and each move re-laid out and repainted the track,
 * its pins and labels — half of what a frame cost under churn); exact while paused.
 */
function barTime(t: number, clock: { speed: number; paused: boolean }): number {
  if (clock.paused) return t;
  const step = Math.max(1000, clock.speed * LIVE_REDRAW_MS);
  return Math.floor(t / step) * step;
}

/** The exact end of the branch now (handlers seek to it; the drawing uses `barTime`). */
function exactEnd(): number {
  return Math.max(timelineStore.getState().end, appStore.getState().clock.now);
}

export function TimelineBar() {
  const now = useStore((s) => barTime(s.clock.now, s.clock));
  const paused = useStore((s) => s.clock.paused);
  const live = useStore((s) => s.live);
  const { enabled, viewEnd, branch, branches, markers, scrub, compareOpen } = useTimeline(
    useShallow((s) => ({ enabled: s.enabled, viewEnd: barTime(s.end, appStore.getState().clock), branch: s.branch, branches: s.branches, markers: s.markers, scrub: s.scrub, compareOpen: s.compareOpen })),
  );
  const keys = useMemo(() => markerKeys(markers), [markers]);
  const track = useRef<HTMLDivElement>(null);
  const drag = useRef<{ wasPaused: boolean } | null>(null);
  const end = Math.max(viewEnd, now);
  const shown = scrub ?? now;
  // from the exact values: rounded ones straddling a step would flash "Back to live"
  const inPast = useStore((s) => Math.max(timelineStore.getState().end, s.clock.now) - s.clock.now > 500);

  const tAt = useCallback(
    (clientX: number) => {
      const r = track.current?.getBoundingClientRect();
      if (!r || r.width <= 0) return 0;
      return Math.min(1, Math.max(0, (clientX - r.left) / r.width)) * end;
    },
    [end],
  );

  const onDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { wasPaused: paused };
    // hold the clock while scrubbing: the learner is looking at a moment, not a movie
    if (!paused) void pause();
    const t = tAt(e.clientX);
    timelineStore.setState({ scrub: t });
    seekTo(t);
  };
  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    const t = tAt(e.clientX);
    timelineStore.setState({ scrub: t });
    seekTo(t);
  };
  const onUp = () => {
    const d = drag.current;
    drag.current = null;
    timelineStore.setState({ scrub: null });
    if (d && !d.wasPaused) void resume();
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 60_000 : STEP_MS;
    const exactNow = appStore.getState().clock.now;
    const last = exactEnd();
    const to = e.key === 'ArrowLeft' ? exactNow - step : e.key === 'ArrowRight' ? exactNow + step : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (to === null) return;
    e.preventDefault();
    e.stopPropagation(); // the app's own keys (space, digits) must not see it
    seekTo(Math.min(last, Math.max(0, to)));
  };

  if (!enabled) {
    return (
      <div className="timeline off" data-testid="timeline">
        <span className="muted">Rewind is off during a lesson: the lesson builds its own cluster.</span>
      </div>
    );
  }

  const pct = end > 0 ? (shown / end) * 100 : 100;
  return (
    <div className="timeline" data-testid="timeline" data-now={now} data-end={end} data-branch={branch} aria-label="Timeline">
      <span className="tl-label mono" data-testid="timeline.position">
        {formatT(shown)}
      </span>
      <div
        ref={track}
        className={`tl-track${inPast ? ' past' : ''}`}
        role="slider"
        tabIndex={0}
        aria-label="Simulated time: drag or use the arrow keys to rewind (Shift: one minute)"
        aria-valuemin={0}
        aria-valuemax={Math.round(end)}
        aria-valuenow={Math.round(shown)}
        aria-valuetext={`${formatT(shown)} of ${formatT(end)}`}
        data-testid="timeline.track"
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
        onKeyDown={onKey}
        style={{ '--end': Math.max(1, end) } as CSSProperties}
      >
        <div className="tl-rail" />
        <div className="tl-fill" style={{ width: `${pct}%` }} />
        {live && markers.map((m, i) => <MarkerPin key={keys[i]} m={m} />)}
        <div className="tl-thumb" style={{ left: `${pct}%` }} />
      </div>
      <span className="tl-label mono muted" title="the furthest moment played on this branch">
        {formatT(end)}
      </span>
      {inPast ? (
        <button type="button" className="btn tl-live" data-testid="timeline.live" title="Back to the newest moment of this branch" onClick={() => seekTo(exactEnd())}>
          Back to live
        </button>
      ) : (
        <span className="tl-now" aria-hidden="true">
          ● live
        </span>
      )}
      {branches.length > 1 && (
        <label className="tl-branch">
          <span className="muted">Branch</span>
          <select data-testid="timeline.branch" value={branch} onChange={(e) => switchBranch(Number(e.target.value))}>
            {branches.map((b) => (
              <option key={b.id} value={b.id}>
                {b.id === 0 ? 'original' : `#${b.id}, from ${formatT(b.forkT ?? 0)}`} (to {formatT(b.end)})
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="btn" data-testid="timeline.compare" aria-haspopup="dialog" onClick={() => timelineStore.setState({ compareOpen: true })}>
        Compare…
      </button>
      {inPast && (
        <span className="tl-hint" role="status">
          In the past: acting here starts a new branch
        </span>
      )}
      {compareOpen && (
        <Suspense fallback={null}>
          <ComparePanel onClose={() => timelineStore.setState({ compareOpen: false })} />
        </Suspense>
      )}
    </div>
  );
}

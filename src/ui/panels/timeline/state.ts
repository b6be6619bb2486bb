/**
 * The timeline's page state: the scrubber's extent, branches and markers (from the worker's
 * `timeline` views on snapshots and patches), the autosave's time, and the crash-recovery
 * banner. A vanilla store like the app's, fed at boot (main.tsx) before React loads.
 *
 * Seeks are throttled here: at most one is in flight; while it runs, only the newest target
 * waits (a drag sends as many seeks as the worker can answer, never a queue of stale ones).
 */
import { createStore } from 'zustand/vanilla';
import type { SimClient } from '../../../worker/client';
import type { AutosaveResult, BranchInfo, Marker, TimelineView } from '../../../worker/protocol';
import { send } from '../../actions';

export interface Recovery {
  state: 'restarting' | 'recovered';
  text: string;
}

export interface TimelineState {
  enabled: boolean;
  /** virtual ms: how far the current branch was played (the page shows max(end, now)) */
  end: number;
  branch: number;
  branches: BranchInfo[];
  markers: Marker[];
  /** wall-clock ISO time of the last autosave, and whether IndexedDB kept it */
  saved: { at: string; stored: boolean; error?: string } | null;
  recovery: Recovery | null;
  /** the position being dragged to (shown at once, before the worker has caught up) */
  scrub: number | null;
  compareOpen: boolean;
}

export const timelineStore = createStore<TimelineState>()(() => ({
  enabled: true,
  end: 0,
  branch: 0,
  branches: [],
  markers: [],
  saved: null,
  recovery: null,
  scrub: null,
  compareOpen: false,
}));

export function applyView(v: TimelineView): void {
  timelineStore.setState((s) => ({
    enabled: v.enabled,
    end: v.end,
    branch: v.branch,
    branches: v.branches,
    markers: v.markers ?? s.markers,
  }));
}

/** Feeds the store from the worker stream (every snapshot and patch may carry a view). */
export function attachTimeline(client: SimClient): () => void {
  return client.listen((msg) => {
    if ((msg.type === 'snapshot' || msg.type === 'patch') && msg.timeline) applyView(msg.timeline);
  });
}

export function setSaved(r: AutosaveResult): void {
  timelineStore.setState({ saved: { at: r.savedAt, stored: r.stored, error: r.error } });
}

export function setRecovery(recovery: Recovery | null): void {
  timelineStore.setState({ recovery });
}

// ---- seeking ----------------------------------------------------------------------------

let inFlight = false;
let wanted: number | null = null;

/** Moves the cluster to virtual time `t` (throttled: the newest target wins). */
export function seekTo(t: number): void {
  wanted = Math.max(0, Math.round(t));
  if (inFlight) return;
  const next = wanted;
  wanted = null;
  inFlight = true;
  send<TimelineView>({ op: 'seek', t: next })
    .then(applyView, () => undefined)
    .finally(() => {
      inFlight = false;
      if (wanted !== null) seekTo(wanted);
    });
}

export function switchBranch(id: number): void {
  send<TimelineView>({ op: 'switchBranch', id }).then(applyView, () => undefined);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `+h:mm:ss` of virtual time since the cluster started (as the top bar's elapsed clock). */
export function formatT(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `+${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

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
import { appStore } from '../../state/store';

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

// A streamed view is applied with the store update that carries its patch (sync.ts squashes
// patches and applies them in an animation frame, ~30 a second): under churn every worker
// message carries a view (the branch's end moves with the clock, each command adds a marker),
// and applying each as it arrived re-rendered the bar several times per frame — and ran ahead
// of the clock the bar reads from the store, so "Back to live" flickered on while live.
let pending: { seq: number; view: TimelineView } | null = null;

/** Keeps the old array when the new one says the same (the worker's copy is always new). */
function sameBranches(a: BranchInfo[], b: BranchInfo[]): boolean {
  return a.length === b.length && a.every((x, i) => x.id === b[i].id && x.parent === b[i].parent && x.forkT === b[i].forkT && x.end === b[i].end && x.inputs === b[i].inputs && x.current === b[i].current);
}

function sameMarkers(a: Marker[], b: Marker[]): boolean {
  return a.length === b.length && a.every((x, i) => x.t === b[i].t && x.kind === b[i].kind && x.text === b[i].text);
}

/** Applies a view at once (a snapshot's, a seek's or a branch switch's answer). */
export function applyView(v: TimelineView): void {
  // anything streamed before this answer is older than it
  pending = null;
  timelineStore.setState((s) => ({
    enabled: v.enabled,
    end: v.end,
    branch: v.branch,
    branches: sameBranches(s.branches, v.branches) ? s.branches : v.branches,
    markers: v.markers && !sameMarkers(s.markers, v.markers) ? reuseMarkers(s.markers, v.markers) : s.markers,
  }));
}

/** The new list, with the old objects of markers it still holds (their pins need no render). */
function reuseMarkers(old: Marker[], next: Marker[]): Marker[] {
  const byKey = new Map(old.map((m) => [`${m.t}|${m.kind}|${m.text}`, m]));
  return next.map((m) => byKey.get(`${m.t}|${m.kind}|${m.text}`) ?? m);
}

function queueView(seq: number, v: TimelineView): void {
  // a view without markers means "unchanged since the last one sent": keep a pending list
  pending = { seq, view: { ...v, markers: v.markers ?? pending?.view.markers } };
}

/** Feeds the store from the worker stream (every snapshot and patch may carry a view). */
export function attachTimeline(client: SimClient): () => void {
  const stopStore = appStore.subscribe((s) => {
    if (pending && s.seq >= pending.seq) applyView(pending.view);
  });
  const stopClient = client.listen((msg) => {
    if (msg.type === 'snapshot' && msg.timeline) applyView(msg.timeline);
    else if (msg.type === 'patch' && msg.timeline) queueView(msg.seq, msg.timeline);
  });
  return () => {
    stopStore();
    stopClient();
  };
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

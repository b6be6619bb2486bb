/**
 * The timeline's keyframes: cluster snapshots taken every N simulated seconds, kept as JSON text
 * (one byte per character, and a restore parses a fresh copy anyway). Memory stays bounded: the
 * recent past is kept dense, the older past thinned to one keyframe per `coarseMs`, and a cap on
 * count and bytes drops the oldest. Nothing is lost by dropping: any instant can be rebuilt from
 * an older keyframe (or from the seed) by replaying the input log — only slower.
 */
import type { KubectlShell } from '../kubectl';

/** What the terminal session holds outside the cluster and a restore must bring back. */
export interface ShellState {
  namespace: string;
  /** the session's timer counter: a dead timer left in the clock must not hit a new run's id */
  nextTimer: number;
}

export function shellState(shell: KubectlShell): ShellState {
  return shell.sessionState();
}

export function restoreShell(shell: KubectlShell, s: ShellState): void {
  shell.restoreSession(s);
}

export interface Keyframe {
  /** virtual ms */
  t: number;
  /** inputs of the branch already applied (the next one to replay) */
  index: number;
  json: string;
  shell: ShellState;
}

export interface KeyframePolicy {
  /** keep every keyframe this recent (virtual ms behind the newest; default 10 min) */
  recentMs: number;
  /** older keyframes: at most one per this many virtual ms (default 5 min) */
  coarseMs: number;
  /** most keyframes per branch (default 60) */
  maxPerBranch: number;
  /** most bytes of keyframe text over all branches (default 64 MiB) */
  maxBytes: number;
}

export const DEFAULT_POLICY: KeyframePolicy = { recentMs: 600_000, coarseMs: 300_000, maxPerBranch: 60, maxBytes: 64 * 1024 * 1024 };

/** The latest keyframe at or before `t` (the list is sorted by t). */
export function latestAtOrBefore(frames: readonly Keyframe[], t: number, maxIndex = Infinity): Keyframe | undefined {
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i].t <= t && frames[i].index <= maxIndex) return frames[i];
  return undefined;
}

/** Inserts a keyframe in time order, then thins the list by the policy. */
export function addKeyframe(frames: Keyframe[], k: Keyframe, policy: KeyframePolicy): void {
  let i = frames.length;
  while (i > 0 && frames[i - 1].t > k.t) i--;
  if (i > 0 && frames[i - 1].t === k.t && frames[i - 1].index === k.index) return; // already kept
  frames.splice(i, 0, k);
  thin(frames, policy);
}

function thin(frames: Keyframe[], policy: KeyframePolicy): void {
  const newest = frames[frames.length - 1]?.t ?? 0;
  const kept: Keyframe[] = [];
  let lastKept = -Infinity;
  for (const f of frames) {
    if (f.t >= newest - policy.recentMs || f.t - lastKept >= policy.coarseMs) {
      kept.push(f);
      lastKept = f.t;
    }
  }
  while (kept.length > policy.maxPerBranch) kept.shift();
  frames.splice(0, frames.length, ...kept);
}

/** Bytes of distinct keyframes over all lists (branches share their common past). */
export function keyframeBytes(lists: Iterable<readonly Keyframe[]>): number {
  const seen = new Set<Keyframe>();
  let bytes = 0;
  for (const l of lists)
    for (const f of l)
      if (!seen.has(f)) {
        seen.add(f);
        bytes += f.json.length;
      }
  return bytes;
}

/**
 * The host's side of the timeline (timeline/): how a worker's playground is first opened (a
 * share link, a save text, the autosave, or fresh), how dense keyframes are, what the scrubber
 * is sent (markers without the noise of read-only requests), and the save-file calls. Kept out
 * of host.ts so the host stays about time and the wire; environment-free (tested in Node).
 */
import { exportYaml } from '../kubectl/export';
import type { AutosaveResult, InitMessage, Marker, TimelineView } from './protocol';
import { describeInput, isReadOnly, type Input } from './timeline/input';
import { openSave, parseSave, saveDocumentText } from './timeline/save';
import { decodeShare, encodeTimeline, openShare } from './timeline/share';
import { AUTOSAVE, type SaveStorage } from './timeline/storage';
import { Timeline, type PlaygroundOptions } from './timeline/timeline';

/** Machines above which keyframes are sparse (a snapshot of 200 nodes costs ~30 ms). */
export const BIG_CLUSTER = 200;
/** Machines above which there are no keyframes and no autosave (snapshots of many MB). */
export const HUGE_CLUSTER = 1000;
/** Markers sent to the page at most (the newest): a strip cannot show more. */
export const MAX_MARKERS = 400;

/**
 * Virtual ms between keyframes. At 300× a 30 s interval would snapshot every 100 ms of real
 * time; a snapshot is worth its cost only when it saves more replay than it takes to make.
 */
export function keyframeEvery(speed: number, machines: number): number {
  if (machines > HUGE_CLUSTER) return Infinity;
  const base = machines > BIG_CLUSTER ? 300_000 : 30_000;
  return base * Math.max(1, speed / 60);
}

export interface Opened {
  timeline?: Timeline;
  /** plain sentences for the page (a damaged link, a save that could not be restored) */
  notices: string[];
  /** where it came from, for the page ("link", "save", "autosave") */
  from?: 'link' | 'save' | 'autosave';
}

/**
 * The playground `init` asks for: a share link wins, then a save text (crash recovery), then
 * the autosave. Nothing here throws: a bad link or file becomes a notice, and the caller opens
 * a fresh playground instead.
 */
export async function openInitial(init: Pick<InitMessage, 'share' | 'saveText' | 'resume'>, storage: SaveStorage | undefined): Promise<Opened> {
  const notices: string[] = [];
  if (init.share) {
    try {
      const p = await decodeShare(init.share);
      if (p.ok) return { timeline: openShare(p.value), notices, from: 'link' };
      notices.push(`${p.error} The playground opened without it.`);
    } catch (e) {
      notices.push(`The link could not be opened (${message(e)}). The playground opened without it.`);
    }
  }
  if (init.saveText) {
    const r = openText(init.saveText);
    if (r.timeline) return { timeline: r.timeline, notices: [...notices, ...r.warnings], from: 'save' };
    notices.push(...r.warnings);
  }
  if (init.resume && storage && !init.share) {
    try {
      const text = await storage.read(AUTOSAVE);
      if (text !== undefined) {
        const r = openText(text);
        if (r.timeline) return { timeline: r.timeline, notices: [...notices, ...r.warnings], from: 'autosave' };
        notices.push(`The autosave could not be opened: ${r.warnings.join(' ')} A fresh cluster started instead.`);
      }
    } catch (e) {
      notices.push(`The autosave could not be read (${message(e)}). A fresh cluster started instead.`);
    }
  }
  return { notices };
}

/** Opens a save file's text; `warnings` says why not (or what was rebuilt) in plain words. */
export function openText(text: string): { timeline?: Timeline; warnings: string[] } {
  const doc = parseSave(text);
  if (!doc.ok) return { warnings: [doc.error] };
  try {
    return openSave(doc.value);
  } catch (e) {
    return { warnings: [`The save file could not be opened: ${message(e)}`] };
  }
}

/** A fresh timeline with the same shape of cluster (machines, seed) as `old`. */
export function freshTimeline(old: PlaygroundOptions, epochMs: number): Timeline {
  return new Timeline({ ...old, epochMs });
}

// ---- what the scrubber is sent --------------------------------------------------------------

/** kubectl verbs that only read: a learner's `get` is not a notable moment. */
const READ_VERB = /^\s*kubectl\s+(?:-{1,2}\S+\s+(?:[^-\s]\S*\s+)?)*(get|describe|logs|top|explain|api-resources|api-versions|version|cluster-info|auth|events|diff|wait)\b/;

const SYSTEM_OBJECT = /^(deployments|replicasets|daemonsets|statefulsets)\/(kube-system|ingress-nginx|kube-public|kube-node-lease)\//;

function notable(input: Input): boolean {
  if (input.op === 'requests' || isReadOnly(input)) return false;
  if ((input.op === 'kubectlRun' || input.op === 'kubectlStart') && READ_VERB.test(input.line)) return false;
  return true;
}

/** The current branch's markers: the learner's changes and what the cluster did, in time order. */
export function viewMarkers(tl: Timeline): Marker[] {
  const out: Marker[] = [];
  for (const { t, input } of tl.inputs) if (notable(input)) out.push({ t, kind: 'action', text: describeInput(input) });
  // the add-ons' own rollouts at boot (CoreDNS, ingress-nginx) are not the learner's story
  const derived = (tl.branchData(tl.branchId)?.markers ?? []).filter((m) => !SYSTEM_OBJECT.test(m.object ?? ''));
  const all = [...out, ...derived].sort((a, b) => a.t - b.t);
  return all.length > MAX_MARKERS ? all.slice(all.length - MAX_MARKERS) : all;
}

/** Tracks what the page was last sent, so a patch carries the timeline only when it changed. */
export class TimelineViews {
  private sent = '';
  private sentMarkers = '';

  /** The view, or undefined when nothing the page shows changed (`force`: always). */
  view(tl: Timeline | undefined, force = false): TimelineView | undefined {
    if (!tl) {
      if (!force && this.sent === 'off') return undefined;
      this.sent = 'off';
      return { enabled: false, end: 0, branch: 0, branches: [] };
    }
    const branches = tl.branches();
    const markerKey = `${tl.branchId}|${tl.inputs.length}|${tl.branchData(tl.branchId)?.markers.length ?? 0}`;
    // live, the end moves with the clock: the page reads it from there (end = max(end, now))
    const key = `${tl.end > tl.now ? tl.end : 'live'}|${tl.branchId}|${branches.map((b) => `${b.id}:${b.end}`).join(',')}|${markerKey}`;
    if (!force && key === this.sent) return undefined;
    this.sent = key;
    const v: TimelineView = { enabled: true, end: tl.end, branch: tl.branchId, branches };
    if (force || markerKey !== this.sentMarkers) {
      this.sentMarkers = markerKey;
      v.markers = viewMarkers(tl);
    }
    return v;
  }
}

// ---- save-file calls ------------------------------------------------------------------------

export function saveText(tl: Timeline, savedAt: string, name?: string): string {
  return saveDocumentText(tl, { name, savedAt });
}

export function shareFragment(tl: Timeline): Promise<string> {
  return encodeTimeline(tl);
}

export function yamlFor(tl: { cluster: { store: Parameters<typeof exportYaml>[0]; nowMs(): number } }): string {
  return exportYaml(tl.cluster.store, { nowMs: tl.cluster.nowMs() });
}

/** Writes the autosave; the text comes back only when it could not be stored, so the page holds a copy if the worker dies. */
export async function autosave(tl: Timeline | undefined, storage: SaveStorage | undefined, savedAt: string): Promise<AutosaveResult> {
  if (!tl) return { savedAt, stored: false, error: 'saving is off during a lesson' };
  if (tl.cluster.infra.machines.size > HUGE_CLUSTER) return { savedAt, stored: false, error: `a cluster of more than ${HUGE_CLUSTER} machines is not autosaved` };
  const text = saveText(tl, savedAt, AUTOSAVE);
  if (!storage) return { text, savedAt, stored: false, error: 'this browser has no IndexedDB' };
  try {
    await storage.write({ name: AUTOSAVE, savedAt, size: text.length }, text);
    // stored: a restart reads it back from IndexedDB, so the page need not hold (nor decode,
    // on its main thread) many MB of text every few seconds
    return { savedAt, stored: true };
  } catch (e) {
    return { text, savedAt, stored: false, error: message(e) };
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Rewindable time over a deterministic cluster. Every input from outside goes through `act()` and
 * is logged with its virtual time; `runUntil()` advances (replaying logged inputs of a known
 * future); a keyframe (cluster snapshot) is kept every `snapshotEveryMs`. `seek(t)` restores the
 * latest keyframe ≤ t and replays the log up to t: the result is byte-for-byte the state the
 * cluster had at t, because same seed + same inputs at the same instants → same history.
 *
 * Acting in the past forks a branch: the old future (its inputs, markers, keyframes) is kept and
 * `switchTo()` returns to it. A seek replaces the `Cluster` object (a snapshot restores into a
 * new one): the host re-subscribes through `onReplace`.
 *
 * The terminal's kubectl session (`KubectlShell`) lives here too: its runs are inputs, and its
 * timers sit on the cluster clock. Keyframes are only taken while no run is active, because a
 * streaming run's callbacks cannot be serialised.
 */
import { Cluster, defaultMachines, type ClusterOptions } from '../../sim/cluster';
import type { MachineSpec } from '../../sim/infra/machines';
import { KubectlShell } from '../kubectl';
import { compareStores, type CompareOptions, type Comparison } from './compare';
import { applyInput, describeInput, isReadOnly, type Input, type LoggedInput } from './input';
import { MarkerDeriver, type Marker } from './markers';
import { addKeyframe, DEFAULT_POLICY, keyframeBytes, latestAtOrBefore, restoreShell, shellState, type Keyframe, type KeyframePolicy } from './snapshots';

/** How the playground's cluster was created: all a share link needs besides the inputs. */
export interface PlaygroundOptions {
  seed: number;
  /** absolute ms virtual time 0 stands for */
  epochMs: number;
  /** `n` medium workers (`node-1` … `node-n`) beside the control plane; default three */
  workers?: number;
  /** explicit machines (wins over `workers`) */
  machines?: MachineSpec[];
  historyCapacity?: number;
}

/** Snapshot bytes per widening of the keyframe interval (see `keyframe`). */
const KEYFRAME_STEP_BYTES = 4 * 1024 * 1024;

export interface TimelineOptions {
  /** virtual ms between keyframes (default 30 s) */
  snapshotEveryMs?: number;
  policy?: Partial<KeyframePolicy>;
}

export interface Branch {
  id: number;
  parent?: number;
  /** virtual ms where it left its parent */
  forkT?: number;
  inputs: LoggedInput[];
  /** the furthest virtual time this branch was played to */
  end: number;
  markers: Marker[];
  keyframes: Keyframe[];
}

export interface BranchInfo {
  id: number;
  parent?: number;
  forkT?: number;
  end: number;
  inputs: number;
  current: boolean;
}

export function clusterOptions(o: PlaygroundOptions): ClusterOptions {
  const machines =
    o.machines ?? (o.workers === undefined ? undefined : [defaultMachines()[0], ...Array.from({ length: o.workers }, (_, i) => ({ name: `node-${i + 1}`, cpu: 4, memoryGiB: 8 }))]);
  return { seed: o.seed, epochMs: o.epochMs, machines, historyCapacity: o.historyCapacity };
}

/** A cluster being replayed along a branch: the live one, or a throwaway for `stateAt`. */
interface Run {
  cluster: Cluster;
  shell: KubectlShell;
  /** index of the next input of the branch to apply */
  cursor: number;
}

export class Timeline {
  readonly options: PlaygroundOptions;
  /** keyframe interval asked for (virtual ms), and the one in force after the size rule */
  private baseEvery: number;
  private every: number;
  private readonly policy: KeyframePolicy;
  private run: Run;
  private branch: Branch;
  private readonly all = new Map<number, Branch>();
  private nextBranch = 1;
  private readonly listeners = new Set<(cluster: Cluster, shell: KubectlShell) => void>();
  private readonly deriver = new MarkerDeriver();
  private unsubscribe: (() => void) | undefined;
  /** per branch, the markers it has (a replayed stretch derives them again) */
  private readonly markerKeys = new WeakMap<Branch, Set<string>>();

  constructor(options: PlaygroundOptions, opts: TimelineOptions = {}) {
    this.options = options;
    this.baseEvery = this.every = opts.snapshotEveryMs ?? 30_000;
    this.policy = { ...DEFAULT_POLICY, ...opts.policy };
    this.branch = { id: 0, inputs: [], end: 0, markers: [], keyframes: [] };
    this.all.set(0, this.branch);
    this.run = this.fresh();
    this.install(this.run);
  }

  // ---- the live cluster -------------------------------------------------------------------

  get cluster(): Cluster {
    return this.run.cluster;
  }
  get shell(): KubectlShell {
    return this.run.shell;
  }
  get now(): number {
    return this.run.cluster.clock.now;
  }
  /** The furthest time the current branch was played to (the end of the scrubber). */
  get end(): number {
    return this.branch.end;
  }
  get branchId(): number {
    return this.branch.id;
  }
  /** The current branch's inputs (all of them, including a known future after a seek). */
  get inputs(): readonly LoggedInput[] {
    return this.branch.inputs;
  }
  /** How many of the current branch's inputs are applied (the rest are its known future). */
  get cursor(): number {
    return this.run.cursor;
  }
  get keyframes(): readonly Keyframe[] {
    return this.branch.keyframes;
  }

  /**
   * Changes the keyframe interval from now on (Infinity: none). The host widens it at high
   * speed and for big clusters, where a snapshot costs more than a replay saves.
   */
  setSnapshotEvery(ms: number): void {
    if (ms > 0) this.baseEvery = this.every = ms;
  }

  /** Called with the new cluster and shell after a seek or branch switch replaced them. */
  onReplace(fn: (cluster: Cluster, shell: KubectlShell) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  // ---- input ------------------------------------------------------------------------------

  /**
   * Applies an input now and logs it (even when it throws: a failed request still counts and
   * fails the same way on replay). In the past, a read-only input is answered without a trace;
   * anything else starts a new branch.
   */
  act(input: Input): unknown {
    const run = this.run;
    const inPast = run.cursor < this.branch.inputs.length || this.now < this.branch.end;
    if (inPast && (isReadOnly(input) || input.op === 'kubectlRun')) {
      // ask the past a question: if nothing was written, leave no trace (not even in the counters)
      const c = run.cluster;
      const before = { rev: c.store.revision, writes: c.stats.writes, seq: c.clock.state().seq, stats: JSON.stringify(c.stats) };
      let result: unknown;
      let error: unknown;
      let threw = false;
      try {
        result = applyInput(c, run.shell, input);
      } catch (e) {
        threw = true;
        error = e;
      }
      if (c.store.revision === before.rev && c.stats.writes === before.writes && c.clock.state().seq === before.seq) {
        const s = JSON.parse(before.stats) as typeof c.stats;
        for (const k of Object.keys(c.stats.byAgent)) if (!(k in s.byAgent)) delete c.stats.byAgent[k];
        Object.assign(c.stats.byAgent, s.byAgent);
        c.stats.total = s.total;
        if (threw) throw error;
        return result;
      }
      // it wrote: the past has changed, so this is a new branch
      this.fork();
      this.log(input);
      if (threw) throw error;
      return result;
    }
    if (inPast) this.fork();
    this.log(input);
    return applyInput(run.cluster, run.shell, input);
  }

  /**
   * Runs `fn` (reads only: an inspector's get, a scheduling explanation) and keeps the request
   * counters exact: live, its requests are logged as a `requests` input; in the past, undone.
   */
  observe<T>(fn: (cluster: Cluster) => T): T {
    const c = this.run.cluster;
    const before = { ...c.stats.byAgent };
    const total = c.stats.total;
    try {
      return fn(c);
    } finally {
      const byAgent: Record<string, number> = {};
      for (const [k, n] of Object.entries(c.stats.byAgent)) if (n !== (before[k] ?? 0)) byAgent[k] = n - (before[k] ?? 0);
      if (Object.keys(byAgent).length) {
        // undo, then (live) re-apply as a logged input, so replay adds exactly the same
        for (const k of Object.keys(byAgent)) {
          if (k in before) c.stats.byAgent[k] = before[k];
          else delete c.stats.byAgent[k];
        }
        c.stats.total = total;
        const live = this.run.cursor === this.branch.inputs.length && this.now >= this.branch.end;
        if (live) this.act({ op: 'requests', byAgent });
      }
    }
  }

  private log(input: Input): void {
    const t = this.now;
    this.branch.inputs.push({ t, input });
    this.run.cursor = this.branch.inputs.length;
    this.branch.end = Math.max(this.branch.end, t);
  }

  /** A new branch sharing the current one's past up to now. */
  private fork(): void {
    const old = this.branch;
    const t = this.now;
    const cursor = this.run.cursor;
    const b: Branch = {
      id: this.nextBranch++,
      parent: old.id,
      forkT: t,
      inputs: old.inputs.slice(0, cursor),
      end: t,
      markers: old.markers.filter((m) => m.t <= t),
      keyframes: old.keyframes.filter((k) => k.t <= t && k.index <= cursor),
    };
    this.all.set(b.id, b);
    this.branch = b;
  }

  // ---- time -------------------------------------------------------------------------------

  /** Advances virtual time to `t`, replaying logged inputs of a known future on the way. */
  runUntil(t: number): void {
    this.replay(this.run, this.branch, t, true);
    if (t > this.branch.end) this.branch.end = t;
  }

  runFor(ms: number): void {
    this.runUntil(this.now + ms);
  }

  /** The cluster as it was (or will be, on this branch's known inputs) at virtual time `t`. */
  seek(t: number): void {
    t = Math.max(0, t);
    const frame = latestAtOrBefore(this.branch.keyframes, t);
    if (t >= this.now && (!frame || frame.t <= this.now)) {
      this.runUntil(t); // forward, and no keyframe ahead of us would be quicker
      return;
    }
    this.jump(this.branch, t);
  }

  private jump(branch: Branch, t: number): void {
    const run = this.start(branch, t);
    this.install(run);
    this.replay(run, branch, t, true);
    if (t > branch.end) branch.end = t;
    // terminal output of replayed runs is history, not news
    run.shell.take();
    for (const fn of this.listeners) fn(run.cluster, run.shell);
  }

  /** A run positioned at the latest keyframe ≤ t of the branch (or a fresh cluster). */
  private start(branch: Branch, t: number): Run {
    const frame = latestAtOrBefore(branch.keyframes, t);
    if (!frame) return this.fresh();
    const cluster = Cluster.restore(JSON.parse(frame.json));
    const shell = new KubectlShell(cluster);
    restoreShell(shell, frame.shell);
    return { cluster, shell, cursor: frame.index };
  }

  private fresh(): Run {
    const cluster = Cluster.create(clusterOptions(this.options));
    return { cluster, shell: new KubectlShell(cluster), cursor: 0 };
  }

  /** Plays `run` along `branch` to `t`: inputs at their instants, keyframes at boundaries. */
  private replay(run: Run, branch: Branch, t: number, keyframes: boolean): void {
    const inputs = branch.inputs;
    while (run.cursor < inputs.length && inputs[run.cursor].t <= t) {
      const next = inputs[run.cursor];
      this.advance(run, branch, next.t, keyframes);
      run.cursor++;
      try {
        applyInput(run.cluster, run.shell, next.input);
      } catch {
        // it failed the same way when it was first applied
      }
    }
    this.advance(run, branch, t, keyframes);
  }

  private advance(run: Run, branch: Branch, t: number, keyframes: boolean): void {
    const c = run.cluster;
    if (t <= c.clock.now) return;
    if (keyframes) {
      for (let b = (Math.floor(c.clock.now / this.every) + 1) * this.every; b <= t; b += this.every) {
        c.runUntil(b);
        this.keyframe(run, branch);
      }
    }
    c.runUntil(t);
  }

  private keyframe(run: Run, branch: Branch): void {
    const t = run.cluster.clock.now;
    // a streaming kubectl run holds callbacks no snapshot can carry
    if (run.shell.active.length) return;
    const have = branch.keyframes.find((k) => k.t === t && k.index === run.cursor);
    if (have) return;
    const json = run.cluster.snapshotJSON();
    addKeyframe(branch.keyframes, { t, index: run.cursor, json, shell: shellState(run.shell) }, this.policy);
    // big snapshots (a thousand pods and their Events: ~20 MB) come less often, one more
    // interval per KEYFRAME_STEP_BYTES: their cost would otherwise rival the simulation's own
    this.every = this.baseEvery * Math.max(1, Math.ceil(json.length / KEYFRAME_STEP_BYTES));
    this.enforceBytes();
  }

  /** Over the byte cap: other branches give up their keyframes first, then the oldest here. */
  private enforceBytes(): void {
    const lists = () => [...this.all.values()].map((b) => b.keyframes);
    if (keyframeBytes(lists()) <= this.policy.maxBytes) return;
    for (const b of this.all.values()) {
      if (b === this.branch) continue;
      b.keyframes = [];
      if (keyframeBytes(lists()) <= this.policy.maxBytes) return;
    }
    while (this.branch.keyframes.length > 1 && keyframeBytes(lists()) > this.policy.maxBytes) this.branch.keyframes.shift();
  }

  // ---- branches ---------------------------------------------------------------------------

  branches(): BranchInfo[] {
    return [...this.all.values()].map((b) => ({ id: b.id, parent: b.parent, forkT: b.forkT, end: b.end, inputs: b.inputs.length, current: b === this.branch }));
  }

  /** Goes to another branch, at virtual time `t` (default: the same instant, within its end). */
  switchTo(id: number, t?: number): void {
    const b = this.all.get(id);
    if (!b) throw new Error(`no branch ${id}`);
    const at = Math.max(0, t ?? Math.min(this.now, b.end));
    this.branch = b;
    this.jump(b, at);
  }

  /** A branch's data (for saves). */
  branchData(id: number): Branch | undefined {
    return this.all.get(id);
  }

  /** Rebuilds branches from a save (the current one becomes `current`), positioned at `at`. */
  loadBranches(branches: Branch[], current: number, at: number): void {
    this.all.clear();
    for (const b of branches) this.all.set(b.id, b);
    this.nextBranch = Math.max(0, ...branches.map((b) => b.id)) + 1;
    const b = this.all.get(current);
    if (!b) throw new Error(`no branch ${current}`);
    this.branch = b;
    this.jump(b, at);
  }

  // ---- markers and comparisons -------------------------------------------------------------

  private addMarker(m: Marker): void {
    const b = this.branch;
    let keys = this.markerKeys.get(b);
    if (!keys) this.markerKeys.set(b, (keys = new Set(b.markers.map(markerKey))));
    const k = markerKey(m);
    if (keys.has(k)) return; // a replayed stretch: already known
    keys.add(k);
    b.markers.push(m);
  }

  /** Notable moments of the current branch (learner actions from its log), in time order. */
  markers(): Marker[] {
    const actions: Marker[] = [];
    for (const { t, input } of this.branch.inputs) if (input.op !== 'requests') actions.push({ t, kind: 'action', text: describeInput(input) });
    // stable sort: an action comes before what it caused at the same instant
    return [...actions, ...this.branch.markers].sort((a, b) => a.t - b.t);
  }

  /**
   * A separate cluster as the current branch had it at `t` (the live one is not touched).
   * Keyframes found on the way are kept.
   */
  stateAt(t: number): Cluster {
    if (t === this.now) return this.run.cluster;
    const run = this.start(this.branch, t);
    this.replay(run, this.branch, t, true);
    return run.cluster;
  }

  /** Objects added, removed and changed (field by field) between two moments of this branch. */
  compare(t1: number, t2: number, opts: CompareOptions = {}): Comparison {
    const a = this.stateAt(t1);
    const b = this.stateAt(t2);
    return compareStores(a.store, b.store, t1, t2, opts);
  }

  private install(run: Run): void {
    this.unsubscribe?.();
    this.run = run;
    const cluster = run.cluster;
    this.deriver.reset(cluster.store.list('deployments'));
    this.unsubscribe = cluster.store.subscribe('*', (e) => {
      const m = this.deriver.derive(e, cluster.clock.now);
      if (m) this.addMarker(m);
    });
  }
}

function markerKey(m: Marker): string {
  return `${m.t}|${m.kind}|${m.object ?? ''}|${m.text}`;
}

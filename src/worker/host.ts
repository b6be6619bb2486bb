/**
 * The host of a simulated cluster, free of any environment: it owns a `Cluster`, runs virtual
 * time at the chosen speed, answers requests, and coalesces every watch event into at most one
 * patch per `tick()`. The worker glue (`sim.worker.ts`) only feeds it messages and calls
 * `tick()` on a timer; tests drive it directly in Node with a fake real-time clock.
 *
 * Why coalesce: a Deployment rollout writes dozens of objects per virtual second; the page needs
 * only the latest version of each, once per frame. Bytes on the wire grow with what changed,
 * never with the size of the cluster.
 */
import { ApiError } from '../sim/api/errors';
import type { Event, KObject, Pod } from '../sim/api/types';
import type { Cluster } from '../sim/cluster';
import { defaultMachines } from '../sim/cluster';
import type { MachineSpec } from '../sim/infra/machines';
import { machineView, PendingChanges } from './changes';
import { eventView } from './eventview';
import { podView } from './podview';
import { KubectlShell } from './kubectl';
import { canvasCall, requestDelta, trafficSamples, type StatsMark, type TrafficMark } from './canvascalls';
import { LessonSession, type LessonStatus } from './lessons';
import { lessonCatalog, lessonView } from './lessonview';
import { lessonById } from '../lessons/catalog/index';
import { allSteps } from '../lessons/schema';
import { applyInput, isInputCall, type CallInput, type Input } from './timeline/input';
import { Saves, type SaveStorage } from './timeline/storage';
import { Timeline } from './timeline/timeline';
import { autosave, freshTimeline, keyframeEvery, openText, saveText, shareFragment, TimelineViews, yamlFor } from './timelinecalls';
import {
  checkToWorker,
  MIRRORED_RESOURCES,
  objectKey,
  requestIdOf,
  type Call,
  type ClockView,
  type FromWorker,
  type ObjectKey,
  type PatchMessage,
  type ReplyError,
  type ReplyMessage,
  type SnapshotMessage,
} from './protocol';

export interface HostOptions {
  seed?: number;
  /** absolute ms that virtual time 0 stands for (the worker passes Date.now() at init) */
  epochMs: number;
  post(msg: FromWorker): void;
  /** real milliseconds (performance.now() in the worker, a fake in tests) */
  realNow(): number;
  demo?: boolean;
  speed?: number;
  paused?: boolean;
  /** real ms one tick may spend running the cluster before it lets time slip (default 12) */
  budgetMs?: number;
  /** this many medium workers instead of the default three */
  workers?: number;
  /** events in the first snapshot (the most recent ones) */
  snapshotEvents?: number;
  /** a guided lesson: the cluster is the lesson's (its setup), `replay` finished steps replayed */
  lesson?: { id: string; replay?: number };
  /** the playground to host (opened from a share link, a save, the autosave); default: fresh */
  timeline?: Timeline;
  /** where named saves and the autosave live (IndexedDB in the worker; memory or none in tests) */
  storage?: SaveStorage;
  /** the page's wall clock, for save timestamps only (never the simulation's) */
  wallNow?: () => number;
}

/** The demo Deployment a learner sees on first load (the Kubernetes docs' nginx example). */
export const DEMO_DEPLOYMENT: KObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.27',
            ports: [{ containerPort: 80 }],
            // requests make the node usage bars meaningful; they are what the scheduler counts
            resources: { requests: { cpu: '250m', memory: '128Mi' } },
          },
        ],
      },
    },
  },
};

/** The user agent canvas actions use, as kubectl would name itself. */
export const UI_AGENT = 'kubectl';

/** Longest real gap one tick makes up for: a throttled background tab must not run hours at once. */
const MAX_REAL_GAP_MS = 250;
/** Virtual ms per `runUntil` slice, so the budget is checked often. */
const SLICE_MS = 1000;


/** The control plane and `n` medium workers (`node-1` … `node-n`). */
export function machinesWith(n: number): MachineSpec[] {
  return [defaultMachines()[0], ...Array.from({ length: n }, (_, i) => ({ name: `node-${i + 1}`, cpu: 4, memoryGiB: 8 }))];
}

export class SimHost {
  /**
   * The rewindable timeline that owns the cluster (timeline/): every input from the page is
   * logged through it. Undefined during a lesson: the lesson builds its own cluster from its
   * setup (manifests, actions, warm-up), which no input log reproduces, so rewinding and saving
   * are off there (the lesson resumes by replaying its finished steps instead).
   */
  timeline: Timeline | undefined;
  private lessonCluster: Cluster | undefined;
  private readonly saves: Saves | undefined;
  private readonly views = new TimelineViews();
  private unReplace: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;
  /** page run number → the shell's: shell runs are unique over the timeline's whole log, so a
   * replayed run (after a seek) never collides with a new one, and its output is not news */
  private runToShell = new Map<number, number>();
  private runToPage = new Map<number, number>();
  private nextRun = 1;

  get cluster(): Cluster {
    return this.timeline?.cluster ?? this.lessonCluster!;
  }
  private speed: number;
  private paused: boolean;
  private lastReal: number;
  private seq = 0;
  private started = false;
  private readonly opts: HostOptions;

  // what changed since the last patch
  private readonly changes = new PendingChanges();
  private clockDirty = false;
  private lastSentNow = -1;
  private replies: ReplyMessage[] = [];
  /** the terminal's kubectl session: namespace, streaming runs, kubectl edit (the timeline's) */
  kubectl!: KubectlShell;
  /** request counters at the previous patch, for per-patch deltas */
  private statsMark: StatsMark = { byAgent: {}, writes: 0 };
  private trafficMark: TrafficMark = { t: -1 };
  /** the guided lesson, when the page started one: it built the cluster */
  readonly lesson?: LessonSession;
  private lessonStatus: LessonStatus | undefined;
  /** the step whose clock speed was last applied (a step with `speed` sets it while open) */
  private speedStep = -1;

  constructor(opts: HostOptions) {
    this.opts = opts;
    this.speed = opts.speed ?? 1;
    this.paused = opts.paused ?? false;
    if (opts.lesson && lessonById(opts.lesson.id)) {
      this.lesson = new LessonSession(opts.lesson.id, opts.epochMs, opts.lesson.replay ?? 0);
      this.speed = opts.speed ?? this.lesson.lesson.setup.speed;
      this.lessonSpeed(this.lesson.status());
    } else if (opts.lesson) {
      opts.post({ type: 'notice', level: 'warning', message: `lesson "${opts.lesson.id}" not found: the sandbox opens instead` });
    }
    this.saves = opts.storage ? new Saves(opts.storage) : undefined;
    this.lastReal = opts.realNow();
    if (this.lesson) {
      this.lessonCluster = this.lesson.cluster;
      this.timeline = undefined;
      this.attach(this.lesson.cluster);
      this.kubectl = new KubectlShell(this.lesson.cluster);
    } else {
      this.timeline = undefined;
      this.adopt(opts.timeline ?? new Timeline({ seed: opts.seed ?? 1, epochMs: opts.epochMs, workers: opts.workers }));
    }
  }

  /** Watches a cluster: its store events and machine changes feed the next patch. */
  private attach(cluster: Cluster): void {
    this.unsubscribe?.();
    this.unsubscribe = cluster.store.subscribe('*', (e) => this.changes.onStoreEvent(e));
    // infra listeners cannot be removed: one of a replaced cluster just stops counting
    cluster.infra.onChange((m, what) => {
      if (cluster !== this.cluster) return;
      this.changes.onMachine(m.name, what === 'removed');
    });
  }

  /** Hosts a (new) timeline: a fresh one, an opened save, a reset. */
  private adopt(tl: Timeline): void {
    this.unReplace?.();
    this.timeline = tl;
    this.keyframes();
    this.unReplace = tl.onReplace((c, shell) => this.replaced(c, shell));
    this.replaced(tl.cluster, tl.shell);
  }

  /** A seek, branch switch or new timeline replaced the cluster: watch it, tell the page. */
  private replaced(cluster: Cluster, shell: KubectlShell): void {
    if (this.kubectl && this.kubectl !== shell) {
      this.forward(this.kubectl.take());
      // the page's open runs belong to the time we left: end them there
      for (const run of this.runToShell.keys()) this.opts.post({ type: 'kubectlOutput', run, stderr: 'time moved: this command was stopped\n', exitCode: 130 });
      this.runToShell.clear();
      this.runToPage.clear();
    }
    this.attach(cluster);
    this.kubectl = shell;
    const tl = this.timeline;
    if (tl) {
      for (const b of tl.branches()) for (const { input } of tl.branchData(b.id)?.inputs ?? []) if (input.op === 'kubectlStart' && input.run >= this.nextRun) this.nextRun = input.run + 1;
    }
    // counters and samples start over from the new cluster's
    this.statsMark = { byAgent: {}, writes: 0 };
    this.trafficMark = { t: cluster.clock.now };
    if (this.started) this.opts.post(this.snapshot());
  }

  private keyframes(): void {
    this.timeline?.setSnapshotEvery(keyframeEvery(this.speed, this.cluster.infra.machines.size));
  }

  /** Applies an input: logged on the timeline (replayable), or straight to a lesson's cluster. */
  private act(input: Input): unknown {
    if (this.timeline) return this.timeline.act(input);
    return applyInput(this.cluster, this.kubectl, input);
  }

  /** Read-only work outside the log (completion, explanations): request counters stay exact. */
  private observe<T>(fn: () => T): T {
    return this.timeline ? this.timeline.observe(() => fn()) : fn();
  }

  private runUntil(t: number): void {
    if (this.timeline) this.timeline.runUntil(t);
    else this.cluster.runUntil(t);
  }

  private tl(): Timeline {
    if (!this.timeline) throw new Error('rewinding and saving are off during a lesson (the lesson builds its own cluster); leave the lesson to use them');
    return this.timeline;
  }

  private now(): string {
    return new Date(this.opts.wallNow?.() ?? 0).toISOString();
  }

  /** Terminal messages to the page, under the page's run numbers; replayed runs are history. */
  private forward(msgs: FromWorker[]): void {
    for (const m of msgs) {
      if (m.type !== 'kubectlOutput' && m.type !== 'kubectlEditor') {
        this.opts.post(m);
        continue;
      }
      const page = this.runToPage.get(m.run);
      if (page === undefined) continue;
      if (m.type === 'kubectlOutput' && m.exitCode !== undefined) {
        this.runToPage.delete(m.run);
        this.runToShell.delete(page);
      }
      this.opts.post({ ...m, run: page });
    }
  }

  /** The page's run numbers → the shell's; lesson files for `apply -f`. Undefined: nothing to do. */
  private toShell(c: CallInput): CallInput | undefined {
    switch (c.op) {
      case 'kubectlStart': {
        const run = this.nextRun++;
        this.runToShell.set(c.run, run);
        this.runToPage.set(run, c.run);
        return { ...c, run, files: this.withLessonFiles(c.files) };
      }
      case 'kubectlStop': {
        const run = this.runToShell.get(c.run);
        return run === undefined ? undefined : { ...c, run };
      }
      case 'kubectlEdit': {
        const run = this.runToShell.get(c.run);
        if (run === undefined) throw new Error(`no kubectl edit is waiting for run ${c.run}`);
        return { ...c, run };
      }
      case 'kubectlRun':
        return this.lesson ? { ...c, files: this.withLessonFiles(c.files) } : c;
      default:
        return c;
    }
  }

  /** Creates the demo workload (if asked) and sends the first message: the snapshot. */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.opts.demo && !this.lesson && !this.opts.timeline) {
      try {
        // through the log, so a rewind to the start and a share link both have it
        this.act({ op: 'api', verb: 'create', resource: 'deployments', namespace: 'default', body: DEMO_DEPLOYMENT });
      } catch (e) {
        this.opts.post({ type: 'notice', level: 'warning', message: `demo deployment: ${errorMessage(e)}` });
      }
    }
    this.cluster.settle();
    this.opts.post(this.snapshot());
    if (this.lesson) this.opts.post({ type: 'lesson', status: this.lesson.status(), view: lessonView(this.lesson.lesson) });
    this.lastReal = this.opts.realNow();
  }

  snapshot(): SnapshotMessage {
    const store = this.cluster.store;
    const objects: Record<ObjectKey, KObject> = {};
    for (const r of MIRRORED_RESOURCES) {
      if (r === 'events') continue;
      for (const o of store.iterate(r)) objects[objectKey(r, o.metadata?.namespace, o.metadata?.name)] = r === 'pods' ? podView(o as Pod) : o;
    }
    // only the most recent events: the history can hold an hour of them
    const limit = this.opts.snapshotEvents ?? 200;
    const events = store.list('events');
    for (const o of events.slice(Math.max(0, events.length - limit))) objects[objectKey('events', o.metadata?.namespace, o.metadata?.name)] = eventView(o as Event);
    // everything up to now is in the snapshot; the next patch carries only later changes
    this.changes.clear();
    this.clockDirty = false;
    requestDelta(this.cluster.stats, this.statsMark); // boot requests are not news
    const clock = this.clockView();
    this.lastSentNow = clock.now;
    return { type: 'snapshot', seq: ++this.seq, objects, machines: [...this.cluster.infra.machines.values()].map(machineView), clock, timeline: this.views.view(this.timeline, true) };
  }

  clockView(): ClockView {
    return { now: this.cluster.clock.now, epochMs: this.cluster.epochMs, speed: this.speed, paused: this.paused };
  }

  // ---- input ------------------------------------------------------------------------------

  /** Handles one message from the page. Bad input gets a reply or a notice, never an exception. */
  handle(data: unknown): void {
    const checked = checkToWorker(data);
    if (!checked.ok) {
      const id = requestIdOf(data);
      if (id !== undefined) this.replies.push({ type: 'reply', id, ok: false, error: { kind: 'Error', message: checked.error } });
      else this.opts.post({ type: 'notice', level: 'warning', message: `ignored message: ${checked.error}` });
      return;
    }
    const msg = checked.value;
    if (msg.type === 'init') {
      // the glue builds the host from the first init; a second one changes nothing
      this.opts.post({ type: 'notice', level: 'warning', message: 'already initialised' });
      return;
    }
    let reply: ReplyMessage;
    try {
      const result = this.call(msg.call);
      if (result instanceof Promise) {
        // saves and links: the reply follows with the first flush after it settles
        const id = msg.id;
        result.then(
          (r: unknown) => this.replies.push({ type: 'reply', id, ok: true, result: r }),
          (e: unknown) => this.replies.push({ type: 'reply', id, ok: false, error: toReplyError(e) }),
        );
        return;
      }
      reply = { type: 'reply', id: msg.id, ok: true, result };
    } catch (e) {
      reply = { type: 'reply', id: msg.id, ok: false, error: toReplyError(e) };
    }
    // let the cluster react now, so the patch sent before this reply already shows the effect
    this.cluster.settle();
    this.replies.push(reply);
  }

  private call(c: Call): unknown {
    const cluster = this.cluster;
    // everything that changes the cluster is an input: logged with its instant, replayable
    if (isInputCall(c)) {
      const input = this.toShell(c);
      return input ? this.act(input) : { run: (c as { run?: number }).run };
    }
    switch (c.op) {
      case 'setSpeed':
        this.speed = c.speed;
        this.clockDirty = true;
        this.keyframes();
        return this.clockView();
      case 'pause':
        this.paused = true;
        this.clockDirty = true;
        return this.clockView();
      case 'resume':
        this.paused = false;
        this.lastReal = this.opts.realNow(); // a pause is not time to catch up on
        this.clockDirty = true;
        return this.clockView();
      case 'step':
        this.runUntil(cluster.clock.now + c.ms);
        this.clockDirty = true;
        return this.clockView();
      case 'kubectlComplete':
        return this.observe(() => this.kubectl.complete(c.line));
      case 'cordon':
        // a kubectl line like any other: an input, so a rewind replays it
        return this.act({ op: 'kubectlRun', line: `kubectl ${c.on ? 'cordon' : 'uncordon'} ${c.name}` });
      case 'schedulingDecision':
        return this.observe(() => canvasCall(this.cluster, c));
      case 'ping':
        return { now: cluster.clock.now };
      case 'lessonCatalog':
        return lessonCatalog();
      case 'lessonHint':
      case 'lessonPredict':
      case 'lessonShowMe':
        return this.lessonCall(c);
      default:
        return this.timelineCall(c);
    }
  }

  // ---- the timeline and saves -------------------------------------------------------------

  private timelineCall(c: Call): unknown {
    switch (c.op) {
      case 'seek': {
        const tl = this.tl();
        // the scrubber ends where the branch was played to; beyond is the future, not yet made
        tl.seek(Math.min(c.t, Math.max(tl.end, tl.now)));
        this.clockDirty = true;
        return this.views.view(tl, true);
      }
      case 'branches':
        return this.tl().branches();
      case 'switchBranch': {
        const tl = this.tl();
        tl.switchTo(c.id, c.t);
        this.clockDirty = true;
        return this.views.view(tl, true);
      }
      case 'markers':
        return this.views.view(this.tl(), true)?.markers ?? [];
      case 'compare': {
        const tl = this.tl();
        const last = Math.max(tl.end, tl.now);
        return tl.compare(Math.min(c.t1, last), Math.min(c.t2, last), { ignoreNoise: c.ignoreNoise });
      }
      case 'exportSave':
        return saveText(this.tl(), this.now());
      case 'importSave': {
        const r = openText(c.text);
        if (!r.timeline) throw new Error(r.warnings.join(' '));
        this.tl(); // not during a lesson
        this.adopt(r.timeline);
        return { warnings: r.warnings };
      }
      case 'shareLink':
        return shareFragment(this.tl());
      case 'exportYaml':
        return yamlFor(this);
      case 'saves':
        return this.needSaves().list();
      case 'saveAs':
        return this.needSaves().save(c.name, this.tl(), this.now());
      case 'openSave': {
        this.tl();
        return this.needSaves()
          .open(c.name)
          .then((r) => {
            if (!r.ok) throw new Error(r.error);
            this.adopt(r.value.timeline);
            return { warnings: r.value.warnings };
          });
      }
      case 'deleteSave':
        return this.needSaves().remove(c.name);
      case 'reset': {
        const tl = freshTimeline(this.tl().options, this.opts.wallNow?.() ?? this.cluster.epochMs);
        this.adopt(tl);
        if (this.opts.demo) this.act({ op: 'api', verb: 'create', resource: 'deployments', namespace: 'default', body: DEMO_DEPLOYMENT });
        this.cluster.settle();
        const done = this.saves?.reset().catch(() => undefined);
        return (done ?? Promise.resolve()).then(() => this.clockView());
      }
      case 'autosave':
        return autosave(this.timeline, this.opts.storage, this.now());
      default:
        throw new Error(`unknown op "${c.op}"`);
    }
  }

  private needSaves(): Saves {
    if (!this.saves) throw new Error('saving needs IndexedDB, which this browser does not offer here (a private window?)');
    return this.saves;
  }

  // ---- the guided lesson ------------------------------------------------------------------

  /** In a lesson, `kubectl apply -f <name>` can name the files its steps hand out. */
  private withLessonFiles(files?: Record<string, string>): Record<string, string> | undefined {
    return this.lesson ? { ...this.lesson.files(), ...files } : files;
  }

  private lessonCall(c: Extract<Call, { op: 'lessonHint' | 'lessonPredict' | 'lessonShowMe' }>): unknown {
    const session = this.lesson;
    if (!session) throw new Error('no lesson is running');
    if (c.op === 'lessonShowMe') return { output: session.showMe() };
    const step = allSteps(session.lesson).find((s) => s.id === c.step);
    if (!step) throw new Error(`lesson "${session.lesson.id}" has no step "${c.step}"`);
    if (c.op === 'lessonHint') session.hint(c.step);
    else {
      if (!step.predict?.options.includes(c.guess)) throw new Error(`"${c.guess}" is not one of the step's options`);
      session.predict(c.step, c.guess);
    }
    return session.status();
  }

  /** Evaluates the lesson (it may break things: a chaos round); keeps the status to post. */
  private lessonTick(): void {
    if (!this.lesson) return;
    try {
      const st = this.lesson.tick();
      if (!st) return;
      this.lessonStatus = st;
      this.lessonSpeed(st);
    } catch (e) {
      this.cluster.reportFault('lesson', e);
    }
  }

  /** A step with a `speed` runs the clock at it while open; leaving it restores the lesson's. */
  private lessonSpeed(st: LessonStatus): void {
    const p = st.progress;
    if (!this.lesson || !p.opened || p.current === this.speedStep) return;
    const steps = allSteps(this.lesson.lesson);
    const prev = steps[this.speedStep];
    const step = steps[p.current];
    this.speedStep = p.current;
    const want = step?.speed?.speed ?? (prev?.speed ? this.lesson.lesson.setup.speed : undefined);
    if (want === undefined || want === this.speed) return;
    this.speed = want;
    this.clockDirty = true;
  }

  // ---- time and output --------------------------------------------------------------------

  /** One frame: advance virtual time by real elapsed × speed (within budget), then flush. */
  tick(): void {
    this.advance();
    this.flush();
  }

  private advance(): void {
    const real = this.opts.realNow();
    const elapsed = Math.min(Math.max(0, real - this.lastReal), MAX_REAL_GAP_MS);
    this.lastReal = real;
    if (this.paused || elapsed === 0) return;
    const cluster = this.cluster;
    const target = cluster.clock.now + elapsed * this.speed;
    const budget = this.opts.budgetMs ?? 12;
    try {
      while (cluster.clock.now < target) {
        this.runUntil(Math.min(target, cluster.clock.now + SLICE_MS));
        // too much work for one frame: let virtual time slip rather than freeze the worker
        if (this.opts.realNow() - real > budget) break;
      }
    } catch (e) {
      cluster.reportFault('host', e);
      this.opts.post({ type: 'notice', level: 'error', message: `simulation fault: ${errorMessage(e)}` });
    }
  }

  /** Sends at most one patch with everything that changed, then the replies waiting for it. */
  flush(): void {
    // the lesson first: a chaos round it performs belongs in this patch
    this.lessonTick();
    const patch = this.takePatch();
    if (patch) this.opts.post(patch);
    // terminal output after the patch that shows its effect, before the replies
    this.forward(this.kubectl.take());
    const lesson = this.lessonStatus;
    this.lessonStatus = undefined;
    if (lesson) this.opts.post({ type: 'lesson', status: lesson });
    const replies = this.replies;
    this.replies = [];
    for (const r of replies) this.opts.post(r);
  }

  private takePatch(): PatchMessage | undefined {
    const now = this.cluster.clock.now;
    const clockMoved = this.clockDirty || now !== this.lastSentNow;
    const stats = requestDelta(this.cluster.stats, this.statsMark);
    const traffic = trafficSamples(this.cluster, this.trafficMark);
    const timeline = this.views.view(this.timeline);
    if (!stats && !traffic && !timeline && this.changes.empty && !clockMoved) return undefined;
    const patch = this.changes.take(++this.seq, (name) => this.cluster.infra.get(name));
    if (clockMoved) patch.clock = this.clockView();
    if (stats) patch.stats = stats;
    if (traffic) patch.traffic = traffic;
    if (timeline) patch.timeline = timeline;
    this.clockDirty = false;
    this.lastSentNow = now;
    return patch;
  }
}


export function toReplyError(e: unknown): ReplyError {
  if (e instanceof ApiError) return e.status;
  return { kind: 'Error', message: errorMessage(e) };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

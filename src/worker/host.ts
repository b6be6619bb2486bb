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
import type { PatchType } from '../sim/apiserver/patch';
import { Cluster, defaultMachines } from '../sim/cluster';
import type { Machine, MachineSpec } from '../sim/infra/machines';
import type { StoreEvent } from '../sim/store/store';
import { runKubectl } from '../kubectl/index';
import { podView } from './podview';
import { eventView } from './eventview';
import { KubectlShell } from './kubectl';
import { canvasCall, requestDelta, trafficSamples, type StatsMark, type TrafficMark } from './canvascalls';
import {
  checkToWorker,
  MIRRORED_RESOURCES,
  objectKey,
  requestIdOf,
  type Call,
  type ClockView,
  type FromWorker,
  type MachineView,
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

const MIRRORED = new Set<string>(MIRRORED_RESOURCES);

/** The control plane and `n` medium workers (`node-1` … `node-n`). */
export function machinesWith(n: number): MachineSpec[] {
  return [defaultMachines()[0], ...Array.from({ length: n }, (_, i) => ({ name: `node-${i + 1}`, cpu: 4, memoryGiB: 8 }))];
}

export function machineView(m: Machine): MachineView {
  return {
    name: m.name,
    role: m.role,
    powered: m.powered,
    network: m.network,
    processes: { ...m.processes },
    cpuMillis: m.cpuMillis,
    memoryBytes: m.memoryBytes,
    maxPods: m.maxPods,
    internalIP: m.internalIP,
  };
}

export class SimHost {
  readonly cluster: Cluster;
  private speed: number;
  private paused: boolean;
  private lastReal: number;
  private seq = 0;
  private started = false;
  private readonly opts: HostOptions;

  // what changed since the last patch
  private upserts = new Map<ObjectKey, KObject>();
  private removed = new Set<ObjectKey>();
  private changedMachines = new Set<string>();
  private removedMachines = new Set<string>();
  private clockDirty = false;
  private lastSentNow = -1;
  private replies: ReplyMessage[] = [];
  /** the terminal's kubectl session: namespace, streaming runs, kubectl edit */
  readonly kubectl: KubectlShell;
  /** request counters at the previous patch, for per-patch deltas */
  private statsMark: StatsMark = { byAgent: {}, writes: 0 };
  private trafficMark: TrafficMark = { t: -1 };

  constructor(opts: HostOptions) {
    this.opts = opts;
    this.speed = opts.speed ?? 1;
    this.paused = opts.paused ?? false;
    this.cluster = Cluster.create({ seed: opts.seed ?? 1, epochMs: opts.epochMs, machines: opts.workers === undefined ? undefined : machinesWith(opts.workers) });
    this.lastReal = opts.realNow();
    this.cluster.store.subscribe('*', (e) => this.onStoreEvent(e));
    this.kubectl = new KubectlShell(this.cluster);
    this.cluster.infra.onChange((m, what) => {
      if (what === 'removed') {
        this.removedMachines.add(m.name);
        this.changedMachines.delete(m.name);
      } else {
        this.changedMachines.add(m.name);
        this.removedMachines.delete(m.name);
      }
    });
  }

  /** Creates the demo workload (if asked) and sends the first message: the snapshot. */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.opts.demo) {
      try {
        this.cluster.client(UI_AGENT).create('deployments', 'default', DEMO_DEPLOYMENT);
      } catch (e) {
        this.opts.post({ type: 'notice', level: 'warning', message: `demo deployment: ${errorMessage(e)}` });
      }
    }
    this.cluster.settle();
    this.opts.post(this.snapshot());
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
    this.upserts.clear();
    this.removed.clear();
    this.changedMachines.clear();
    this.removedMachines.clear();
    this.clockDirty = false;
    requestDelta(this.cluster.stats, this.statsMark); // boot requests are not news
    const clock = this.clockView();
    this.lastSentNow = clock.now;
    return { type: 'snapshot', seq: ++this.seq, objects, machines: [...this.cluster.infra.machines.values()].map(machineView), clock };
  }

  clockView(): ClockView {
    return { now: this.cluster.clock.now, epochMs: this.cluster.epochMs, speed: this.speed, paused: this.paused };
  }

  private onStoreEvent(e: StoreEvent): void {
    if (!MIRRORED.has(e.resource)) return;
    const md = e.object.metadata;
    const key = objectKey(e.resource, md?.namespace, md?.name);
    if (e.type === 'DELETED') {
      this.upserts.delete(key);
      this.removed.add(key);
    } else {
      this.removed.delete(key);
      // pods travel compact (what the canvas draws); the inspector fetches the full object
      this.upserts.set(key, e.resource === 'pods' ? podView(e.object as Pod) : e.resource === 'events' ? eventView(e.object as Event) : e.object);
    }
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
      reply = { type: 'reply', id: msg.id, ok: true, result: this.call(msg.call) };
    } catch (e) {
      reply = { type: 'reply', id: msg.id, ok: false, error: toReplyError(e) };
    }
    // let the cluster react now, so the patch sent before this reply already shows the effect
    this.cluster.settle();
    this.replies.push(reply);
  }

  private call(c: Call): unknown {
    const cluster = this.cluster;
    switch (c.op) {
      case 'deletePod':
        return cluster.client(UI_AGENT).delete('pods', c.namespace, c.name, c.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: c.gracePeriodSeconds });
      case 'powerMachine': {
        const m = cluster.infra.get(c.name);
        if (!m) throw new Error(`machine "${c.name}" not found`);
        cluster.infra.setPower(c.name, c.on);
        return machineView(m);
      }
      case 'setSpeed':
        this.speed = c.speed;
        this.clockDirty = true;
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
        cluster.runFor(c.ms);
        this.clockDirty = true;
        return this.clockView();
      case 'api':
        return this.api(c);
      case 'kubectlStart':
        this.kubectl.start(c.run, c.line, c.files);
        return { run: c.run };
      case 'kubectlStop':
        this.kubectl.stop(c.run);
        return { run: c.run };
      case 'kubectlEdit':
        this.kubectl.finishEdit(c.run, c.text);
        return { run: c.run };
      case 'kubectlComplete':
        return this.kubectl.complete(c.line);
      case 'kubectlRun':
        return runKubectl(c.line, { client: cluster.client(UI_AGENT), nowMs: () => cluster.nowMs(), files: c.files });
      default:
        return canvasCall(cluster, c);
    }
  }

  private api(c: Extract<Call, { op: 'api' }>): unknown {
    const client = this.cluster.client(UI_AGENT);
    const body = c.body as KObject;
    switch (c.verb) {
      case 'get':
        return client.get(c.resource, c.namespace, c.name!);
      case 'list':
        return client.list(c.resource, c.namespace);
      case 'create':
        return client.create(c.resource, c.namespace, body);
      case 'update':
        return client.update(c.resource, c.namespace, body);
      case 'updateStatus':
        return client.updateStatus(c.resource, c.namespace, body);
      case 'patch':
        return client.patch(c.resource, c.namespace, c.name!, c.body, (c.patchType ?? 'merge') satisfies PatchType);
      case 'delete':
        return client.delete(c.resource, c.namespace, c.name!);
    }
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
        cluster.runUntil(Math.min(target, cluster.clock.now + SLICE_MS));
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
    const patch = this.takePatch();
    if (patch) this.opts.post(patch);
    // terminal output after the patch that shows its effect, before the replies
    for (const m of this.kubectl.take()) this.opts.post(m);
    const replies = this.replies;
    this.replies = [];
    for (const r of replies) this.opts.post(r);
  }

  private trimEvents(): void {
    let n = 0;
    for (const k of this.upserts.keys()) if (k.startsWith('events/')) n++;
    if (n <= EVENTS_PER_PATCH) return;
    for (const k of this.upserts.keys()) {
      if (n <= EVENTS_PER_PATCH) break;
      if (k.startsWith('events/')) {
        this.upserts.delete(k);
        n--;
      }
    }
  }

  private takePatch(): PatchMessage | undefined {
    const now = this.cluster.clock.now;
    const clockMoved = this.clockDirty || now !== this.lastSentNow;
    const stats = requestDelta(this.cluster.stats, this.statsMark);
    const traffic = trafficSamples(this.cluster, this.trafficMark);
    if (!stats && !traffic && !this.upserts.size && !this.removed.size && !this.changedMachines.size && !this.removedMachines.size && !clockMoved) return undefined;
    this.trimEvents();
    const patch: PatchMessage = { type: 'patch', seq: ++this.seq, upserts: Object.fromEntries(this.upserts), removed: [...this.removed] };
    if (this.changedMachines.size) {
      patch.machines = [];
      for (const name of this.changedMachines) {
        const m = this.cluster.infra.get(name);
        if (m) patch.machines.push(machineView(m));
      }
    }
    if (this.removedMachines.size) patch.removedMachines = [...this.removedMachines];
    if (clockMoved) patch.clock = this.clockView();
    if (stats) patch.stats = stats;
    if (traffic) patch.traffic = traffic;
    this.upserts.clear();
    this.removed.clear();
    this.changedMachines.clear();
    this.removedMachines.clear();
    this.clockDirty = false;
    this.lastSentNow = now;
    return patch;
  }
}

/**
 * Events streamed per patch at most (the newest). Under churn events outnumber pod changes
 * two to one, and the page only shows the newest few; the rest stay in the API server
 * (`kubectl get events`, describe).
 */
export const EVENTS_PER_PATCH = 8;

export function toReplyError(e: unknown): ReplyError {
  if (e instanceof ApiError) return e.status;
  return { kind: 'Error', message: errorMessage(e) };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The page side of the wire: spawns the worker, sends typed calls (request ids → promises) and
 * hands every other message to listeners. `connect()` accepts any `WorkerLike`, so tests can put
 * an in-process host behind the same interface.
 */
import type { AutosaveResult, Call, FromWorker, InitMessage, ReplyError, ToWorker } from './protocol';

export interface WorkerLike {
  postMessage(msg: ToWorker): void;
  addEventListener(type: 'message', fn: (e: { data: FromWorker }) => void): void;
  terminate(): void;
}

/** A rejected call: the API server's Status (reason, code, message) or a plain error. */
export class CallError extends Error {
  constructor(readonly error: ReplyError) {
    super(error.message);
    this.name = 'CallError';
  }
  /** `NotFound`, `Conflict`, ... when the API server refused; undefined otherwise */
  get reason(): string | undefined {
    return 'reason' in this.error ? this.error.reason : undefined;
  }
}

export type Listener = (msg: FromWorker) => void;

export interface SimClient {
  send<T = unknown>(call: Call): Promise<T>;
  listen(fn: Listener): () => void;
  terminate(): void;
}

export function connect(worker: WorkerLike, init: Omit<InitMessage, 'type'>): SimClient {
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const listeners = new Set<Listener>();

  worker.addEventListener('message', (e) => {
    if (closed) return; // a terminated worker's last messages are stale
    const msg = e.data;
    if (msg.type === 'reply') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new CallError(msg.error));
      return;
    }
    for (const fn of listeners) fn(msg);
  });
  worker.postMessage({ type: 'init', ...init });

  return {
    send<T>(call: Call): Promise<T> {
      if (closed) return Promise.reject(new Error('the simulation was stopped'));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.postMessage({ type: 'request', id, call });
      });
    },
    listen(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    terminate() {
      closed = true;
      worker.terminate();
      for (const p of pending.values()) p.reject(new Error('the simulation was stopped'));
      pending.clear();
      listeners.clear();
    },
  };
}

/** Starts the simulation worker. The `new Worker(new URL(...))` stays literal so Vite bundles it. */
export function spawnSimulation(init: Omit<InitMessage, 'type'>): SimClient {
  const worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'kube-sim' });
  return connect(worker as unknown as WorkerLike, init);
}

// ---- a supervised simulation: crash recovery ------------------------------------------------

/** Calls that change the cluster: a checkpoint follows them, and a restart sends them again. */
const REPLAYABLE = new Set<Call['op']>(['deletePod', 'powerMachine', 'kubectlRun', 'setProcess', 'setNetwork', 'addMachine', 'removeMachine', 'crashContainer', 'traffic', 'cordon']);
/** Calls after which a checkpoint is worth taking (they change what a save holds). */
const CHANGES = new Set<Call['op']>([...REPLAYABLE, 'api', 'kubectlStart', 'kubectlEdit', 'seek', 'switchBranch', 'importSave', 'openSave', 'reset']);

const isReplayable = (c: Call): boolean => REPLAYABLE.has(c.op) || (c.op === 'api' && c.verb !== 'get' && c.verb !== 'list');

export interface SupervisorOptions {
  /** real ms between heartbeats (default 2 s) */
  heartbeatMs?: number;
  /** a heartbeat unanswered this long means the worker hangs (default 15 s: a long seek is not a hang) */
  hangMs?: number;
  /** real ms between checkpoints (default 5 s) */
  checkpointMs?: number;
  /** what a restart's init should say besides the save (the clock's current speed, pause) */
  initNow?(): Partial<Omit<InitMessage, 'type'>>;
  /** the worker died: `reason` in plain words; a restart is under way */
  onCrash?(reason: string): void;
  /** the restarted worker answered; `from` says what it was restored from */
  onRecovered?(from: 'checkpoint' | 'autosave'): void;
  /** a checkpoint was taken (the autosave's time, whether IndexedDB kept it) */
  onCheckpoint?(r: AutosaveResult): void;
  /** whether the page is visible (a hidden tab's timers are throttled: no hang verdicts then) */
  visible?(): boolean;
  now?(): number;
}

export interface SupervisedClient extends SimClient {
  /** the latest checkpoint (save text) the page holds */
  latest(): string | undefined;
  /** takes a checkpoint now (the worker autosaves and hands the text back) */
  checkpoint(): Promise<void>;
  /** debug hook: kill the worker as a crash would (`hang`: silently, only the heartbeat notices) */
  kill(how?: 'error' | 'hang'): void;
  /** how many times the worker was restarted */
  restarts(): number;
}

interface Spawned {
  worker: WorkerLike & { addEventListener(type: 'error', fn: (e: { message?: string; preventDefault?(): void }) => void): void };
  client: SimClient;
}

/**
 * The simulation with a supervisor: if the worker dies (an `error` event) or stops answering
 * heartbeats, a new worker starts from the latest checkpoint — the autosave the worker writes to
 * IndexedDB every few seconds and after each action, or, when it could not be stored, the text
 * the page then keeps in memory — and the calls that changed the cluster since that checkpoint
 * are sent again.
 * Listeners and the `send` function stay the same objects, so the UI never notices the swap.
 */
export function superviseSimulation(init: Omit<InitMessage, 'type'>, opts: SupervisorOptions = {}, spawn: () => Spawned['worker'] = spawnWorker): SupervisedClient {
  const now = opts.now ?? (() => Date.now());
  const listeners = new Set<Listener>();
  let cur: Spawned;
  /** the latest checkpoint's text, when it could not be stored in IndexedDB */
  let latest: string | undefined;
  /** a checkpoint was taken (in memory or in IndexedDB): a restart resumes from it */
  let checkpointed = false;
  let sinceCheckpoint: Call[] = [];
  let restarts = 0;
  let restarting = false;
  let live = false;
  let pingSince = 0;
  let checkpointing = false;
  const checkpointMs = opts.checkpointMs ?? 5000;
  let spacing = checkpointMs;
  let soon: ReturnType<typeof setTimeout> | undefined;
  /** page run numbers of terminal runs that have not ended (ended for the page on a restart) */
  const openRuns = new Set<number>();

  const emit = (msg: FromWorker) => {
    if (msg.type === 'kubectlOutput' && msg.exitCode !== undefined) openRuns.delete(msg.run);
    for (const fn of listeners) fn(msg);
  };

  const start = (initMsg: Omit<InitMessage, 'type'>, recovering?: 'checkpoint' | 'autosave') => {
    const worker = spawn();
    const client = connect(worker, initMsg);
    const mine: Spawned = { worker, client };
    worker.addEventListener('error', (e) => {
      e.preventDefault?.();
      if (cur === mine) crash(`the simulation worker crashed${e.message ? ` (${e.message})` : ''}`);
    });
    client.listen((msg) => {
      if (cur !== mine) return;
      if (msg.type === 'snapshot' && !live) {
        live = true;
        if (recovering) {
          const replay = sinceCheckpoint;
          sinceCheckpoint = [];
          for (const c of replay) send(c).catch(() => undefined);
          opts.onRecovered?.(recovering);
        }
      }
      emit(msg);
    });
    cur = mine;
  };

  const crash = (reason: string) => {
    if (restarting) return;
    restarting = true;
    live = false;
    pingSince = 0;
    const old = cur;
    opts.onCrash?.(reason);
    try {
      old.client.terminate();
    } catch {
      // already gone
    }
    for (const run of openRuns) emit({ type: 'kubectlOutput', run, stderr: 'the simulation restarted: this command was stopped\n', exitCode: 130 });
    openRuns.clear();
    restarts++;
    const { share: _share, ...rest } = init;
    // no checkpoint yet: the autosave, or (neither) a fresh cluster as the first load had
    start({ ...rest, ...opts.initNow?.(), resume: true, ...(latest ? { saveText: latest } : {}) }, checkpointed ? 'checkpoint' : 'autosave');
    restarting = false;
  };

  function send<T>(call: Call): Promise<T> {
    if (isReplayable(call)) sinceCheckpoint.push(call);
    if (call.op === 'kubectlStart') openRuns.add(call.run);
    const p = cur.client.send<T>(call);
    if (CHANGES.has(call.op)) {
      clearTimeout(soon);
      soon = setTimeout(() => void checkpoint(), 500);
    }
    return p;
  }

  async function checkpoint(): Promise<void> {
    if (checkpointing || !live) return;
    checkpointing = true;
    const mark = sinceCheckpoint.length;
    const began = now();
    try {
      const r = await cur.client.send<AutosaveResult>({ op: 'autosave' });
      // a big cluster's autosave takes the worker a while: keep it under ~2.5 % of its time
      spacing = Math.max(checkpointMs, 40 * (now() - began));
      // stored in IndexedDB: a restart reads it from there (an older in-memory text would be stale)
      if (r.stored || r.text !== undefined) {
        latest = r.stored ? undefined : r.text;
        checkpointed = true;
        sinceCheckpoint = sinceCheckpoint.slice(mark);
      }
      opts.onCheckpoint?.(r);
    } catch {
      // a lesson, a restart under way: the next one will do
    } finally {
      checkpointing = false;
    }
  }

  const heartbeat = () => {
    if (!live || restarting) return;
    if (opts.visible && !opts.visible()) {
      pingSince = 0; // a hidden tab's timers are late: no verdict
      return;
    }
    if (pingSince) {
      if (now() - pingSince > (opts.hangMs ?? 15_000)) crash('the simulation stopped answering');
      return;
    }
    const mine = cur;
    pingSince = now();
    mine.client
      .send({ op: 'ping' })
      .then(() => {
        if (cur === mine) pingSince = 0;
      })
      .catch(() => undefined);
  };

  start(init);
  // checkpoints every `spacing` ms (at least checkpointMs; more for slow autosaves)
  let lastTick = now();
  const periodic = () => {
    if (now() - lastTick < spacing) return;
    lastTick = now();
    void checkpoint();
  };
  const timers = [setInterval(heartbeat, opts.heartbeatMs ?? 2000), setInterval(periodic, Math.min(checkpointMs, 1000))];

  return {
    send,
    listen(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    terminate() {
      for (const t of timers) clearInterval(t);
      clearTimeout(soon);
      cur.client.terminate();
      listeners.clear();
    },
    latest: () => latest,
    checkpoint,
    kill(how = 'error') {
      cur.worker.terminate();
      if (how === 'error') crash('the simulation worker was killed (debug hook)');
      // 'hang': nothing answers any more; the heartbeat will notice
    },
    restarts: () => restarts,
  };
}

function spawnWorker(): Spawned['worker'] {
  return new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'kube-sim' }) as unknown as Spawned['worker'];
}

/**
 * The page side of the wire: spawns the worker, sends typed calls (request ids → promises) and
 * hands every other message to listeners. `connect()` accepts any `WorkerLike`, so tests can put
 * an in-process host behind the same interface.
 */
import type { Call, FromWorker, InitMessage, ReplyError, ToWorker } from './protocol';

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

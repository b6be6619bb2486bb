/**
 * Thin Worker glue: builds a `SimHost` from the first `init` message, feeds it every later
 * message, and ticks it about every 16 ms with setTimeout (the sim itself never sees a timer).
 * All logic lives in host.ts so it can be tested in Node.
 */
import { SimHost } from './host';
import { IndexedDbStorage } from './timeline/idb';
import { openInitial } from './timelinecalls';
import { checkToWorker, requestIdOf, type FromWorker, type ToWorker } from './protocol';

// A narrow view of the worker global, so this file does not need the DOM and WebWorker libs
// to agree (they clash); tsconfig.worker.json type-checks it with the WebWorker lib.
interface WorkerScope {
  postMessage(msg: FromWorker): void;
  onmessage: ((e: { data: unknown }) => void) | null;
}
const scope = self as unknown as WorkerScope;
const FRAME_MS = 16;

let host: SimHost | null = null;
/** messages that arrived while the playground was being opened (a link, a save, the autosave) */
let waiting: unknown[] | null = null;

function post(msg: FromWorker): void {
  scope.postMessage(msg);
}

function loop(): void {
  const started = performance.now();
  try {
    host?.tick();
  } catch (e) {
    post({ type: 'notice', level: 'error', message: `tick failed: ${e instanceof Error ? e.message : String(e)}` });
  }
  setTimeout(loop, Math.max(0, FRAME_MS - (performance.now() - started)));
}

scope.onmessage = (e) => {
  try {
    if (host) {
      host.handle(e.data);
      return;
    }
    if (waiting) {
      waiting.push(e.data);
      return;
    }
    const checked = checkToWorker(e.data);
    if (!checked.ok || checked.value.type !== 'init') {
      const id = requestIdOf(e.data);
      const message = checked.ok ? 'the worker is not initialised yet: send init first' : checked.error;
      if (id !== undefined) post({ type: 'reply', id, ok: false, error: { kind: 'Error', message } });
      else post({ type: 'notice', level: 'warning', message });
      return;
    }
    const init = checked.value;
    waiting = [];
    void boot(init);
  } catch (err) {
    post({ type: 'notice', level: 'error', message: `worker error: ${err instanceof Error ? err.message : String(err)}` });
  }
};

/** Opens what init asks for (a link, a save, the autosave; a lesson has its own cluster), then starts. */
async function boot(init: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  const storage = IndexedDbStorage.available() ? new IndexedDbStorage() : undefined;
  const opened = init.lesson ? { notices: [] as string[], timeline: undefined } : await openInitial(init, storage);
  try {
    host = new SimHost({
      seed: init.seed,
      epochMs: Date.now(),
      demo: init.demo,
      speed: init.speed,
      paused: init.paused,
      workers: init.workers,
      lesson: init.lesson,
      timeline: opened.timeline,
      storage,
      wallNow: () => Date.now(),
      realNow: () => performance.now(),
      post,
    });
    host.start();
    // a damaged link or save: said plainly, after the (fresh) cluster is on screen
    for (const message of opened.notices) post({ type: 'notice', level: 'error', message });
  } catch (err) {
    post({ type: 'notice', level: 'error', message: `worker error: ${err instanceof Error ? err.message : String(err)}` });
  }
  const queued = waiting ?? [];
  waiting = null;
  for (const data of queued) host?.handle(data);
  setTimeout(loop, FRAME_MS);
}

/**
 * The supervisor restarts a dead or hung worker from the page's latest checkpoint and sends
 * again what changed the cluster since; listeners survive the swap. A fake worker stands in
 * for the real one (an in-process SimHost behind the same message interface).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimHost } from './host';
import { superviseSimulation } from './client';
import type { FromWorker, ToWorker } from './protocol';
import { MemoryStorage } from './timeline/storage';
import { openInitial } from './timelinecalls';

/** A worker: an in-process host, ticked by the test; `dead` stops it answering. */
function fakeWorker(storage: MemoryStorage, spawned: FakeWorker[]): FakeWorker {
  const fns: Record<string, ((e: { data?: FromWorker; message?: string }) => void)[]> = { message: [], error: [] };
  let host: SimHost | null = null;
  const w = {
    dead: false,
    inits: [] as ToWorker[],
    postMessage(msg: ToWorker) {
      if (w.dead) return;
      if (msg.type === 'init') {
        w.inits.push(msg);
        void openInitial(msg, storage).then((opened) => {
          host = new SimHost({ seed: 3, epochMs: 0, demo: msg.demo, realNow: () => 0, wallNow: () => 1_000, timeline: opened.timeline, storage, post: (m) => !w.dead && fns.message.forEach((f) => f({ data: structuredClone(m) })) });
          host.start();
        });
        return;
      }
      queueMicrotask(() => {
        if (w.dead || !host) return;
        host.handle(msg);
        // async replies (saves) settle a few microtasks later: flush a while
        const pump = (n: number) => {
          if (w.dead || !host) return;
          host.flush();
          if (n) queueMicrotask(() => pump(n - 1));
        };
        pump(20);
      });
    },
    addEventListener(type: string, fn: (e: { data?: FromWorker; message?: string }) => void) {
      fns[type].push(fn);
    },
    terminate() {
      w.dead = true;
    },
    crash() {
      fns.error.forEach((f) => f({ message: 'out of memory' }));
    },
    get host() {
      return host;
    },
  };
  spawned.push(w);
  return w;
}

interface FakeWorker {
  dead: boolean;
  inits: ToWorker[];
  postMessage(msg: ToWorker): void;
  addEventListener(type: string, fn: (e: { data?: FromWorker; message?: string }) => void): void;
  terminate(): void;
  crash(): void;
  readonly host: SimHost | null;
}

/** Storage whose writes fail (a full quota): the autosave's text then comes back to the page. */
class RefusingStorage extends MemoryStorage {
  override async write(): Promise<void> {
    throw new Error('QuotaExceededError');
  }
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
};

describe('superviseSimulation', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('restarts a crashed worker from the latest checkpoint (the autosave in storage) and replays later actions', async () => {
    const storage = new MemoryStorage();
    const spawned: FakeWorker[] = [];
    const recovered: string[] = [];
    const client = superviseSimulation({ demo: true }, { onRecovered: (f) => recovered.push(f), heartbeatMs: 1000, checkpointMs: 60_000 }, () => fakeWorker(storage, spawned) as never);
    await flush();
    await client.send({ op: 'kubectlRun', line: 'kubectl create deployment kept --image=nginx' });
    await client.checkpoint();
    // stored: the page holds no copy of the text (it would decode many MB every few seconds)
    expect(client.latest()).toBeUndefined();
    expect(await storage.read('(autosave)')).toContain('"kept"');
    void client.send({ op: 'kubectlRun', line: 'kubectl create deployment late --image=nginx' }).catch(() => undefined);
    await flush();
    spawned[0].crash();
    await flush();
    expect(spawned).toHaveLength(2);
    expect(spawned[1].inits[0]).toMatchObject({ resume: true });
    expect(spawned[1].inits[0]).not.toHaveProperty('saveText');
    await flush();
    expect(recovered).toEqual(['checkpoint']);
    const names = spawned[1].host!.cluster.store.list('deployments', 'default').map((d) => d.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(['web', 'kept', 'late']));
    client.terminate();
  });

  it('when the autosave cannot be stored, the page keeps its text and restarts from it', async () => {
    const storage = new RefusingStorage();
    const spawned: FakeWorker[] = [];
    const crashes: string[] = [];
    const recovered: string[] = [];
    const client = superviseSimulation({ demo: true }, { onCrash: (r) => crashes.push(r), onRecovered: (f) => recovered.push(f), heartbeatMs: 1000, checkpointMs: 60_000 }, () => fakeWorker(storage, spawned) as never);
    const seen: string[] = [];
    client.listen((m) => seen.push(m.type));
    await flush();
    expect(seen).toContain('snapshot');
    await client.send({ op: 'kubectlRun', line: 'kubectl create deployment kept --image=nginx' });
    await client.checkpoint();
    expect(client.latest()).toContain('"kept"');
    // after the checkpoint: only in memory of the supervisor
    void client.send({ op: 'kubectlRun', line: 'kubectl create deployment late --image=nginx' }).catch(() => undefined);
    await flush();
    spawned[0].crash();
    await flush();
    expect(crashes[0]).toMatch(/crashed \(out of memory\)/);
    expect(spawned).toHaveLength(2);
    expect(spawned[1].inits[0]).toMatchObject({ resume: true });
    expect((spawned[1].inits[0] as { saveText?: string }).saveText).toContain('"kept"');
    await flush();
    expect(recovered).toEqual(['checkpoint']);
    const names = spawned[1].host!.cluster.store.list('deployments', 'default').map((d) => d.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(['web', 'kept', 'late']));
    expect(seen.filter((t) => t === 'snapshot')).toHaveLength(2); // the same listener, both workers
    client.terminate();
  });

  it('a worker that stops answering heartbeats is restarted (from the autosave when no checkpoint)', async () => {
    const storage = new MemoryStorage();
    const spawned: FakeWorker[] = [];
    const crashes: string[] = [];
    let now = 0;
    const client = superviseSimulation({ demo: true }, { onCrash: (r) => crashes.push(r), heartbeatMs: 1000, hangMs: 5000, checkpointMs: 60_000, now: () => now }, () => fakeWorker(storage, spawned) as never);
    await flush();
    client.kill('hang');
    for (let i = 0; i < 8; i++) {
      now += 1000;
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(crashes).toEqual(['the simulation stopped answering']);
    expect(spawned).toHaveLength(2);
    expect(spawned[1].inits[0]).toMatchObject({ resume: true });
    expect(spawned[1].inits[0]).not.toHaveProperty('saveText');
    client.terminate();
  });
});

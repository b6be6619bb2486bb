import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../../worker/host';
import type { Call, FromWorker, ReplyMessage } from '../../../worker/protocol';
import { GALLERY_FILES } from '../editor/gallery/files';
import { KubectlSession, type Wire } from './session';

/** The page side over an in-process worker host: the same messages, no Worker. */
function inProcess() {
  const listeners = new Set<(m: FromWorker) => void>();
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let id = 0;
  const host = new SimHost({
    seed: 11,
    epochMs: Date.UTC(2026, 0, 1),
    paused: true,
    realNow: () => 0,
    post: (m) => {
      if (m.type === 'reply') {
        const p = pending.get(m.id)!;
        pending.delete(m.id);
        if (m.ok) p.resolve(m.result);
        else p.reject(new Error((m as Extract<ReplyMessage, { ok: false }>).error.message));
      } else for (const fn of listeners) fn(structuredClone(m));
    },
  });
  host.start();
  const wire: Wire = {
    send<T>(call: Call) {
      return new Promise<T>((resolve, reject) => {
        pending.set(++id, { resolve: resolve as (v: unknown) => void, reject });
        host.handle({ type: 'request', id, call });
        host.flush();
      });
    },
    listen(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
  return { host, wire };
}

const gallery = (file: string) => readFileSync(fileURLToPath(new URL(`../editor/gallery/${file}`, import.meta.url)), 'utf8');

describe('KubectlSession (page side) over the worker host', () => {
  it('runs a line and resolves with what kubectl printed', async () => {
    const { wire } = inProcess();
    const s = new KubectlSession(wire);
    const r = await s.run('kubectl create deployment hello --image=nginx');
    expect(r).toMatchObject({ stdout: 'deployment.apps/hello created\n', stderr: '', exitCode: 0 });
    const bad = await s.run('kubectl scale deployment nope --replicas=2');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });

  it('applies editor text as a file, and a dry run creates nothing', async () => {
    const { wire, host } = inProcess();
    const s = new KubectlSession(wire);
    const text = gallery('nginx-deployment.yaml');
    const dry = await s.run('kubectl apply -f nginx-deployment.yaml --dry-run=server', { 'nginx-deployment.yaml': text });
    expect(dry.stdout).toBe('deployment.apps/nginx-deployment created (server dry run)\n');
    expect(host.cluster.store.get('deployments', 'default', 'nginx-deployment')).toBeUndefined();
    const real = await s.run('kubectl apply -f nginx-deployment.yaml', { 'nginx-deployment.yaml': text });
    expect(real.stdout).toBe('deployment.apps/nginx-deployment created\n');
    host.cluster.runFor(30_000);
    const pods = host.cluster.store.list('pods', 'default').filter((p) => p.metadata?.name?.startsWith('nginx-deployment-'));
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.spec?.containers[0].image === 'nginx:1.14.2')).toBe(true);
  });

  it('hands kubectl edit to the editor and closes it when the run ends', async () => {
    const { wire } = inProcess();
    const opened: { run: number; title: string }[] = [];
    const closed: number[] = [];
    const s = new KubectlSession(wire, { open: (e) => opened.push(e), close: (r) => closed.push(r) });
    await s.run('kubectl create deployment hello --image=nginx');
    let exit: number | undefined;
    let out = '';
    const run = s.start('kubectl edit deployment hello', { output: (c) => (out += (c.stdout ?? '') + (c.stderr ?? '')), exit: (c) => (exit = c) });
    await Promise.resolve();
    expect(opened).toEqual([expect.objectContaining({ run, title: 'deployment.apps/hello' })]);
    expect(exit).toBeUndefined();
    await s.finishEdit(run, null);
    expect(out).toBe('Edit cancelled, no changes made.\n');
    expect(exit).toBe(0);
    expect(closed).toContain(run);
  });

  it('every gallery manifest applies unchanged', async () => {
    const { wire, host } = inProcess();
    const s = new KubectlSession(wire);
    for (const file of GALLERY_FILES) {
      const r = await s.run(`kubectl apply -f ${file}`, { [file]: gallery(file) });
      expect(r.stderr, file).toBe('');
      expect(r.exitCode, file).toBe(0);
    }
    host.cluster.runFor(60_000);
    const names = host.cluster.store.list('pods', 'default').map((p) => p.metadata?.name ?? '');
    expect(names.filter((n) => n.startsWith('redis-follower-'))).toHaveLength(2);
    expect(names).toContain('web-0');
    expect(host.cluster.store.get('ingresses', 'default', 'simple-fanout-example')).toBeDefined();
    expect(host.cluster.store.get('horizontalpodautoscalers', 'default', 'php-apache')).toBeDefined();
  });
});

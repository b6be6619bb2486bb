/**
 * Test helpers: a KubectlEnv over a real `Cluster`, with `after` on the cluster's virtual clock,
 * and `k(line)` returning the combined output the way a terminal shows it.
 */
import type { Cluster } from '../../sim/cluster';
import type { KubectlEnv } from '../command';
import { runKubectl, startKubectl } from '../index';

let seq = 0;

export function envFor(cluster: Cluster, files: Record<string, string> = {}): KubectlEnv {
  const owner = `kubectl-test-${++seq}`;
  const handlers = new Map<number, () => void>();
  let next = 0;
  cluster.clock.register(owner, (_kind, data) => {
    const id = data as number;
    const fn = handlers.get(id);
    handlers.delete(id);
    fn?.();
  });
  const metrics = cluster.components.find((c) => c.name === 'metrics-server') as unknown as KubectlEnv['metrics'];
  const env: KubectlEnv = {
    client: cluster.client('kubectl'),
    metrics,
    nowMs: () => cluster.nowMs(),
    files,
    after(ms, fn) {
      const id = ++next;
      handlers.set(id, fn);
      cluster.clock.after(ms, owner, 'kubectl', id);
      return () => handlers.delete(id);
    },
  };
  return env;
}

/** Runs a line; returns stdout + stderr as one transcript (stderr after stdout). */
export function kubectl(env: KubectlEnv, line: string): { out: string; err: string; code: number; all: string } {
  const r = runKubectl(line.startsWith('kubectl') ? line : `kubectl ${line}`, env);
  return { out: r.stdout, err: r.stderr, code: r.exitCode, all: r.stdout + r.stderr };
}

/** Starts a streaming line and collects its output in order. */
export function stream(env: KubectlEnv, line: string) {
  const chunks: string[] = [];
  let exitCode: number | undefined;
  const running = startKubectl(line.startsWith('kubectl') ? line : `kubectl ${line}`, env, (c) => {
    if (c.stdout) chunks.push(c.stdout);
    if (c.stderr) chunks.push(c.stderr);
    if (c.exitCode !== undefined) exitCode = c.exitCode;
  });
  return {
    get text() {
      return chunks.join('');
    },
    get exitCode() {
      return exitCode;
    },
    stop: () => running.stop(),
  };
}

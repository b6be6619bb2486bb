/**
 * Test harness for the real kubectl against the HTTP API: starts the server in-process on a
 * free port with the clock under the test's control, writes a kubeconfig, and runs
 * `/usr/bin/kubectl` asynchronously (the server lives in this process, so a blocking spawn
 * would deadlock) while advancing virtual time in steps, so commands that wait — rollout
 * status, drain, delete — finish deterministically.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../sim/cluster';
import { tokenize } from '../../kubectl/tokenize';
import { kubeconfigFor } from '../kubeconfig';
import { startApiServer, type RunningApiServer } from '../server';

export interface Result {
  stdout: string;
  stderr: string;
  code: number;
  /** virtual ms the clock advanced while the command ran */
  advancedMs: number;
}

export interface RunOptions {
  /** advance virtual time in steps of this many ms while the command runs (default: none) */
  stepMs?: number;
  /** stop advancing after this much virtual time (default 10 min) */
  maxMs?: number;
  /**
   * start advancing only once the command made a request matching this (`METHOD /path?query`),
   * e.g. its watch or its DELETE, so the command's first requests all happen at the same instant
   */
  advanceAfter?: RegExp | ((requests: string[]) => boolean);
  /** wall-clock limit before the command is killed */
  wallTimeoutMs?: number;
}

export function kubectlPath(): string | undefined {
  const candidates = [process.env.KUBECTL, '/usr/bin/kubectl', '/usr/local/bin/kubectl'].filter(Boolean) as string[];
  return candidates.find((p) => existsSync(p));
}

export const SKIP = process.env.SKIP_KUBECTL_CONFORMANCE === '1';

export class Harness {
  readonly dir: string;
  readonly kubeconfig: string;
  private requests: string[] = [];

  private constructor(
    readonly server: RunningApiServer,
    readonly kubectl: string,
    dir: string,
  ) {
    this.dir = dir;
    this.kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(this.kubeconfig, kubeconfigFor(server.url));
  }

  static async start(kubectl: string, seed = 7, cluster?: Cluster): Promise<Harness> {
    const dir = mkdtempSync(join(tmpdir(), 'kube-playground-'));
    let h: Harness | undefined;
    const server = await startApiServer({ seed, cluster, speed: 0, log: (l) => h?.requests.push(l) });
    h = new Harness(server, kubectl, dir);
    return h;
  }

  get cluster(): Cluster {
    return this.server.cluster;
  }

  /** Writes a file the commands can name with `-f` (same path for ours and the real kubectl). */
  file(name: string, content: string): string {
    const p = join(this.dir, name);
    writeFileSync(p, content);
    return p;
  }

  /** Runs `kubectl <line>` (a shell-like line, as typed in the terminal). */
  async run(line: string, o: RunOptions = {}): Promise<Result> {
    const args = tokenize(line.replace(/^kubectl\s+/, ''));
    const seen = this.requests.length;
    // the kubeconfig comes from the environment, not a flag: flags before an unknown command
    // make kubectl's plugin lookup refuse ("flags cannot be placed before plugin name"); the
    // discovery cache lands under HOME (this.dir/.kube/cache)
    const child = spawn(this.kubectl, args, {
      // few Go threads: the suites run kubectl often, next to the simulation, on small machines
      env: { PATH: process.env.PATH ?? '', HOME: this.dir, KUBECONFIG: this.kubeconfig, GOMAXPROCS: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    let exited: number | null = null;
    const done = new Promise<number>((resolve) => child.on('close', (code) => resolve((exited = code ?? 1))));
    let advanced = 0;
    let gated = false;
    const deadline = Date.now() + (o.wallTimeoutMs ?? 20_000);
    if (o.stepMs) {
      const max = o.maxMs ?? 600_000;
      while (exited === null && advanced < max && Date.now() < deadline) {
        await sleep(15);
        if (exited !== null) break;
        if (o.advanceAfter && !gated) {
          const reqs = this.requests.slice(seen);
          const gate = o.advanceAfter;
          if (!(typeof gate === 'function' ? gate(reqs) : reqs.some((r) => gate.test(r)))) continue;
          gated = true;
        }
        this.cluster.runFor(o.stepMs);
        advanced += o.stepMs;
      }
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(0, deadline - Date.now()));
    const code = await done;
    clearTimeout(timer);
    return { stdout, stderr, code, advancedMs: advanced };
  }

  async close(): Promise<void> {
    await this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Gate for `drain NODE`: time moves once every pod to evict has had its eviction sent. */
export function afterEvictions(cluster: Cluster, node: string): (requests: string[]) => boolean {
  const expected = cluster.store.podsOn(node).filter((p) => !p.metadata?.ownerReferences?.some((o) => o.kind === 'DaemonSet' || o.kind === 'Node')).length;
  return (reqs) => reqs.filter((r) => r.startsWith('POST ') && r.includes('/eviction')).length >= expected;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

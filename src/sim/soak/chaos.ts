/**
 * The soak's chaos monkey: once a simulated minute it does one random thing a careless learner
 * or a bad day would do — delete a pod, crash a container, pull a node's power or network cable,
 * stop a control-plane or node process, scale a Deployment, roll out a good or a bad image, change
 * the outside traffic — and schedules the matching repair (power back, process started, `rollout
 * undo`) a random while later. It has its own seeded generator so the cluster's own random
 * stream is untouched by the choice of chaos, and acts as a user would: infrastructure through
 * `infra`, API calls through a `kubectl` client (refused while the API server is down).
 */
import { ApiError, ConnectionRefusedError } from '../api/errors';
import type { Deployment, Pod, ReplicaSet } from '../api/types';
import type { Cluster } from '../cluster';
import { rollbackTemplate } from '../controllers/deployment/rollback';
import { CONTROL_PLANE_PROCESSES, NODE_PROCESSES } from '../infra/machines';
import { Random } from '../random';
import { APPS, CLIENTS, NAMESPACE, WORKERS, trafficOf, type AppSpec } from './workload';

const MIN = 60_000;

export type ChaosKind =
  | 'delete-pod'
  | 'crash-container'
  | 'power-off'
  | 'network-cut'
  | 'stop-control-plane'
  | 'stop-node-process'
  | 'scale'
  | 'rollout'
  | 'bad-rollout'
  | 'traffic';

/** A repair due at `at` (virtual ms); kept as data. */
type Repair =
  | { at: number; kind: 'power-on'; node: string }
  | { at: number; kind: 'network-up'; node: string }
  | { at: number; kind: 'process-start'; node: string; process: string }
  | { at: number; kind: 'undo'; app: string };

interface KubeletHook {
  crashContainer?(uid: string, container?: string): boolean;
}

export class Chaos {
  private readonly random: Random;
  private repairs: Repair[] = [];
  private rollouts = 0;
  /** chaos events injected, by kind (what the report counts) */
  readonly injected: Record<string, number> = {};
  /** user API calls refused because the API server was down (kubectl would print the error) */
  refused = 0;
  /** repairs done */
  repaired = 0;

  constructor(
    private readonly c: Cluster,
    seed: number,
  ) {
    this.random = new Random(seed ^ 0x5eed);
  }

  get total(): number {
    let n = 0;
    for (const k in this.injected) n += this.injected[k];
    return n;
  }

  /** Does the repairs that are due, then (when `inject`) one new piece of chaos. */
  tick(inject: boolean): void {
    const now = this.c.clock.now;
    const due = this.repairs.filter((r) => r.at <= now);
    this.repairs = this.repairs.filter((r) => r.at > now);
    for (const r of due) this.repair(r);
    if (inject) this.inject();
  }

  /** Chaos is over: power and network back everywhere, every process started, bad rollouts undone. */
  restoreAll(): void {
    const pending = this.repairs;
    this.repairs = [];
    for (const m of this.c.infra.machines.values()) {
      this.c.infra.setPower(m.name, true);
      this.c.infra.setNetwork(m.name, true);
      for (const p of Object.keys(m.processes)) this.c.infra.setProcess(m.name, p, true);
    }
    this.c.settle();
    for (const r of pending) if (r.kind === 'undo') this.repair(r);
    // an undo refused earlier is retried: nothing may stay on a bad image
    for (const a of APPS) {
      const d = this.c.store.get<Deployment>('deployments', NAMESPACE, a.name);
      if (d?.spec?.template?.spec?.containers?.[0]?.image === a.badImage) this.repair({ at: 0, kind: 'undo', app: a.name });
    }
  }

  // ---- injecting ----------------------------------------------------------------------------

  private inject(): void {
    const kinds: [ChaosKind, number][] = [
      ['delete-pod', 20],
      ['crash-container', 15],
      ['power-off', 8],
      ['network-cut', 8],
      ['stop-control-plane', 8],
      ['stop-node-process', 8],
      ['scale', 10],
      ['rollout', 8],
      ['bad-rollout', 8],
      ['traffic', 7],
    ];
    let roll = this.random.int(kinds.reduce((s, [, w]) => s + w, 0));
    let kind: ChaosKind = kinds[0][0];
    for (const [k, w] of kinds) {
      if (roll < w) {
        kind = k;
        break;
      }
      roll -= w;
    }
    if (this.act(kind)) this.injected[kind] = (this.injected[kind] ?? 0) + 1;
  }

  /** Returns whether something was done (a node already off cannot be powered off again). */
  private act(kind: ChaosKind): boolean {
    const now = this.c.clock.now;
    const infra = this.c.infra;
    switch (kind) {
      case 'delete-pod': {
        const p = this.pick(this.c.store.list<Pod>('pods', NAMESPACE).filter((x) => !x.metadata?.deletionTimestamp));
        return !!p && this.call(() => this.kubectl().delete('pods', NAMESPACE, p.metadata!.name!));
      }
      case 'crash-container': {
        const p = this.pick(this.c.store.list<Pod>('pods', NAMESPACE).filter((x) => x.status?.phase === 'Running'));
        const kubelet = this.c.components.find((x) => x.name === 'kubelet') as KubeletHook | undefined;
        return !!p && !!kubelet?.crashContainer?.(p.metadata!.uid!);
      }
      case 'power-off': {
        // at most two of five workers down at once: a teaching cluster, not a dead one
        const off = WORKERS.filter((n) => !infra.get(n)!.powered);
        const node = off.length < 2 ? this.pick(WORKERS.filter((n) => infra.get(n)!.powered)) : undefined;
        if (!node) return false;
        infra.setPower(node, false);
        this.repairs.push({ at: now + (1 + this.random.int(10)) * MIN, kind: 'power-on', node });
        return true;
      }
      case 'network-cut': {
        const node = this.pick(WORKERS.filter((n) => infra.get(n)!.network));
        if (!node) return false;
        infra.setNetwork(node, false);
        this.repairs.push({ at: now + 30_000 + this.random.int(5 * MIN), kind: 'network-up', node });
        return true;
      }
      case 'stop-control-plane': {
        const process = this.pick(CONTROL_PLANE_PROCESSES.filter((p) => infra.running('control-plane', p)));
        if (!process) return false;
        infra.setProcess('control-plane', process, false);
        this.repairs.push({ at: now + 10_000 + this.random.int(3 * MIN), kind: 'process-start', node: 'control-plane', process });
        return true;
      }
      case 'stop-node-process': {
        const node = this.pick(WORKERS);
        const process = this.pick(NODE_PROCESSES.filter((p) => infra.get(node!)!.processes[p]));
        if (!node || !process) return false;
        infra.setProcess(node, process, false);
        this.repairs.push({ at: now + 10_000 + this.random.int(3 * MIN), kind: 'process-start', node, process });
        return true;
      }
      case 'scale': {
        const app = this.pick(APPS.filter((a) => !a.autoscaled));
        if (!app) return false;
        const replicas = Math.max(1, app.replicas - 3 + this.random.int(7));
        return this.call(() => this.kubectl().patch('deployments', NAMESPACE, app.name, { spec: { replicas } }));
      }
      case 'rollout': {
        // a good rollout: another image, or a new env value (a new ReplicaSet every time, which
        // exercises revisionHistoryLimit clean-up)
        const app = this.pick(APPS)!;
        if (this.undoPending(app)) return false;
        const image = app.images[this.random.int(2)];
        const env = [{ name: 'ROLLOUT', value: String(++this.rollouts) }];
        return this.call(() => this.kubectl().patch('deployments', NAMESPACE, app.name, { spec: { template: { spec: { containers: [{ name: 'app', image, env }] } } } }, 'strategic'));
      }
      case 'bad-rollout': {
        const app = this.pick(APPS.filter((a) => !this.undoPending(a)));
        if (!app) return false;
        const ok = this.call(() => this.kubectl().patch('deployments', NAMESPACE, app.name, { spec: { template: { spec: { containers: [{ name: 'app', image: app.badImage }] } } } }, 'strategic'));
        if (ok) this.repairs.push({ at: now + MIN + this.random.int(4 * MIN), kind: 'undo', app: app.name });
        return ok;
      }
      case 'traffic': {
        const client = this.pick(CLIENTS)!;
        trafficOf(this.c).setRate(client.name, 50 + this.random.int(550));
        return true;
      }
    }
  }

  // ---- repairing ----------------------------------------------------------------------------

  private repair(r: Repair): void {
    const infra = this.c.infra;
    switch (r.kind) {
      case 'power-on':
        infra.setPower(r.node, true);
        break;
      case 'network-up':
        infra.setNetwork(r.node, true);
        break;
      case 'process-start':
        infra.setProcess(r.node, r.process, true);
        break;
      case 'undo': {
        // `kubectl rollout undo deployment/<app>`: client-side, as kubectl does it
        const ok = this.call(() => {
          const api = this.kubectl();
          const d = api.get<Deployment>('deployments', NAMESPACE, r.app);
          const rss = api.list<ReplicaSet>('replicasets', NAMESPACE).items;
          const res = rollbackTemplate(d, rss);
          if (res.kind === 'patch') api.patch('deployments', NAMESPACE, r.app, res.patch, 'json');
        });
        // refused (API server down): try again in a minute, as a learner would
        if (!ok) {
          this.repairs.push({ ...r, at: this.c.clock.now + MIN });
          return;
        }
        break;
      }
    }
    this.repaired++;
  }

  private undoPending(a: AppSpec): boolean {
    return this.repairs.some((r) => r.kind === 'undo' && r.app === a.name);
  }

  private kubectl() {
    return this.c.client('kubectl');
  }

  /** A user API call: refused while the API server is down, API errors are a user's problem. */
  private call(fn: () => void): boolean {
    try {
      fn();
      return true;
    } catch (e) {
      if (e instanceof ConnectionRefusedError) {
        this.refused++;
        return false;
      }
      if (e instanceof ApiError) return false;
      throw e;
    }
  }

  private pick<T>(list: readonly T[]): T | undefined {
    return list.length ? list[this.random.int(list.length)] : undefined;
  }
}

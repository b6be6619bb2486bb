/**
 * The canvas's calls that are not plain API verbs: infrastructure chaos (processes, network
 * links, machines), a container crash, and the scheduler's explanation for a pod. Also the
 * per-patch request counters and traffic samples the canvas animates. Kept apart from host.ts
 * so the host stays about time and the wire.
 */
import { ApiError } from '../sim/api/errors';
import type { Pod } from '../sim/api/types';
import type { RequestStats } from '../sim/apiserver/client';
import type { Cluster } from '../sim/cluster';
import { machineView } from './changes';
import { MACHINE_SIZES, type Call, type RequestDelta, type TrafficSample } from './protocol';

type CanvasCall = Extract<Call, { op: 'setProcess' | 'setNetwork' | 'addMachine' | 'removeMachine' | 'crashContainer' | 'schedulingDecision' | 'traffic' }>;

const AGENT = 'kubectl';

interface CrashHook {
  crashContainer(uid: string, container?: string): boolean;
}
interface DecisionHook {
  decisionFor(uid: string): unknown;
}
/** What the traffic component offers (duck-typed: it may not be there). */
interface TrafficHook {
  recent?(): readonly { t: number; client: string; status: TrafficSample['status']; hops: string[] }[];
  addClient?(spec: { name: string; target: Extract<Call, { op: 'traffic' }>['target']; rps: number }): void;
  setRate?(name: string, rps: number): void;
  removeClient?(name: string): void;
  clients?(): { name: string; target: { kind: string; host?: string; path?: string; namespace?: string; name?: string; node?: string; port?: number } }[];
}

function component<T>(cluster: Cluster, name: string): T | undefined {
  return cluster.components.find((c) => c.name === name) as T | undefined;
}

function machineOrThrow(cluster: Cluster, name: string) {
  const m = cluster.infra.get(name);
  if (!m) throw new Error(`machine "${name}" not found`);
  return m;
}

/** The next free `node-N` name. */
export function nextNodeName(cluster: Cluster): string {
  let n = 1;
  for (const name of cluster.infra.machines.keys()) {
    const m = /^node-(\d+)$/.exec(name);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return `node-${n}`;
}

export function canvasCall(cluster: Cluster, c: CanvasCall): unknown {
  switch (c.op) {
    case 'setProcess': {
      const m = machineOrThrow(cluster, c.machine);
      if (!(c.process in m.processes)) throw new Error(`machine "${c.machine}" has no process "${c.process}"`);
      cluster.infra.setProcess(c.machine, c.process, c.running);
      return machineView(m);
    }
    case 'setNetwork': {
      const m = machineOrThrow(cluster, c.name);
      cluster.infra.setNetwork(c.name, c.up);
      return machineView(m);
    }
    case 'addMachine': {
      const name = nextNodeName(cluster);
      cluster.addMachine({ name, ...MACHINE_SIZES[c.size] });
      return machineView(machineOrThrow(cluster, name));
    }
    case 'removeMachine': {
      const m = machineOrThrow(cluster, c.name);
      if (m.role === 'control-plane') throw new Error('the control-plane machine cannot be removed');
      cluster.infra.remove(c.name);
      // what a cloud's node lifecycle controller does when the VM is gone: delete the Node; the
      // pod garbage collector then removes the pods that were bound to it
      try {
        cluster.client(AGENT).delete('nodes', undefined, c.name);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) throw e;
      }
      return { name: c.name };
    }
    case 'crashContainer': {
      const pod = cluster.client(AGENT).get<Pod>('pods', c.namespace, c.name);
      const ok = component<CrashHook>(cluster, 'kubelet')?.crashContainer(pod.metadata?.uid ?? '', c.container);
      if (!ok) throw new Error(`pod "${c.name}" has no running container${c.container ? ` "${c.container}"` : ''} to crash`);
      return { crashed: true };
    }
    case 'traffic': {
      const t = component<TrafficHook>(cluster, 'traffic');
      if (!t?.addClient || !t.clients) throw new Error('traffic is not simulated in this build');
      const exists = t.clients().some((x) => x.name === c.name);
      if (c.rps === 0) t.removeClient?.(c.name);
      else if (exists) {
        t.removeClient?.(c.name);
        t.addClient({ name: c.name, target: c.target, rps: c.rps });
      } else t.addClient({ name: c.name, target: c.target, rps: c.rps });
      return { name: c.name, rps: c.rps };
    }
    case 'schedulingDecision': {
      const pod = cluster.client(AGENT).get<Pod>('pods', c.namespace, c.name);
      return component<DecisionHook>(cluster, 'scheduler')?.decisionFor(pod.metadata?.uid ?? '') ?? null;
    }
  }
}

export interface StatsMark {
  byAgent: Record<string, number>;
  writes: number;
}

/** Requests since `mark`, by process (agent up to the first `/`); moves the mark. */
export function requestDelta(stats: RequestStats, mark: StatsMark): RequestDelta | undefined {
  let out: RequestDelta | undefined;
  for (const agent in stats.byAgent) {
    const d = stats.byAgent[agent] - (mark.byAgent[agent] ?? 0);
    if (d <= 0) continue;
    mark.byAgent[agent] = stats.byAgent[agent];
    out ??= { byAgent: {}, writes: 0 };
    const slash = agent.indexOf('/');
    const proc = slash < 0 ? agent : agent.slice(0, slash);
    out.byAgent[proc] = (out.byAgent[proc] ?? 0) + d;
  }
  const w = stats.writes - mark.writes;
  if (w > 0) {
    mark.writes = stats.writes;
    out ??= { byAgent: {}, writes: 0 };
    out.writes = w;
  }
  return out;
}

/** At most this many samples per patch: particles explain, they do not count. */
const MAX_SAMPLES = 24;

export interface TrafficMark {
  /** virtual time of the newest sample sent */
  t: number;
}

/** The samples taken since `mark` (at most MAX_SAMPLES, the newest); moves the mark. */
export function trafficSamples(cluster: Cluster, mark: TrafficMark): TrafficSample[] | undefined {
  const t = component<TrafficHook>(cluster, 'traffic');
  const recent = t?.recent?.();
  if (!recent?.length || recent[recent.length - 1].t <= mark.t) return undefined;
  let i = recent.length;
  while (i > 0 && recent[i - 1].t > mark.t && recent.length - i < MAX_SAMPLES) i--;
  mark.t = recent[recent.length - 1].t;
  const targets = new Map((t?.clients?.() ?? []).map((c) => [c.name, c.target]));
  const out: TrafficSample[] = [];
  for (let j = i; j < recent.length; j++) {
    const s = recent[j];
    const target = targets.get(s.client);
    const via = !target
      ? ''
      : target.kind === 'ingress'
        ? `ingress ${target.host ?? ''}${target.path ?? '/'}`
        : target.kind === 'service'
          ? `service ${target.namespace}/${target.name}`
          : `nodeport ${target.node}:${target.port}`;
    out.push({ client: s.client, via, hops: s.hops, status: s.status });
  }
  return out;
}

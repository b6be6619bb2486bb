/**
 * Performs a lesson action on a Cluster — the same code in the lesson tests (Node) and in the
 * worker (the lesson's setup, its chaos rounds, "show me"). kubectl lines go through a runner
 * the caller passes in: src/lessons does not import src/kubectl, the worker and the tests hand it
 * `runKubectl` over the cluster.
 *
 * Infrastructure actions behave as the worker's canvas calls do (src/worker/canvascalls.ts):
 * power, network and processes are not API calls; deleting a pod is.
 */
import type { Pod } from '../sim/api/types';
import type { Cluster } from '../sim/cluster';
import type { ClientSpec } from '../sim/network/traffic';
import { podsMatching } from './goals';
import type { LessonAction, PodPick, SolutionItem } from './schema';

export interface ActionResult {
  ok: boolean;
  /** what a terminal would print */
  output: string;
}

export type KubectlRunner = (line: string, files?: Record<string, string>) => { stdout: string; stderr: string; exitCode: number };

const AGENT = 'kubectl';

export const MACHINE_SIZES = { small: { cpu: 2, memoryGiB: 4 }, medium: { cpu: 4, memoryGiB: 8 }, large: { cpu: 8, memoryGiB: 16 } } as const;

interface TrafficControls {
  addClient(spec: ClientSpec): void;
  setRate(name: string, rps: number): void;
  clients(): ClientSpec[];
}
interface CrashHook {
  crashContainer(uid: string, container?: string): boolean;
}
interface LoadHook {
  setSyntheticLoad(uid: string, millicores: number | undefined): void;
}

function component<T>(c: Cluster, name: string): T | undefined {
  return c.components.find((x) => x.name === name) as T | undefined;
}

/** The pod a pick names: by name, or the first active one (by name) the selector matches. */
export function pickPod(c: Cluster, pick: PodPick): Pod | undefined {
  const ns = pick.namespace ?? 'default';
  if (pick.name) return c.store.get<Pod>('pods', ns, pick.name);
  return podsMatching(c, pick.selector ?? '', ns).find((p) => !p.metadata?.deletionTimestamp && (!pick.node || p.spec?.nodeName === pick.node));
}

/** The next free `node-N` name (as the canvas names added machines). */
export function nextNodeName(c: Cluster): string {
  let n = 1;
  for (const name of c.infra.machines.keys()) {
    const m = /^node-(\d+)$/.exec(name);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return `node-${n}`;
}

export function performAction(c: Cluster, a: LessonAction, kubectl: KubectlRunner): ActionResult {
  try {
    const r = perform(c, a, kubectl);
    c.settle();
    return r;
  } catch (e) {
    return { ok: false, output: `error: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function perform(c: Cluster, a: LessonAction, kubectl: KubectlRunner): ActionResult {
  switch (a.op) {
    case 'kubectl': {
      const r = kubectl(a.line, a.files);
      return { ok: r.exitCode === 0, output: r.stdout + r.stderr };
    }
    case 'deletePod': {
      const pod = pickPod(c, a);
      if (!pod) return { ok: false, output: `error: no pod matches ${a.name ?? a.selector}` };
      c.client(AGENT).delete('pods', pod.metadata!.namespace, pod.metadata!.name!);
      return { ok: true, output: `pod "${pod.metadata!.name}" deleted\n` };
    }
    case 'crashContainer': {
      const pod = pickPod(c, a);
      const ok = !!pod && !!component<CrashHook>(c, 'kubelet')?.crashContainer(pod.metadata!.uid!, a.container);
      return { ok, output: ok ? `container of ${pod!.metadata!.name} killed (exit 137)\n` : 'error: no running container to crash\n' };
    }
    case 'powerMachine':
      if (!c.infra.get(a.name)) return { ok: false, output: `error: machine "${a.name}" not found\n` };
      c.infra.setPower(a.name, a.on);
      return { ok: true, output: `${a.name} powered ${a.on ? 'on' : 'off'}\n` };
    case 'setProcess':
      if (!c.infra.get(a.machine)) return { ok: false, output: `error: machine "${a.machine}" not found\n` };
      c.infra.setProcess(a.machine, a.process, a.running);
      return { ok: true, output: `${a.process} on ${a.machine} ${a.running ? 'started' : 'stopped'}\n` };
    case 'setNetwork':
      c.infra.setNetwork(a.name, a.up);
      return { ok: true, output: `${a.name} network ${a.up ? 'up' : 'down'}\n` };
    case 'addMachine': {
      const name = nextNodeName(c);
      c.addMachine({ name, ...MACHINE_SIZES[a.size] });
      return { ok: true, output: `machine ${name} added\n` };
    }
    case 'cordon': {
      const node = a.name ?? (a.nodeOf ? pickPod(c, { selector: a.nodeOf })?.spec?.nodeName : undefined);
      if (!node) return { ok: false, output: `error: no node for ${a.nodeOf}\n` };
      const r = kubectl(`kubectl ${a.on === false ? 'uncordon' : 'cordon'} ${node}`);
      return { ok: r.exitCode === 0, output: r.stdout + r.stderr };
    }
    case 'traffic': {
      const t = component<TrafficControls>(c, 'traffic');
      if (!t) return { ok: false, output: 'error: no traffic component\n' };
      if (t.clients().some((x) => x.name === a.client)) t.setRate(a.client, a.rps);
      else t.addClient({ name: a.client, target: a.target, rps: a.rps, from: a.from });
      return { ok: true, output: `${a.client}: ${a.rps} requests/s\n` };
    }
    case 'cpuLoad': {
      const m = component<LoadHook>(c, 'metrics-server');
      if (!m) return { ok: false, output: 'error: no metrics-server\n' };
      for (const p of podsMatching(c, a.selector, a.namespace ?? 'default')) m.setSyntheticLoad(p.metadata!.uid!, a.millicores);
      return { ok: true, output: '' };
    }
  }
}

/** Performs one solution item; `advance` runs the clock. */
export function performItem(c: Cluster, item: SolutionItem, kubectl: KubectlRunner): ActionResult {
  if (typeof item === 'string') return performAction(c, { op: 'kubectl', line: item }, kubectl);
  if ('advance' in item) {
    c.runFor(item.advance);
    return { ok: true, output: '' };
  }
  return performAction(c, item, kubectl);
}

/** How an item reads on screen: the kubectl line, or the canvas action in words. */
export function describeItem(item: SolutionItem): string {
  if (typeof item === 'string') return item;
  if ('advance' in item) return `wait ${Math.round(item.advance / 1000)} s`;
  switch (item.op) {
    case 'kubectl':
      return item.line;
    case 'deletePod':
      return `delete pod ${item.name ?? `(${item.selector})`}`;
    case 'crashContainer':
      return `crash the container of ${item.name ?? `a pod (${item.selector})`}`;
    case 'powerMachine':
      return `power ${item.on ? 'on' : 'off'} ${item.name}`;
    case 'setProcess':
      return `${item.running ? 'start' : 'stop'} ${item.process} on ${item.machine}`;
    case 'setNetwork':
      return `${item.up ? 'reconnect' : 'disconnect'} ${item.name}`;
    case 'addMachine':
      return `add a ${item.size} node`;
    case 'cordon':
      return `${item.on === false ? 'uncordon' : 'cordon'} ${item.name ?? `the node of ${item.nodeOf}`}`;
    case 'traffic':
      return `${item.client}: ${item.rps} requests/s`;
    case 'cpuLoad':
      return `load pods ${item.selector} with ${item.millicores}m CPU`;
  }
}

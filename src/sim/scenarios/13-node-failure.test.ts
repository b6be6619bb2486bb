/**
 * Scenario 13: a node stops heartbeating. A 3-replica Deployment has a pod on node-2; node-2
 * loses power. NotReady after ~40–55 s (Ready Unknown, `Kubelet stopped posting node status.`),
 * unreachable taints, the pod still Running but not Ready; ~5 min later the pod is Terminating
 * and a replacement runs elsewhere. The old pod stays Terminating until node-2 returns — or
 * until the Node object is deleted and pod GC force-deletes it.
 *
 * Timing, from the controllers' source: NotReady = last Lease renewal seen + 50 s (monitor every
 * 5 s); the NoExecute taint follows one monitor pass (5 s) later, because the controller
 * decides on the Ready condition it saw before its own update; the eviction is 300 s after that
 * (DefaultTolerationSeconds). So the replacement starts 5 min 45 s – 6 min after the failure.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, Event, Node, Pod, Taint } from '../api/types';
import { Cluster } from '../cluster';
import { deployment } from '../testing/builders';

const cond = <T extends { type: string }>(list: T[] | undefined, type: string) => list?.find((x) => x.type === type);
const readyOf = (n: Node) => cond(n.status?.conditions, 'Ready');
const taintsOf = (n: Node): Taint[] => n.spec?.taints ?? [];
const webPods = (c: Cluster) => c.store.list<Pod>('pods', 'default').filter((p) => p.metadata?.labels?.app === 'web');
const isRunningReady = (p: Pod) => p.status?.phase === 'Running' && cond(p.status?.conditions, 'Ready')?.status === 'True' && !p.metadata?.deletionTimestamp;

interface Failed {
  c: Cluster;
  victim: string;
  failedAt: number;
  /** the pods before the failure */
  before: string[];
}

/** A settled 3-replica Deployment with one pod on node-2, and node-2 powered off. */
function failNode2(): Failed {
  const c = Cluster.create({ seed: 1 });
  c.api.create('deployments', 'default', deployment('web', { replicas: 3 }));
  expect(c.runUntilTrue(() => webPods(c).filter(isRunningReady).length === 3, 120_000, 1000)).toBe(true);
  const victim = webPods(c).find((p) => p.spec?.nodeName === 'node-2');
  expect(victim, 'a web pod on node-2').toBeDefined();
  c.infra.setPower('node-2', false);
  return { c, victim: victim!.metadata!.name!, failedAt: c.clock.now, before: webPods(c).map((p) => p.metadata!.name!) };
}

describe('scenario 13: a node stops heartbeating', () => {
  let s: Failed;
  const node2 = () => s.c.store.get<Node>('nodes', '', 'node-2')!;
  const victim = () => s.c.store.get<Pod>('pods', 'default', s.victim);
  const since = () => (s.c.clock.now - s.failedAt) / 1000;

  beforeAll(() => {
    s = failNode2();
  });

  it('node-2 turns NotReady 40–55 s after it lost power', () => {
    expect(s.c.runUntilTrue(() => readyOf(node2())?.status !== 'True', 120_000, 1000)).toBe(true);
    expect(since()).toBeGreaterThanOrEqual(40);
    expect(since()).toBeLessThanOrEqual(55);
    expect(readyOf(node2())).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) expect(cond(node2().status?.conditions, type)?.status).toBe('Unknown');
    const ev = s.c.store.list<Event>('events').find((e) => e.reason === 'NodeNotReady' && e.involvedObject.kind === 'Node');
    expect(ev).toMatchObject({ type: 'Normal', message: 'Node node-2 status is now: NodeNotReady', source: { component: 'node-controller' } });
  });

  it('gets the unreachable taints: NoSchedule at once, NoExecute one monitor pass later', () => {
    expect(taintsOf(node2()).map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    s.c.runFor(5_000);
    expect(taintsOf(node2()).map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    for (const t of taintsOf(node2())) expect(t.timeAdded).toMatch(/^2026-01-01T\d\d:\d\d:\d\dZ$/);
  });

  it('its pod still shows Running but is no longer Ready; the Deployment counts 2 available', () => {
    const p = victim()!;
    expect(p.status?.phase).toBe('Running');
    expect(p.metadata?.deletionTimestamp).toBeUndefined();
    expect(cond(p.status?.conditions, 'Ready')?.status).toBe('False');
    // MarkPodsNotReady touches only the Ready condition: nobody rewrites the container statuses
    // of a dead node, so kubectl's READY column (counted from them) still says 1/1
    expect(p.status?.containerStatuses?.map((x) => x.ready)).toEqual([true]);
    const ev = s.c.store.list<Event>('events').find((e) => e.reason === 'NodeNotReady' && e.involvedObject.name === s.victim);
    expect(ev).toMatchObject({ type: 'Warning', message: 'Node is not ready' });
    s.c.runFor(1_000);
    expect(s.c.store.get<Deployment>('deployments', 'default', 'web')?.status?.availableReplicas).toBe(2);
    expect(webPods(s.c)).toHaveLength(3); // nothing replaced yet
  });

  it('about 5 min later the pod is Terminating and a replacement runs on another node', () => {
    s.c.runUntil(s.failedAt + 340_000);
    expect(victim()?.metadata?.deletionTimestamp).toBeUndefined();
    expect(webPods(s.c)).toHaveLength(3);

    expect(s.c.runUntilTrue(() => !!victim()?.metadata?.deletionTimestamp, 30_000, 1000)).toBe(true);
    expect(since()).toBeGreaterThanOrEqual(345);
    expect(since()).toBeLessThanOrEqual(361);
    expect(cond(victim()!.status?.conditions, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
    const ev = s.c.store.list<Event>('events').find((e) => e.reason === 'TaintManagerEviction');
    expect(ev).toMatchObject({ type: 'Normal', message: `Marking for deletion Pod default/${s.victim}`, source: { component: 'taint-eviction-controller' } });

    const replacement = () => webPods(s.c).find((p) => !s.before.includes(p.metadata!.name!));
    expect(replacement(), 'created at once').toBeDefined();
    expect(s.c.runUntilTrue(() => !!replacement() && isRunningReady(replacement()!), 60_000, 1000)).toBe(true);
    // ~5 min 40 s – 6 min after the failure (the reference's 5:40–5:55 plus the source's 5 s tainting pass)
    expect(since()).toBeGreaterThanOrEqual(340);
    expect(since()).toBeLessThanOrEqual(365);
    expect(replacement()?.spec?.nodeName).not.toBe('node-2');
    expect(webPods(s.c).filter(isRunningReady).every((p) => p.spec?.nodeName !== 'node-2')).toBe(true);
  });

  it('the old pod stays Terminating while node-2 is down', () => {
    s.c.runUntil(s.failedAt + 1_200_000);
    const p = victim()!;
    expect(p.metadata?.deletionTimestamp).toBeDefined();
    expect(p.status?.phase).toBe('Running'); // printed as Terminating
    expect(webPods(s.c)).toHaveLength(4);
  });

  it('when node-2 returns, the old pod is gone and the taints come off', () => {
    s.c.infra.setPower('node-2', true);
    expect(s.c.runUntilTrue(() => !victim(), 120_000, 1000)).toBe(true);
    expect(s.c.runUntilTrue(() => readyOf(node2())?.status === 'True' && !taintsOf(node2()).length, 120_000, 1000)).toBe(true);
    expect(webPods(s.c).filter(isRunningReady)).toHaveLength(3);
  });
});

describe('scenario 13, the other way out: delete the Node object', () => {
  it('pod GC force-deletes the Terminating pod 40–60 s after the Node is deleted', () => {
    const { c, victim, failedAt } = failNode2();
    const pod = () => c.store.get<Pod>('pods', 'default', victim);
    c.runUntil(failedAt + 420_000);
    expect(pod()?.metadata?.deletionTimestamp).toBeDefined();
    c.api.delete('nodes', undefined, 'node-2');
    const deletedAt = c.clock.now;
    expect(c.runUntilTrue(() => !pod(), 120_000, 1000)).toBe(true);
    expect(c.clock.now - deletedAt).toBeGreaterThanOrEqual(40_000);
    expect(c.clock.now - deletedAt).toBeLessThanOrEqual(60_000);
    expect(webPods(c).filter(isRunningReady)).toHaveLength(3);
    expect(webPods(c)).toHaveLength(3);
  });

  it('deleting the Node before the eviction: its pods go (pod GC) and are replaced at once', () => {
    const { c, victim, failedAt } = failNode2();
    c.runUntil(failedAt + 60_000);
    c.api.delete('nodes', undefined, 'node-2');
    const deletedAt = c.clock.now;
    expect(c.runUntilTrue(() => !c.store.get('pods', 'default', victim), 120_000, 1000)).toBe(true);
    expect(c.clock.now - deletedAt).toBeLessThanOrEqual(60_000);
    expect(c.runUntilTrue(() => webPods(c).filter(isRunningReady).length === 3, 60_000, 1000)).toBe(true);
  });
});

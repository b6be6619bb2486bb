/**
 * The node lifecycle controller on a cluster without machines: Nodes, Leases and Pods are made
 * through the API, and a stand-in kubelet (a timer in the test) renews Leases every 10 s.
 */
import { describe, expect, it } from 'vitest';
import type { Event, Node, NodeCondition, Pod, Taint } from '../api/types';
import { Cluster } from '../cluster';
import { parseTime, rfc3339, rfc3339Micro } from '../util/time';

const T0 = Date.UTC(2026, 0, 1);

function conditions(now: string, ready: 'True' | 'False' = 'True'): NodeCondition[] {
  const c = (type: string, status: string, reason: string, message: string): NodeCondition => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ready === 'True' ? c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status') : c('Ready', 'False', 'KubeletNotReady', 'container runtime network not ready'),
  ];
}

/** A cluster with `names` registered and heartbeating; `alive` controls who keeps renewing. */
function setup(names: string[], opts: { labels?: Record<string, Record<string, string>> } = {}) {
  const c = Cluster.create({ machines: [] });
  const alive = new Set(names);
  const now = () => rfc3339(c.nowMs());
  for (const name of names) {
    c.api.create('nodes', undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: opts.labels?.[name] }, spec: {}, status: { conditions: conditions(now()) } });
    c.api.create('leases', 'kube-node-lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: rfc3339Micro(c.nowMs()) } });
  }
  c.clock.register('test-kubelet', (_k, data) => {
    const name = data as string;
    if (alive.has(name)) {
      const lease = c.api.get('leases', 'kube-node-lease', name);
      c.api.update('leases', 'kube-node-lease', { ...lease, spec: { ...lease.spec, renewTime: rfc3339Micro(c.nowMs()) } });
    }
    c.clock.after(10_000, 'test-kubelet', 'renew', name);
  });
  for (const name of names) c.clock.after(10_000, 'test-kubelet', 'renew', name);
  c.settle();
  return { c, alive };
}

/** What the kubelet posts when it is back or changes its mind: fresh conditions. */
function postStatus(c: Cluster, name: string, ready: 'True' | 'False' = 'True'): void {
  const n = c.api.get<Node>('nodes', undefined, name);
  c.api.update('nodes', undefined, { ...n, status: { ...n.status, conditions: conditions(rfc3339(c.nowMs()), ready) } }, { subresource: 'status' });
}

function runningPod(c: Cluster, name: string, node: string): Pod {
  const p = c.api.create<Pod>('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: node, containers: [{ name: 'nginx', image: 'nginx:1.27' }] } });
  const t = rfc3339(c.nowMs());
  const ready = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: t });
  return c.api.update<Pod>('pods', 'default', { ...p, status: { phase: 'Running', conditions: [ready('Initialized'), ready('Ready'), ready('ContainersReady'), ready('PodScheduled')] } }, { subresource: 'status' });
}

const node = (c: Cluster, name: string) => c.store.get<Node>('nodes', '', name)!;
const cond = (n: Node, type: string) => n.status!.conditions!.find((x) => x.type === type)!;
const taint = (n: Node, key: string, effect: string): Taint | undefined => n.spec?.taints?.find((t) => t.key === key && t.effect === effect);
const events = (c: Cluster, reason: string) => c.store.list<Event>('events').filter((e) => e.reason === reason);
const readyStatus = (c: Cluster, name: string) => c.store.get<Pod>('pods', 'default', name)!.status!.conditions!.find((x) => x.type === 'Ready')!.status;

describe('node lifecycle controller', () => {
  it('records RegisteredNode for each node it starts watching', () => {
    const { c } = setup(['node-1', 'node-2']);
    c.runUntil(5_000); // the next monitor pass
    const ev = events(c, 'RegisteredNode');
    expect(ev.map((e) => e.message)).toEqual(['Node node-1 event: Registered Node node-1 in Controller', 'Node node-2 event: Registered Node node-2 in Controller']);
    expect(ev[0]).toMatchObject({ type: 'Normal', source: { component: 'node-controller' }, involvedObject: { kind: 'Node', name: 'node-1' } });
  });

  it('marks a silent node Unknown after the 50 s grace, taints it and marks its pods not ready', () => {
    const { c, alive } = setup(['node-1', 'node-2', 'node-3']);
    runningPod(c, 'web', 'node-2');
    c.runUntil(30_000);
    alive.delete('node-2'); // last renewal was at 30 s
    const failedAt = c.clock.now;
    expect(c.runUntilTrue(() => cond(node(c, 'node-2'), 'Ready').status === 'Unknown', 120_000, 1000)).toBe(true);
    const detected = c.clock.now - failedAt;
    expect(detected).toBeGreaterThanOrEqual(40_000);
    expect(detected).toBeLessThanOrEqual(56_000);

    const n = node(c, 'node-2');
    const nowTs = rfc3339(c.nowMs());
    expect(cond(n, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(parseTime(cond(n, 'Ready').lastTransitionTime)).toBeLessThanOrEqual(c.nowMs());
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure']) expect(cond(n, type)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    // the heartbeat stays where the kubelet left it
    expect(cond(n, 'Ready').lastHeartbeatTime).toBe(rfc3339(T0));
    // NoSchedule at once (from the condition); NoExecute one monitor pass later
    expect(taint(n, 'node.kubernetes.io/unreachable', 'NoSchedule')?.timeAdded).toBeDefined();
    expect(taint(n, 'node.kubernetes.io/unreachable', 'NoExecute')).toBeUndefined();
    c.runFor(5_000);
    const ne = taint(node(c, 'node-2'), 'node.kubernetes.io/unreachable', 'NoExecute');
    expect(ne?.timeAdded).toBe(rfc3339(c.nowMs()));
    expect(parseTime(ne!.timeAdded) - parseTime(nowTs)).toBe(5_000);

    // the pod: Ready=False but still Running, as nobody updates its phase
    const pod = c.store.get<Pod>('pods', 'default', 'web')!;
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: nowTs });
    expect(pod.status?.conditions?.find((x) => x.type === 'ContainersReady')?.status).toBe('True');
    expect(events(c, 'NodeNotReady').map((e) => [e.involvedObject.kind, e.type, e.message])).toEqual([
      ['Node', 'Normal', 'Node node-2 status is now: NodeNotReady'],
      ['Pod', 'Warning', 'Node is not ready'],
    ]);
    // the healthy nodes are untouched
    expect(cond(node(c, 'node-1'), 'Ready').status).toBe('True');
    expect(node(c, 'node-1').spec?.taints).toBeUndefined();
  });

  it('a pod bound to a node that is already NotReady is marked not ready too', () => {
    const { c, alive } = setup(['node-1', 'node-2', 'node-3']);
    alive.delete('node-2');
    c.runUntil(120_000);
    expect(cond(node(c, 'node-2'), 'Ready').status).toBe('Unknown');
    runningPod(c, 'late', 'node-2');
    c.settle();
    expect(readyStatus(c, 'late')).toBe('False');
  });

  it('takes the taints off when the kubelet comes back', () => {
    const { c, alive } = setup(['node-1', 'node-2', 'node-3']);
    alive.delete('node-2');
    c.runUntil(120_000);
    expect(taint(node(c, 'node-2'), 'node.kubernetes.io/unreachable', 'NoExecute')).toBeDefined();
    alive.add('node-2');
    postStatus(c, 'node-2');
    c.settle();
    // the condition taint follows the condition at once
    expect(taint(node(c, 'node-2'), 'node.kubernetes.io/unreachable', 'NoSchedule')).toBeUndefined();
    c.runFor(5_000);
    expect(node(c, 'node-2').spec?.taints).toBeUndefined();
    expect(cond(node(c, 'node-2'), 'Ready').status).toBe('True');
  });

  it('a kubelet reporting Ready=False gets the not-ready taints', () => {
    const { c } = setup(['node-1', 'node-2', 'node-3']);
    c.runUntil(12_000);
    postStatus(c, 'node-3', 'False');
    c.settle();
    expect(taint(node(c, 'node-3'), 'node.kubernetes.io/not-ready', 'NoSchedule')).toBeDefined();
    c.runFor(5_000);
    expect(taint(node(c, 'node-3'), 'node.kubernetes.io/not-ready', 'NoExecute')).toBeDefined();
    expect(taint(node(c, 'node-3'), 'node.kubernetes.io/unreachable', 'NoExecute')).toBeUndefined();
    // the node controller only reports transitions it caused
    expect(events(c, 'NodeNotReady')).toHaveLength(0);
  });

  it('a node that never posted status is Unknown after the 60 s startup grace', () => {
    const c = Cluster.create({ machines: [] });
    c.api.create('nodes', undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'ghost' }, spec: {} });
    c.runUntil(55_000);
    expect(node(c, 'ghost').status?.conditions).toBeUndefined();
    c.runUntil(70_000);
    const ready = cond(node(c, 'ghost'), 'Ready');
    expect(ready).toMatchObject({ status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: rfc3339(T0) });
    expect(node(c, 'ghost').status?.conditions?.map((x) => x.type)).toEqual(['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']);
  });

  it('cordon adds the unschedulable taint, uncordon removes it', () => {
    const { c } = setup(['node-1']);
    c.api.patch('nodes', undefined, 'node-1', { spec: { unschedulable: true } });
    c.settle();
    expect(node(c, 'node-1').spec?.taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: rfc3339(T0) }]);
    c.api.patch('nodes', undefined, 'node-1', { spec: { unschedulable: null } });
    c.settle();
    expect(node(c, 'node-1').spec?.taints).toBeUndefined();
  });

  it('rate-limits NoExecute taints to 0.1 nodes per second', () => {
    const names = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7'];
    const { c, alive } = setup(names);
    alive.delete('n2');
    alive.delete('n3');
    c.runUntil(120_000);
    const t2 = parseTime(taint(node(c, 'n2'), 'node.kubernetes.io/unreachable', 'NoExecute')!.timeAdded);
    const t3 = parseTime(taint(node(c, 'n3'), 'node.kubernetes.io/unreachable', 'NoExecute')!.timeAdded);
    expect(Math.abs(t3 - t2)).toBe(10_000);
    // NoSchedule is not rate-limited: both at the same moment
    expect(taint(node(c, 'n2'), 'node.kubernetes.io/unreachable', 'NoSchedule')!.timeAdded).toBe(taint(node(c, 'n3'), 'node.kubernetes.io/unreachable', 'NoSchedule')!.timeAdded);
  });

  it('adds no NoExecute taint when every node is down (full disruption)', () => {
    const { c, alive } = setup(['node-1', 'node-2']);
    runningPod(c, 'web', 'node-1');
    alive.clear();
    c.runUntil(200_000);
    for (const name of ['node-1', 'node-2']) {
      expect(cond(node(c, name), 'Ready').status).toBe('Unknown');
      expect(taint(node(c, name), 'node.kubernetes.io/unreachable', 'NoSchedule')).toBeDefined();
      expect(taint(node(c, name), 'node.kubernetes.io/unreachable', 'NoExecute')).toBeUndefined();
    }
    c.runUntil(700_000);
    expect(c.store.get<Pod>('pods', 'default', 'web')!.metadata?.deletionTimestamp).toBeUndefined();
  });

  it('zones are judged apart: a whole zone down while another is up is evicted normally', () => {
    const labels = { a1: { 'topology.kubernetes.io/zone': 'a' }, b1: { 'topology.kubernetes.io/zone': 'b' }, b2: { 'topology.kubernetes.io/zone': 'b' } };
    const { c, alive } = setup(['a1', 'b1', 'b2'], { labels });
    alive.delete('a1');
    c.runUntil(120_000);
    expect(taint(node(c, 'a1'), 'node.kubernetes.io/unreachable', 'NoExecute')).toBeDefined();
  });

  it('a restored snapshot has the same future', () => {
    const { c, alive } = setup(['node-1', 'node-2', 'node-3']);
    alive.delete('node-2');
    c.runUntil(40_000);
    // the test kubelet's timers are data the restored cluster must handle too
    const restored = Cluster.restore(c.snapshot());
    restored.clock.register('test-kubelet', (_k, data) => {
      const name = data as string;
      if (name !== 'node-2') {
        const lease = restored.api.get('leases', 'kube-node-lease', name);
        restored.api.update('leases', 'kube-node-lease', { ...lease, spec: { ...lease.spec, renewTime: rfc3339Micro(restored.nowMs()) } });
      }
      restored.clock.after(10_000, 'test-kubelet', 'renew', name);
    });
    c.runUntil(200_000);
    restored.runUntil(200_000);
    expect(restored.store.list('nodes')).toEqual(c.store.list('nodes'));
    expect(restored.store.revision).toBe(c.store.revision);
  });
});

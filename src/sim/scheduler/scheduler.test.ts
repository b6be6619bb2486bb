/**
 * The scheduler as a component of a cluster: binding, events, conditions, the assumed-pod cache,
 * retries, the adaptive node sampling, decision records, restarts and snapshots. Nodes are made
 * by hand on a cluster without machines, so these tests do not depend on the kubelet.
 */
import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { pod } from '../testing/builders';
import type { Scheduler } from './scheduler';
import { addNodes, CONTROL_PLANE_TAINT, testNode } from './testnodes';

function cluster(nodes = 0, o: Parameters<typeof testNode>[1] = {}) {
  const c = Cluster.create({ machines: [] });
  const list = Array.from({ length: nodes }, (_, i) => testNode(`node-${i + 1}`, o));
  addNodes(c, list);
  const scheduler = c.components.find((x) => x.name === 'scheduler') as Scheduler;
  return { c, scheduler };
}
const cpu = (q: string) => ({ container: { resources: { requests: { cpu: q } } } });
const get = (c: Cluster, name: string) => c.store.get<Pod>('pods', 'default', name)!;
const events = (c: Cluster, name: string) => c.store.list<Event>('events', 'default').filter((e) => e.involvedObject.name === name);

describe('scheduler', () => {
  it('binds a pod, records Scheduled, and sets PodScheduled=True', () => {
    const { c } = cluster(1);
    c.api.create('pods', 'default', pod('web'));
    c.settle();
    const p = get(c, 'web');
    expect(p.spec?.nodeName).toBe('node-1');
    expect(p.status?.conditions?.find((x) => x.type === 'PodScheduled')?.status).toBe('True');
    const ev = events(c, 'web').find((e) => e.reason === 'Scheduled')!;
    expect(ev.message).toBe('Successfully assigned default/web to node-1');
    expect(ev.type).toBe('Normal');
    expect(ev.source?.component).toBe('default-scheduler');
  });

  it('leaves alone pods with nodeName preset or another schedulerName', () => {
    const { c } = cluster(2);
    c.api.create('pods', 'default', pod('pinned', { spec: { nodeName: 'node-2' } }));
    c.api.create('pods', 'default', pod('other', { spec: { schedulerName: 'my-scheduler' } }));
    c.settle();
    expect(get(c, 'other').spec?.nodeName).toBeUndefined();
    expect(events(c, 'pinned')).toEqual([]);
    expect(events(c, 'other')).toEqual([]);
  });

  it('counts a bound pod at once: pods placed in one pass never overcommit a node', () => {
    const { c } = cluster(2, { cpu: '1' });
    for (let i = 0; i < 5; i++) c.api.create('pods', 'default', pod(`p${i}`, cpu('500m')));
    c.settle();
    const pods = c.store.list<Pod>('pods', 'default');
    const perNode = new Map<string, number>();
    for (const p of pods) if (p.spec?.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    expect([...perNode.values()]).toEqual([2, 2]);
    const pending = pods.filter((p) => !p.spec?.nodeName);
    expect(pending).toHaveLength(1);
    expect(pending[0].status?.conditions?.[0]).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.' });
  });

  it('retries an unschedulable pod when a pod is deleted, after its back-off', () => {
    const { c } = cluster(1, { cpu: '1' });
    c.api.create('pods', 'default', pod('a', cpu('1')));
    c.api.create('pods', 'default', pod('b', cpu('1')));
    c.settle();
    expect(get(c, 'b').spec?.nodeName).toBeUndefined();
    c.api.delete('pods', 'default', 'a', { gracePeriodSeconds: 0 });
    c.settle();
    expect(get(c, 'b').spec?.nodeName).toBeUndefined(); // still backing off (1 s)
    c.runFor(1000);
    expect(get(c, 'b').spec?.nodeName).toBe('node-1');
  });

  it('retries when a node is added, and when a cordoned node is uncordoned', () => {
    const { c } = cluster(0);
    c.api.create('pods', 'default', pod('a'));
    c.settle();
    const ev = events(c, 'a').find((e) => e.reason === 'FailedScheduling')!;
    expect(ev.message).toBe('no nodes available to schedule pods');
    addNodes(c, [testNode('n1', { unschedulable: true })]);
    c.runFor(2000);
    expect(get(c, 'a').spec?.nodeName).toBeUndefined();
    expect(get(c, 'a').status?.conditions?.[0].message).toBe('0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
    c.api.patch('nodes', undefined, 'n1', { spec: { unschedulable: null } }, 'merge');
    c.runFor(10_000);
    expect(get(c, 'a').spec?.nodeName).toBe('n1');
  });

  it('without any event retries at most 5 minutes later; repeated failures fold into one event', () => {
    // a whole cluster: hand-made nodes without kubelets would turn unreachable after 50 s
    const c = Cluster.create();
    c.api.create('pods', 'default', pod('big', cpu('5')));
    c.runFor(60_000);
    const first = events(c, 'big').filter((e) => e.reason === 'FailedScheduling');
    expect(first).toHaveLength(1);
    expect(first[0].count).toBe(1);
    c.runFor(300_000);
    const later = events(c, 'big').filter((e) => e.reason === 'FailedScheduling');
    expect(later).toHaveLength(1);
    expect(later[0].count).toBe(2);
  });

  it('evaluates every node below 100 nodes, and a sample above (percentageOfNodesToScore)', () => {
    const small = cluster(50);
    small.c.api.create('pods', 'default', pod('p'));
    small.c.settle();
    const d = small.scheduler.decisionFor(get(small.c, 'p').metadata!.uid!)!;
    expect(d).toMatchObject({ nodesTotal: 50, evaluated: 50, feasible: 50, result: 'Scheduled', summarized: false });
    expect(d.scores).toHaveLength(50);
    expect(d.scores[0].node).toBe(d.node);
    // every node runs a kube-proxy pod: no requests, so it counts as 100m / 200Mi when scoring
    expect(d.scores[0].byPlugin).toMatchObject({ TaintToleration: 300, NodeResourcesFit: 95 });

    const big = cluster(1000);
    big.c.api.create('pods', 'default', pod('p'));
    big.c.settle();
    const b = big.scheduler.decisionFor(get(big.c, 'p').metadata!.uid!)!;
    // 1000 nodes: pct = 50 − 8 = 42 → 420 nodes
    expect(b).toMatchObject({ nodesTotal: 1000, evaluated: 420, feasible: 420, summarized: true, filtered: [] });
    expect(b.scores).toHaveLength(10);
  });

  it('keeps full filter detail in decision records for small clusters', () => {
    const { c, scheduler } = cluster(0);
    addNodes(c, [testNode('cp', { taints: [CONTROL_PLANE_TAINT] }), testNode('w', { cpu: '1' })]);
    c.api.create('pods', 'default', pod('x', cpu('2')));
    c.settle();
    const d = scheduler.decisionFor(get(c, 'x').metadata!.uid!)!;
    expect(d.result).toBe('Unschedulable');
    expect(d.filtered).toEqual([
      { node: 'cp', plugin: 'TaintToleration', reason: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }' },
      { node: 'w', plugin: 'NodeResourcesFit', reason: 'Insufficient cpu' },
    ]);
    expect(d.message).toBe(get(c, 'x').status?.conditions?.[0].message);
  });

  it('filters a pod pinned by matchFields metadata.name (a DaemonSet pod) on that node alone', () => {
    const { c, scheduler } = cluster(0);
    addNodes(c, [testNode('a'), testNode('b', { cpu: '1' }), testNode('c')]);
    const pinned = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } };
    c.api.create('pods', 'default', pod('fits', { spec: { affinity: pinned } }));
    c.api.create('pods', 'default', pod('big', { ...cpu('2'), spec: { affinity: pinned } }));
    c.settle();
    expect(get(c, 'fits').spec?.nodeName).toBe('b');
    expect(scheduler.decisionFor(get(c, 'fits').metadata!.uid!)).toMatchObject({ nodesTotal: 3, evaluated: 1, feasible: 1 });
    const d = scheduler.decisionFor(get(c, 'big').metadata!.uid!)!;
    expect(d).toMatchObject({ result: 'Unschedulable', evaluated: 1 });
    expect(d.message).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
    expect(d.filtered.map((f) => `${f.node}:${f.plugin}`)).toEqual(['a:NodeAffinity', 'c:NodeAffinity', 'b:NodeResourcesFit']);
  });

  it('preempts lower-priority pods when that makes room', () => {
    const { c } = cluster(1, { cpu: '1' });
    c.api.create('pods', 'default', pod('low', cpu('1')));
    c.settle();
    c.api.create('pods', 'default', pod('high', { ...cpu('1'), spec: { priority: 1000 } }));
    c.settle();
    const low = get(c, 'low');
    expect(low.metadata?.deletionTimestamp).toBeDefined();
    expect(low.status?.conditions?.find((x) => x.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'PreemptionByScheduler' });
    const high = get(c, 'high');
    expect(high.status?.nominatedNodeName).toBe('node-1');
    expect(events(c, 'low').find((e) => e.reason === 'Preempted')?.message).toBe(`Preempted by pod ${high.metadata!.uid} on node node-1`);
    // the victim's object goes away (as the kubelet would finish it), then the preemptor fits
    c.api.delete('pods', 'default', 'low', { gracePeriodSeconds: 0 });
    c.runFor(2000);
    expect(get(c, 'high').spec?.nodeName).toBe('node-1');
  });

  it('does nothing while kube-scheduler is stopped, and queues every pending pod when it starts', () => {
    const c = Cluster.create();
    c.runFor(2000);
    c.infra.setProcess('control-plane', 'kube-scheduler', false);
    c.api.create('pods', 'default', pod('waiting'));
    c.runFor(30_000);
    expect(get(c, 'waiting').spec?.nodeName).toBeUndefined();
    c.infra.setProcess('control-plane', 'kube-scheduler', true);
    c.settle();
    expect(get(c, 'waiting').spec?.nodeName).toMatch(/^node-/);
  });

  it('restores from a snapshot to the same future, decisions included', () => {
    const { c, scheduler } = cluster(5, { cpu: '1' });
    for (let i = 0; i < 8; i++) c.api.create('pods', 'default', pod(`p${i}`, cpu('600m')));
    c.settle();
    const snap = c.snapshot();
    const r = Cluster.restore(snap);
    const rs = r.components.find((x) => x.name === 'scheduler') as Scheduler;
    const pendingUid = c.store.list<Pod>('pods').find((p) => !p.spec?.nodeName)!.metadata!.uid!;
    expect(rs.decisionFor(pendingUid)).toEqual(scheduler.decisionFor(pendingUid));
    for (const x of [c, r]) {
      x.api.delete('pods', 'default', 'p0', { gracePeriodSeconds: 0 });
      x.runFor(400_000);
    }
    const where = (x: Cluster) => x.store.list<Pod>('pods').map((p) => `${p.metadata?.name}@${p.spec?.nodeName ?? '-'}`);
    expect(where(r)).toEqual(where(c));
    expect(r.store.revision).toBe(c.store.revision);
  });
});

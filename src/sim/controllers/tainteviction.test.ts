/**
 * The taint eviction controller on a cluster without machines: a Node is tainted through the
 * API and pods on it are deleted when (and only when) their tolerations run out.
 */
import { describe, expect, it } from 'vitest';
import type { Event, Node, Pod, Taint, Toleration } from '../api/types';
import { Cluster } from '../cluster';
import { rfc3339, rfc3339Micro } from '../util/time';
import { matchingTolerations, minTolerationMs, toleratesTaint } from './taints';

/**
 * A healthy node (Ready, Lease renewed every 10 s by a stand-in kubelet), so the node lifecycle
 * controller leaves it alone; the tests taint it by hand with a taint that controller does not
 * manage. `alive` stops the stand-in.
 */
function setup(c = Cluster.create({ machines: [] }), alive = { on: true }) {
  const now = rfc3339(c.nowMs());
  c.api.create('nodes', undefined, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1' },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletReady', message: 'kubelet is posting ready status' }] },
  });
  c.api.create('leases', 'kube-node-lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1' }, spec: { holderIdentity: 'node-1', renewTime: rfc3339Micro(c.nowMs()) } });
  standInKubelet(c, alive);
  c.clock.after(10_000, 'test-kubelet', 'renew');
  c.settle();
  return c;
}

/** Timers are data: a restored cluster needs the handler registered again. */
function standInKubelet(c: Cluster, alive = { on: true }): void {
  c.clock.register('test-kubelet', () => {
    if (alive.on) {
      const l = c.api.get('leases', 'kube-node-lease', 'node-1');
      c.api.update('leases', 'kube-node-lease', { ...l, spec: { ...l.spec, renewTime: rfc3339Micro(c.nowMs()) } });
    }
    c.clock.after(10_000, 'test-kubelet', 'renew');
  });
}

const MAINTENANCE: Taint = { key: 'example.com/maintenance', effect: 'NoExecute' };
const tolerate = (seconds?: number): Toleration[] => [{ key: MAINTENANCE.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds }];

function podOn(c: Cluster, name: string, tolerations?: Toleration[]): Pod {
  return c.api.create<Pod>('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: 'node-1', tolerations, containers: [{ name: 'nginx', image: 'nginx:1.27' }] } });
}

function setTaints(c: Cluster, taints: Taint[] | null): void {
  c.api.patch('nodes', undefined, 'node-1', { spec: { taints } });
  c.settle();
}

const pod = (c: Cluster, name: string) => c.store.get<Pod>('pods', 'default', name);
const evictions = (c: Cluster) => c.store.list<Event>('events').filter((e) => e.reason === 'TaintManagerEviction');

describe('taint eviction controller', () => {
  it('deletes a pod when its toleration runs out, marking it first', () => {
    const c = setup();
    podOn(c, 'web', tolerate(300));
    c.runUntil(10_000);
    const tainted = c.nowMs();
    setTaints(c, [{ ...MAINTENANCE, timeAdded: rfc3339(tainted) }]);
    c.runUntil(309_000);
    expect(pod(c, 'web')?.metadata?.deletionTimestamp).toBeUndefined();
    c.runUntil(310_000);
    const p = pod(c, 'web')!;
    // graceful: nobody (no kubelet) finishes it, so it stays Terminating
    expect(p.metadata?.deletionTimestamp).toBe(rfc3339(tainted + 300_000 + 30_000));
    expect(p.metadata?.deletionGracePeriodSeconds).toBe(30);
    expect(p.status?.conditions?.find((x) => x.type === 'DisruptionTarget')).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: rfc3339(tainted + 300_000),
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    });
    expect(evictions(c).map((e) => [e.type, e.message, e.source?.component, e.involvedObject.kind])).toEqual([['Normal', 'Marking for deletion Pod default/web', 'taint-eviction-controller', 'Pod']]);
    c.runUntil(1_000_000);
    expect(pod(c, 'web')?.metadata?.deletionTimestamp).toBeDefined();
    expect(evictions(c)).toHaveLength(1);
  });

  it('deletes at once a pod that does not tolerate the taint', () => {
    const c = setup();
    podOn(c, 'web');
    setTaints(c, [MAINTENANCE]);
    expect(pod(c, 'web')?.metadata?.deletionTimestamp).toBe(rfc3339(c.nowMs() + 30_000));
  });

  it('never deletes a pod that tolerates the taint forever', () => {
    const c = setup();
    podOn(c, 'agent', tolerate());
    setTaints(c, [MAINTENANCE]);
    c.runUntil(3_600_000);
    expect(pod(c, 'agent')?.metadata?.deletionTimestamp).toBeUndefined();
    expect(evictions(c)).toHaveLength(0);
  });

  it('with several taints, the shortest of the tolerations used wins', () => {
    const c = setup();
    const other: Taint = { key: 'example.com/other', effect: 'NoExecute' };
    podOn(c, 'quick', [...tolerate(600), { key: other.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }]);
    setTaints(c, [MAINTENANCE, other]);
    c.runUntil(59_000);
    expect(pod(c, 'quick')?.metadata?.deletionTimestamp).toBeUndefined();
    c.runUntil(61_000);
    expect(pod(c, 'quick')?.metadata?.deletionTimestamp).toBeDefined();
  });

  it('cancels the countdown when the taint goes before it runs out', () => {
    const c = setup();
    podOn(c, 'web', tolerate(300));
    setTaints(c, [MAINTENANCE]);
    c.runUntil(200_000);
    setTaints(c, null);
    c.runUntil(1_000_000);
    expect(pod(c, 'web')?.metadata?.deletionTimestamp).toBeUndefined();
    expect(evictions(c).map((e) => e.message)).toEqual(['Cancelling deletion of Pod default/web']);
  });

  it('a pod arriving on a tainted node starts its own countdown', () => {
    const c = setup();
    setTaints(c, [MAINTENANCE]);
    c.runUntil(100_000);
    podOn(c, 'late', tolerate(300));
    c.runUntil(399_000);
    expect(pod(c, 'late')?.metadata?.deletionTimestamp).toBeUndefined();
    c.runUntil(400_000);
    expect(pod(c, 'late')?.metadata?.deletionTimestamp).toBeDefined();
  });

  it('a countdown survives a snapshot and restore', () => {
    const c = setup();
    podOn(c, 'web', tolerate(300));
    setTaints(c, [MAINTENANCE]);
    c.runUntil(100_000);
    const r = Cluster.restore(c.snapshot());
    standInKubelet(r);
    r.runUntil(299_000);
    expect(pod(r, 'web')?.metadata?.deletionTimestamp).toBeUndefined();
    r.runUntil(301_000);
    expect(pod(r, 'web')?.metadata?.deletionTimestamp).toBeDefined();
    c.runUntil(301_000);
    expect(r.store.list('pods')).toEqual(c.store.list('pods'));
  });

  it('a restarted controller-manager counts from its restart', () => {
    const c = setup(Cluster.create({ machines: [{ name: 'control-plane', role: 'control-plane' }] }));
    podOn(c, 'web', tolerate(300));
    setTaints(c, [MAINTENANCE]);
    c.runUntil(100_000);
    c.infra.setProcess('control-plane', 'kube-controller-manager', false);
    c.runUntil(120_000);
    c.infra.setProcess('control-plane', 'kube-controller-manager', true);
    c.runUntil(310_000);
    expect(pod(c, 'web')?.metadata?.deletionTimestamp).toBeUndefined();
    c.runUntil(421_000);
    expect(pod(c, 'web')?.metadata?.deletionTimestamp).toBeDefined();
  });
});

describe('taint eviction with the node lifecycle controller', () => {
  it('a pod on a silent node is deleted 300 s after the unreachable:NoExecute taint (default tolerations)', () => {
    const alive = { on: true };
    const c = setup(Cluster.create({ machines: [] }), alive);
    // two healthy nodes besides, so the zone is not fully disrupted
    for (const name of ['node-2', 'node-3']) {
      c.api.create('nodes', undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {} });
      c.api.create('leases', 'kube-node-lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { renewTime: rfc3339Micro(c.nowMs()) } });
      c.clock.register(`renew-${name}`, () => {
        const l = c.api.get('leases', 'kube-node-lease', name);
        c.api.update('leases', 'kube-node-lease', { ...l, spec: { renewTime: rfc3339Micro(c.nowMs()), ...{ holderIdentity: name } } });
        c.clock.after(10_000, `renew-${name}`, 'renew');
      });
      c.clock.after(10_000, `renew-${name}`, 'renew');
    }
    const now = rfc3339(c.nowMs());
    for (const name of ['node-2', 'node-3']) {
      const n = c.api.get('nodes', undefined, name);
      c.api.update('nodes', undefined, { ...n, status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: now }] } }, { subresource: 'status' });
    }
    podOn(c, 'web');
    c.runUntil(30_000);
    alive.on = false;
    expect(c.runUntilTrue(() => !!c.store.get<Node>('nodes', '', 'node-1')?.spec?.taints?.some((t) => t.effect === 'NoExecute'), 120_000, 1000)).toBe(true);
    const taint = c.store.get<Node>('nodes', '', 'node-1')!.spec!.taints!.find((t) => t.effect === 'NoExecute')!;
    expect(taint.key).toBe('node.kubernetes.io/unreachable');
    const t = Date.parse(taint.timeAdded!) - c.epochMs;
    c.runUntil(t + 299_000);
    expect(pod(c, 'web')?.metadata?.deletionTimestamp).toBeUndefined();
    c.runUntil(t + 300_000);
    expect(pod(c, 'web')?.metadata?.deletionTimestamp).toBeDefined();
  });
});

describe('tolerations', () => {
  const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
  it('match by key, effect, operator and value', () => {
    expect(toleratesTaint({ operator: 'Exists' }, unreachable)).toBe(true);
    expect(toleratesTaint({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, unreachable)).toBe(false);
    expect(toleratesTaint({ key: 'node.kubernetes.io/unreachable' }, unreachable)).toBe(true); // Equal, both values empty
    expect(toleratesTaint({ key: 'node.kubernetes.io/unreachable', value: 'x' }, unreachable)).toBe(false);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'gpu' }, { key: 'dedicated', value: 'gpu', effect: 'NoExecute' })).toBe(true);
  });
  it('the smallest tolerationSeconds wins; none means forever; ≤0 means now', () => {
    const [ok, used] = matchingTolerations([unreachable, { key: 'b', effect: 'NoExecute' }], [{ key: 'b', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }, { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 100 }]);
    expect(ok).toBe(true);
    expect(minTolerationMs(used)).toBe(30_000);
    expect(minTolerationMs([{ operator: 'Exists' }])).toBe(-1);
    expect(minTolerationMs([{ operator: 'Exists', tolerationSeconds: 0 }])).toBe(0);
    expect(matchingTolerations([unreachable], [])[0]).toBe(false);
  });
});


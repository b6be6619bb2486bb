/**
 * The pod garbage collector on a cluster without machines: pods bound to a Node that is then
 * deleted, unscheduled terminating pods, terminated pods beyond the threshold, and terminating
 * pods on an out-of-service node.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { Cluster } from '../cluster';
import type { StoreEvent } from '../store/store';
import { rfc3339 } from '../util/time';
import { TERMINATED_POD_THRESHOLD } from './podgc';

function nodeNamed(c: Cluster, name: string, ready = 'True', taints?: unknown[]): void {
  const now = rfc3339(c.nowMs());
  c.api.create('nodes', undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: { taints }, status: { conditions: [{ type: 'Ready', status: ready, lastHeartbeatTime: now, lastTransitionTime: now }] } });
}

function podOn(c: Cluster, name: string, nodeName?: string, phase = 'Running', extra: Record<string, unknown> = {}): Pod {
  const p = c.api.create<Pod>('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...extra }, spec: { nodeName, containers: [{ name: 'nginx', image: 'nginx:1.27' }] } });
  return c.api.update<Pod>('pods', 'default', { ...p, status: { ...p.status, phase } }, { subresource: 'status' });
}

const pod = (c: Cluster, name: string) => c.store.get<Pod>('pods', 'default', name);

function podWrites(c: Cluster): StoreEvent[] {
  const log: StoreEvent[] = [];
  c.store.subscribe('pods', (e) => log.push(e));
  return log;
}

describe('pod garbage collector', () => {
  it('force-deletes pods of a deleted Node after the 40 s quarantine, marking them Failed first', () => {
    const c = Cluster.create({ machines: [] });
    nodeNamed(c, 'node-2');
    podOn(c, 'web', 'node-2');
    c.runUntil(25_000);
    c.api.delete('pods', 'default', 'web'); // graceful: Terminating, and no kubelet to finish it
    c.api.delete('nodes', undefined, 'node-2');
    const log = podWrites(c);
    const deletedAt = c.clock.now;
    expect(c.runUntilTrue(() => !pod(c, 'web'), 120_000, 1000)).toBe(true);
    const after = c.clock.now - deletedAt;
    expect(after).toBeGreaterThanOrEqual(40_000);
    expect(after).toBeLessThanOrEqual(60_000);
    const [marked, gone] = log.slice(-2);
    expect(marked.type).toBe('MODIFIED');
    expect((marked.object as Pod).status?.phase).toBe('Failed');
    expect((marked.object as Pod).status?.conditions?.find((x) => x.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'DeletionByPodGC',
      message: 'PodGC: node no longer exists',
    });
    expect(gone.type).toBe('DELETED');
  });

  it('leaves pods alone when the node comes back within the quarantine', () => {
    const c = Cluster.create({ machines: [] });
    nodeNamed(c, 'node-2');
    podOn(c, 'web', 'node-2');
    c.runUntil(19_000);
    c.api.delete('nodes', undefined, 'node-2');
    c.runUntil(41_000);
    nodeNamed(c, 'node-2');
    c.runUntil(200_000);
    expect(pod(c, 'web')?.status?.phase).toBe('Running');
  });

  it('marks Failed an unscheduled terminating pod (its finalizer still holds it)', () => {
    const c = Cluster.create({ machines: [] });
    podOn(c, 'held', undefined, 'Pending', { finalizers: ['example.com/hold'] });
    c.api.delete('pods', 'default', 'held');
    c.runUntil(21_000);
    expect(pod(c, 'held')?.status?.phase).toBe('Failed');
    expect(pod(c, 'held')?.metadata?.deletionTimestamp).toBeDefined();
  });

  it('force-deletes terminating pods on a NotReady node tainted out-of-service', () => {
    const c = Cluster.create({ machines: [] });
    nodeNamed(c, 'node-2', 'Unknown', [{ key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }]);
    podOn(c, 'stuck', 'node-2');
    c.api.delete('pods', 'default', 'stuck');
    expect(pod(c, 'stuck')?.metadata?.deletionTimestamp).toBeDefined();
    c.runUntil(21_000);
    expect(pod(c, 'stuck')).toBeUndefined();
  });

  it(`keeps at most ${TERMINATED_POD_THRESHOLD} terminated pods, deleting the oldest`, () => {
    const c = Cluster.create({ machines: [] });
    nodeNamed(c, 'node-1');
    podOn(c, 'oldest', 'node-1', 'Succeeded');
    c.runUntil(1_000);
    podOn(c, 'older', 'node-1', 'Failed');
    c.runUntil(2_000);
    for (let i = 0; i < TERMINATED_POD_THRESHOLD - 1; i++) podOn(c, `done-${i}`, 'node-1', 'Succeeded');
    podOn(c, 'running', 'node-1', 'Running');
    c.runUntil(1_000);
    expect(pod(c, 'oldest')).toBeDefined();
    c.runUntil(41_000);
    expect(pod(c, 'oldest')).toBeUndefined();
    expect(pod(c, 'older')).toBeDefined();
    expect(pod(c, 'running')).toBeDefined();
    // the cluster's own pods (CoreDNS, the ingress controller) live in other namespaces
    expect(c.store.list('pods', 'default').length).toBe(TERMINATED_POD_THRESHOLD + 1);
  });
});

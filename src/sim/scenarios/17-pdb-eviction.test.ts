/**
 * Scenarios 16 and 17 at the API level (`kubectl drain` itself lives in src/kubectl): the
 * eviction subresource evicts a pod (DisruptionTarget condition, graceful delete, replacement
 * by its controller); DaemonSet pods and emptyDir pods are recognisable for drain's refusal
 * classes; and with a PDB `minAvailable: 2` over 2 replicas the eviction is answered 429 with
 * the exact Status the real server returns, until a third replica is Ready.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { ApiError } from '../api/errors';
import { controllerOf } from '../api/podutil';
import type { Node, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { daemonSet } from '../controllers/testing/sts';
import { deployment } from '../testing/builders';

const pods = (c: Cluster, app: string) => c.store.list<Pod>('pods', 'default').filter((p) => p.metadata?.labels?.app === app);
const ready = (p: Pod) => !p.metadata?.deletionTimestamp && p.status?.phase === 'Running' && !!p.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');
const pdb = (c: Cluster) => c.store.get<PodDisruptionBudget>('poddisruptionbudgets', 'default', 'web')!;

describe('scenario 17: eviction blocked by a PodDisruptionBudget', () => {
  let c: Cluster;
  beforeAll(() => {
    c = Cluster.create({ seed: 17 });
    c.api.create('deployments', 'default', deployment('web', { replicas: 2 }));
    c.api.create('poddisruptionbudgets', 'default', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } });
    expect(c.runUntilTrue(() => pods(c, 'web').filter(ready).length === 2, 120_000, 1000)).toBe(true);
    c.runFor(1000);
  });

  it('the PDB status: 2 expected, 2 healthy, 2 desired, 0 allowed', () => {
    expect(pdb(c).status).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0, observedGeneration: 1 });
    expect(pdb(c).status?.conditions).toEqual([
      expect.objectContaining({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: 1 }),
    ]);
  });

  it('an eviction is answered 429 with the real Status', () => {
    const victim = pods(c, 'web')[0].metadata!.name!;
    let err: unknown;
    try {
      c.client('kubectl').evict('default', victim);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
      code: 429,
    });
    expect(c.store.get<Pod>('pods', 'default', victim)?.metadata?.deletionTimestamp).toBeUndefined();
  });

  it('once a third replica is Ready one eviction is allowed, and recorded in disruptedPods', () => {
    c.api.patch('deployments', 'default', 'web', { spec: { replicas: 3 } });
    expect(c.runUntilTrue(() => pdb(c).status?.disruptionsAllowed === 1, 120_000, 1000)).toBe(true);
    expect(pdb(c).status).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 });
    expect(pdb(c).status?.conditions?.[0]).toMatchObject({ status: 'True', reason: 'SufficientPods' });
    const [a, b] = pods(c, 'web').map((p) => p.metadata!.name!);
    c.client('kubectl').evict('default', a);
    // the API server decremented the budget before the controller saw anything
    expect(pdb(c).status?.disruptionsAllowed).toBe(0);
    expect(Object.keys(pdb(c).status?.disruptedPods ?? {})).toEqual([a]);
    const evicted = c.store.get<Pod>('pods', 'default', a)!;
    expect(evicted.metadata?.deletionTimestamp).toBeDefined();
    expect(evicted.status?.conditions?.find((x) => x.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'EvictionByEvictionAPI' });
    expect(() => c.client('kubectl').evict('default', b)).toThrow("Cannot evict pod as it would violate the pod's disruption budget.");
    // the Deployment replaces the evicted pod; the budget opens again
    expect(c.runUntilTrue(() => pdb(c).status?.disruptionsAllowed === 1 && !pdb(c).status?.disruptedPods, 120_000, 1000)).toBe(true);
  });

  it('a PDB with maxUnavailable counts the Deployment scale', () => {
    c.api.create('poddisruptionbudgets', 'default', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'other' }, spec: { maxUnavailable: '50%', selector: { matchLabels: { app: 'none' } } } });
    c.api.create('deployments', 'default', deployment('none', { replicas: 4 }));
    expect(c.runUntilTrue(() => c.store.get<PodDisruptionBudget>('poddisruptionbudgets', 'default', 'other')?.status?.currentHealthy === 4, 120_000, 1000)).toBe(true);
    expect(c.store.get<PodDisruptionBudget>('poddisruptionbudgets', 'default', 'other')!.status).toMatchObject({ expectedPods: 4, desiredHealthy: 2, disruptionsAllowed: 2 });
  });
});

describe('scenario 16 (API level): cordon, then evict what drain would evict', () => {
  it('evicts Deployment pods, which come back elsewhere; DaemonSet and emptyDir pods are identifiable', () => {
    const c = Cluster.create({ seed: 16 });
    c.api.create('daemonsets', 'default', daemonSet('agent'));
    c.api.create('deployments', 'default', deployment('web', { replicas: 3 }));
    c.api.create('deployments', 'default', deployment('cache', { replicas: 1, spec: { volumes: [{ name: 'tmp', emptyDir: {} }], nodeSelector: { 'kubernetes.io/hostname': 'node-1' } } }));
    expect(c.runUntilTrue(() => pods(c, 'web').filter(ready).length === 3 && pods(c, 'agent').filter(ready).length === 3 && pods(c, 'cache').filter(ready).length === 1, 180_000, 1000)).toBe(true);
    c.api.patch('nodes', undefined, 'node-1', { spec: { unschedulable: true } });
    c.runFor(1000);
    expect(c.store.get<Node>('nodes', '', 'node-1')?.spec?.unschedulable).toBe(true);

    const onNode = c.store.podsOn<Pod>('node-1').filter((p) => p.metadata?.namespace === 'default');
    const isDaemon = (p: Pod) => controllerOf(p)?.kind === 'DaemonSet';
    const hasEmptyDir = (p: Pod) => !!p.spec?.volumes?.some((v) => v.emptyDir);
    expect(onNode.filter(isDaemon)).toHaveLength(1);
    expect(onNode.filter(hasEmptyDir).map((p) => p.metadata?.labels?.app)).toEqual(['cache']);
    const evictable = onNode.filter((p) => !isDaemon(p) && !hasEmptyDir(p));
    expect(evictable.length).toBeGreaterThan(0);
    for (const p of evictable) c.client('kubectl').evict('default', p.metadata!.name!);
    expect(c.runUntilTrue(() => pods(c, 'web').filter(ready).length === 3 && c.store.podsOn<Pod>('node-1').every((p) => p.metadata?.labels?.app !== 'web'), 180_000, 1000)).toBe(true);
    // the DaemonSet pods stay (ours and kube-system's kube-proxy): they tolerate unschedulable
    expect(c.store.podsOn<Pod>('node-1').filter(isDaemon).filter(ready).map((p) => p.metadata?.labels?.app ?? p.metadata?.labels?.['k8s-app']).sort()).toEqual(['agent', 'kube-proxy']);
    expect(pods(c, 'agent').find((p) => p.spec?.nodeName === 'node-1')?.spec?.tolerations).toContainEqual({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' });
  });
});

import { describe, expect, it } from 'vitest';
import { podTemplateHash } from '../../api/hash';
import type { Deployment, DeploymentCondition, Event, Pod, ReplicaSet } from '../../api/types';
import { Cluster } from '../../cluster';
import { deployment } from '../../testing/builders';
import { parseTime } from '../../util/time';
import { actLikeKubelet, driveFor, finishTerminating, markAllReady } from '../testing/fakeNodes';
import { rollbackTemplate } from './rollback';

/** No machines: only the controllers and the test's pretend kubelet act on pods. */
const bare = () => Cluster.create({ machines: [] });
const getD = (c: Cluster, name = 'web') => c.store.get<Deployment>('deployments', 'default', name)!;
const rsList = (c: Cluster) => c.store.list<ReplicaSet>('replicasets', 'default');
const rsByRevision = (c: Cluster, rev: string) => rsList(c).find((r) => r.metadata?.annotations?.['deployment.kubernetes.io/revision'] === rev)!;
const cond = (d: Deployment, type: string) => d.status?.conditions?.find((x) => x.type === type) as DeploymentCondition | undefined;
const scalingEvents = (c: Cluster) =>
  c.store
    .list<Event>('events', 'default')
    .filter((e) => e.reason === 'ScalingReplicaSet')
    .sort((a, b) => Number(a.metadata?.resourceVersion) - Number(b.metadata?.resourceVersion))
    .map((e) => e.message);
const setImage = (c: Cluster, image: string, name = 'web') => {
  const d = getD(c, name);
  c.api.patch('deployments', 'default', name, { spec: { template: { spec: { containers: [{ ...d.spec!.template.spec!.containers[0], image }] } } } });
};
const activePods = (c: Cluster) => c.store.list<Pod>('pods', 'default').filter((p) => !p.metadata?.deletionTimestamp);
const readyPods = (c: Cluster) => activePods(c).filter((p) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'));

describe('Deployment controller', () => {
  it('creates its ReplicaSet at full size, named by the pod-template-hash, with revision 1', () => {
    const c = bare();
    c.api.create('deployments', 'default', deployment('web', { replicas: 3 }));
    c.settle();
    const d = getD(c);
    const hash = podTemplateHash(d.spec!.template);
    const [rs] = rsList(c);
    expect(rsList(c)).toHaveLength(1);
    expect(rs.metadata?.name).toBe(`web-${hash}`);
    expect(rs.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec?.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs.spec?.template?.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec?.replicas).toBe(3);
    expect(rs.metadata?.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    expect(rs.metadata?.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata?.uid, controller: true, blockOwnerDeletion: true }]);
    expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(scalingEvents(c)).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
    const ev = c.store.list<Event>('events', 'default').find((e) => e.reason === 'ScalingReplicaSet')!;
    expect(ev.source).toEqual({ component: 'deployment-controller' });
    expect(ev.involvedObject).toMatchObject({ kind: 'Deployment', name: 'web' });
    expect(cond(d, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    expect(cond(d, 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "web-${hash}" is progressing.` });
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, unavailableReplicas: 3 });
  });

  it('reports a complete rollout with the real conditions, Available first', () => {
    const c = bare();
    c.api.create('deployments', 'default', deployment('web', { replicas: 3 }));
    driveFor(c, 3000);
    const d = getD(c);
    const rs = rsList(c)[0].metadata?.name;
    expect(d.status?.conditions?.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rs}" has successfully progressed.`],
    ]);
    const { conditions: _c, ...counts } = d.status!;
    expect(counts).toEqual({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
  });

  it('rolls with surge 1 / unavailable 0 one pod at a time, never below 3 available', () => {
    const c = bare();
    c.api.create('deployments', 'default', deployment('web', { replicas: 3 }));
    driveFor(c, 3000);
    const oldRS = rsList(c)[0].metadata!.name!;
    setImage(c, 'nginx:1.28');
    driveFor(c, 20_000, {
      stepMs: 250,
      check: () => {
        expect(activePods(c).length).toBeLessThanOrEqual(4);
        expect(readyPods(c).length).toBeGreaterThanOrEqual(3);
      },
    });
    const newRS = rsByRevision(c, '2').metadata!.name!;
    expect(scalingEvents(c).slice(1)).toEqual([
      `Scaled up replica set ${newRS} from 0 to 1`,
      `Scaled down replica set ${oldRS} from 3 to 2`,
      `Scaled up replica set ${newRS} from 1 to 2`,
      `Scaled down replica set ${oldRS} from 2 to 1`,
      `Scaled up replica set ${newRS} from 2 to 3`,
      `Scaled down replica set ${oldRS} from 1 to 0`,
    ]);
    expect(getD(c).metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(rsByRevision(c, '1').spec?.replicas).toBe(0);
    expect(cond(getD(c), 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });

  it('scales a stuck rollout proportionally (10 → 15: old 8 → 11, new 5 → 7)', () => {
    const c = bare();
    c.api.create('deployments', 'default', deployment('web', { replicas: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }));
    driveFor(c, 3000);
    setImage(c, 'nginx:doesnotexist');
    driveFor(c, 10_000);
    const oldRS = rsByRevision(c, '1');
    const newRS = rsByRevision(c, '2');
    expect([oldRS.spec?.replicas, newRS.spec?.replicas]).toEqual([8, 5]);
    c.api.patch('deployments', 'default', 'web', { spec: { replicas: 15 } });
    driveFor(c, 3000);
    expect([rsByRevision(c, '1').spec?.replicas, rsByRevision(c, '2').spec?.replicas]).toEqual([11, 7]);
    expect(scalingEvents(c).slice(-2)).toEqual([`Scaled up replica set ${oldRS.metadata?.name} from 8 to 11`, `Scaled up replica set ${newRS.metadata?.name} from 5 to 7`]);
    for (const rs of rsList(c)) {
      expect(rs.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('15');
      expect(rs.metadata?.annotations?.['deployment.kubernetes.io/max-replicas']).toBe('18');
    }
    expect(getD(c).status?.updatedReplicas).toBe(7);
  });

  it('times out progressing progressDeadlineSeconds after the last progress, and says so on time', () => {
    const c = bare();
    // a short deadline: the pretend nodes of this test do not exist, and pod GC would step in
    const manifest = deployment('web', { replicas: 3 });
    c.api.create('deployments', 'default', { ...manifest, spec: { ...manifest.spec!, progressDeadlineSeconds: 30 } });
    driveFor(c, 3000);
    setImage(c, 'nginx:doesnotexist');
    driveFor(c, 5000);
    const before = cond(getD(c), 'Progressing')!;
    expect(before).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    const deadline = parseTime(before.lastUpdateTime as string) + 30_000 - c.epochMs;
    c.runUntil(deadline);
    expect(cond(getD(c), 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    c.runUntil(deadline + 2000);
    const after = cond(getD(c), 'Progressing')!;
    const newRS = rsByRevision(c, '2').metadata?.name;
    expect(after).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${newRS}" has timed out progressing.` });
    expect(cond(getD(c), 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(getD(c).status).toMatchObject({ replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1 });
  });

  it('rolls back by re-using the old ReplicaSet, which becomes the newest revision', () => {
    const c = bare();
    c.api.create('deployments', 'default', deployment('web', { replicas: 3 }));
    driveFor(c, 3000);
    setImage(c, 'nginx:doesnotexist');
    driveFor(c, 5000);
    const good = rsByRevision(c, '1').metadata!.name!;
    const bad = rsByRevision(c, '2').metadata!.name!;
    const result = rollbackTemplate(getD(c), rsList(c));
    expect(result.kind).toBe('patch');
    if (result.kind !== 'patch') return;
    expect(result.output).toBe('deployment.apps/web rolled back');
    c.api.patch('deployments', 'default', 'web', result.patch, 'json');
    c.settle();
    // the broken RS's unhealthy pod is removed at once, no waiting for availability
    expect(c.store.get<ReplicaSet>('replicasets', 'default', bad)?.spec?.replicas).toBe(0);
    driveFor(c, 3000);
    expect(rsList(c)).toHaveLength(2);
    const reused = c.store.get<ReplicaSet>('replicasets', 'default', good)!;
    expect(reused.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(reused.metadata?.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(getD(c).metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(cond(getD(c), 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    // revisions now 2 and 3; undo again goes back to 2, --to-revision=1 is gone
    expect(rollbackTemplate(getD(c), rsList(c), 1)).toEqual({ kind: 'error', message: 'error: unable to find specified revision 1 in history' });
    expect(rollbackTemplate(getD(c), rsList(c), 3)).toEqual({ kind: 'skipped', output: 'deployment.apps/web skipped rollback (current template already matches revision 3)' });
  });

  it('refuses to roll back a paused Deployment', () => {
    const c = bare();
    c.api.create('deployments', 'default', deployment('web', { replicas: 1 }));
    driveFor(c, 2000);
    setImage(c, 'nginx:1.28');
    driveFor(c, 5000);
    c.api.patch('deployments', 'default', 'web', { spec: { paused: true } });
    expect(rollbackTemplate(getD(c), rsList(c))).toEqual({ kind: 'error', message: "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again" });
  });

  it('while paused: no rollout, scaling still applies; resuming rolls out', () => {
    const c = bare();
    c.api.create('deployments', 'default', deployment('web', { replicas: 2 }));
    driveFor(c, 2000);
    const reasons: string[] = [];
    c.store.subscribe('deployments', (e) => {
      const r = cond(e.object as Deployment, 'Progressing')?.reason;
      if (r && reasons[reasons.length - 1] !== r) reasons.push(r);
    });
    c.api.patch('deployments', 'default', 'web', { spec: { paused: true } });
    setImage(c, 'nginx:1.28');
    driveFor(c, 5000);
    expect(rsList(c)).toHaveLength(1);
    expect(cond(getD(c), 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    c.api.patch('deployments', 'default', 'web', { spec: { replicas: 4 } });
    driveFor(c, 2000);
    expect(rsList(c)[0].spec?.replicas).toBe(4);
    c.api.patch('deployments', 'default', 'web', { spec: { paused: false } });
    driveFor(c, 10_000);
    expect(reasons.slice(0, 4)).toEqual(['NewReplicaSetAvailable', 'DeploymentPaused', 'DeploymentResumed', 'NewReplicaSetCreated']);
    expect(rsByRevision(c, '2').spec?.replicas).toBe(4);
    expect(cond(getD(c), 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', () => {
    const c = bare();
    const manifest = deployment('web', { replicas: 1 });
    c.api.create('deployments', 'default', { ...manifest, spec: { ...manifest.spec!, revisionHistoryLimit: 1 } });
    driveFor(c, 2000);
    for (const tag of ['1.25', '1.26', '1.28']) {
      setImage(c, `nginx:${tag}`);
      driveFor(c, 5000);
    }
    const revs = rsList(c)
      .map((r) => r.metadata?.annotations?.['deployment.kubernetes.io/revision'])
      .sort();
    expect(revs).toEqual(['3', '4']);
  });

  it('Recreate: no new pod until every old pod object is gone, then all at once', () => {
    const c = bare();
    c.api.create('deployments', 'default', deployment('web', { replicas: 3, strategy: { type: 'Recreate' } }));
    c.settle();
    markAllReady(c);
    c.settle();
    const oldRS = rsList(c)[0].metadata!.name!;
    setImage(c, 'nginx:1.28');
    c.runFor(10_000);
    expect(c.store.list<Pod>('pods', 'default').every((p) => p.metadata?.deletionTimestamp)).toBe(true);
    expect(rsList(c)).toHaveLength(1);
    expect(scalingEvents(c).slice(1)).toEqual([`Scaled down replica set ${oldRS} from 3 to 0`]);
    finishTerminating(c);
    c.settle();
    const newRS = rsByRevision(c, '2').metadata!.name!;
    expect(scalingEvents(c).slice(2)).toEqual([`Scaled up replica set ${newRS} from 0 to 3`]);
    expect(activePods(c)).toHaveLength(3);
    actLikeKubelet(c);
    driveFor(c, 2000);
    expect(cond(getD(c), 'Available')?.status).toBe('True');
  });

  it('a snapshot taken mid-rollout restores to the same future, deadline timer included', () => {
    const c = Cluster.create();
    c.api.create('deployments', 'default', deployment('web', { replicas: 4 }));
    c.runFor(20_000);
    setImage(c, 'nginx:doesnotexist');
    c.runFor(1_500);
    const r = Cluster.restore(c.snapshot());
    c.runFor(700_000);
    r.runFor(700_000);
    const facts = (x: Cluster) =>
      JSON.stringify({
        deploy: getD(x),
        rs: rsList(x),
        pods: x.store
          .list<Pod>('pods', 'default')
          .map((p) => p.metadata?.name)
          .sort(),
        events: scalingEvents(x),
      });
    expect(facts(r)).toBe(facts(c));
    expect(cond(getD(r), 'Progressing')?.reason).toBe('ProgressDeadlineExceeded');
  });

  it('a finished Deployment that loses a pod does not keep re-checking a deadline', () => {
    const c = bare();
    c.api.create('deployments', 'default', deployment('web', { replicas: 2 }));
    driveFor(c, 2000);
    expect(cond(getD(c), 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    const victim = c.store.list<Pod>('pods', 'default')[0].metadata!.name!;
    c.api.delete('pods', 'default', victim, { gracePeriodSeconds: 0 });
    c.runFor(1000); // the replacement stays Pending: nothing makes it Ready
    const before = c.stats.byAgent['kube-controller-manager/deployment'] ?? 0;
    const timers = c.clock.pending;
    let fired = 0;
    const fireNext = c.clock.fireNext.bind(c.clock);
    c.clock.fireNext = (until: number) => (fireNext(until) ? (++fired, true) : false);
    c.runFor(900_000);
    // periodic work of other controllers fires a few hundred timers in 15 minutes; a spinning
    // deadline check would fire hundreds of thousands
    expect(fired).toBeLessThan(2000);
    // a handful of status writes as pods come and go (pod GC removes pods of the pretend nodes),
    // not one every few milliseconds
    expect((c.stats.byAgent['kube-controller-manager/deployment'] ?? 0) - before).toBeLessThan(10);
    expect(c.clock.pending).toBeLessThanOrEqual(timers + 5);
    expect(cond(getD(c), 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    expect(cond(getD(c), 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
  });
});


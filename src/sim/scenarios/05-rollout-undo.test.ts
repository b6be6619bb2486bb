/**
 * Scenario 5: `kubectl rollout undo` after scenario 3. The Deployment's template goes back to
 * the old one; the broken RS is scaled to 0 at once (its pod is unhealthy, so removing it costs
 * no availability); the old RS is re-used and becomes revision 3, so the history lists
 * revisions 2 and 3 only.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { rollbackTemplate } from '../controllers/deployment/rollback';
import { deployment } from '../testing/builders';
import { condition, deployColumns, getDeploy, ownedBy, pods, REVISION, replicaSets, rolloutStatusLine, rsColumns, setImage } from '../controllers/testing/workloads';

describe('scenario 5: rollout undo of a bad image', () => {
  it('re-uses the old ReplicaSet as revision 3 and drops the broken pod at once', () => {
    const c = Cluster.create();
    c.api.create('deployments', 'default', deployment('web', { replicas: 3, image: 'nginx:1.27' }));
    expect(c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 60_000)).toBe(true);
    const good = replicaSets(c)[0].metadata!.name!;
    setImage(c, 'nginx:doesnotexist');
    c.runFor(60_000);
    const bad = replicaSets(c).find((r) => r.metadata?.name !== good)!.metadata!.name!;
    const rsCount = replicaSets(c).length;

    const result = rollbackTemplate(getDeploy(c), replicaSets(c));
    expect(result).toMatchObject({ kind: 'patch', output: 'deployment.apps/web rolled back' });
    if (result.kind !== 'patch') return;
    c.api.patch('deployments', 'default', 'web', result.patch, 'json');
    c.settle();

    expect(getDeploy(c).spec?.template.spec?.containers[0].image).toBe('nginx:1.27');
    const badRS = c.store.get('replicasets', 'default', bad)!;
    expect((badRS.spec as { replicas: number }).replicas).toBe(0);
    expect(pods(c).filter(ownedBy(badRS as never)).every((p) => p.metadata?.deletionTimestamp)).toBe(true);

    expect(c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 60_000)).toBe(true);
    c.runFor(30_000);
    expect(replicaSets(c)).toHaveLength(rsCount); // no new ReplicaSet
    const revisions = replicaSets(c)
      .map((r) => Number(r.metadata?.annotations?.[REVISION]))
      .sort();
    expect(revisions).toEqual([2, 3]);
    const reused = c.store.get('replicasets', 'default', good)!;
    expect(reused.metadata?.annotations?.[REVISION]).toBe('3');
    expect(reused.metadata?.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(getDeploy(c).metadata?.annotations?.[REVISION]).toBe('3');
    expect(rsColumns(reused as never)).toEqual([3, 3, 3]);
    expect(rsColumns(c.store.get('replicasets', 'default', bad)! as never)).toEqual([0, 0, 0]);
    expect(deployColumns(getDeploy(c))).toEqual({ ready: '3/3', upToDate: 3, available: 3 });
    expect(condition(getDeploy(c), 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${good}" has successfully progressed.` });
    // revision 1 is gone from the history; the current template is revision 3
    expect(rollbackTemplate(getDeploy(c), replicaSets(c), 1)).toEqual({ kind: 'error', message: 'error: unable to find specified revision 1 in history' });
    expect(rollbackTemplate(getDeploy(c), replicaSets(c), 3)).toEqual({ kind: 'skipped', output: 'deployment.apps/web skipped rollback (current template already matches revision 3)' });
    expect(c.faults).toEqual([]);
  });
});

/**
 * Scenario 1: rolling update of 4 replicas (maxSurge 1, maxUnavailable 1) to a good image.
 * Never more than 5 pods that are not terminating, never fewer than 3 available; the new
 * ReplicaSet grows while the old one shrinks; the old one stays with 0 0 0.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { deployment } from '../testing/builders';
import { activePods, condition, deployColumns, getDeploy, isReady, recordScaling, rolloutStatusLine, rsByRevision, rsColumns, setImage } from '../controllers/testing/workloads';

describe('scenario 1: rolling update, replicas 4, good image', () => {
  it('keeps 3..5 pods, scales new up and old down in turns, and completes', () => {
    const c = Cluster.create();
    c.api.create('deployments', 'default', deployment('web', { replicas: 4, image: 'nginx:1.27' }));
    expect(c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 60_000)).toBe(true);
    const oldRS = rsByRevision(c, 1)!.metadata!.name!;

    // every committed state of the pods, not only settled ones
    let maxActive = 0;
    let minReady = Infinity;
    c.store.subscribe('pods', () => {
      const active = activePods(c);
      maxActive = Math.max(maxActive, active.length);
      minReady = Math.min(minReady, active.filter(isReady).length);
    });
    const scaling = recordScaling(c);
    setImage(c, 'nginx:1.28');
    // kubectl rollout status prints a line for every watch event on the Deployment
    const statusLines = new Set<string>();
    c.store.subscribe('deployments', (e) => statusLines.add(rolloutStatusLine(e.object as never)));
    const done = c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 120_000);
    expect(done).toBe(true);
    expect(maxActive).toBe(5);
    expect(minReady).toBeGreaterThanOrEqual(3);

    const newRS = rsByRevision(c, 2)!.metadata!.name!;
    expect(scaling.slice(0, 2)).toEqual([`Scaled up replica set ${newRS} from 0 to 1`, `Scaled down replica set ${oldRS} from 4 to 3`]);
    expect(scaling[scaling.length - 1]).toMatch(new RegExp(`^Scaled down replica set ${oldRS} from \\d to 0$`));
    for (const m of scaling) expect(m).toMatch(new RegExp(`^(Scaled up replica set ${newRS}|Scaled down replica set ${oldRS}) from \\d to \\d$`));
    const lines = [...statusLines];
    expect(lines[0]).toBe('Waiting for deployment spec update to be observed...');
    expect(lines.some((l) => /^Waiting for deployment "web" rollout to finish: [0-3] out of 4 new replicas have been updated\.\.\.$/.test(l))).toBe(true);
    expect(lines[lines.length - 1]).toBe('deployment "web" successfully rolled out');

    c.runFor(60_000); // old pods finish terminating
    expect(rsColumns(rsByRevision(c, 1)!)).toEqual([0, 0, 0]);
    expect(rsColumns(rsByRevision(c, 2)!)).toEqual([4, 4, 4]);
    expect(deployColumns(getDeploy(c))).toEqual({ ready: '4/4', upToDate: 4, available: 4 });
    expect(condition(getDeploy(c), 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newRS}" has successfully progressed.` });
    expect(condition(getDeploy(c), 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(c.store.list('pods', 'default')).toHaveLength(4);
    expect(c.faults).toEqual([]);
  });
});

/**
 * Scenario 8: deleting one pod of a 3-replica Deployment. The ReplicaSet replaces it at once,
 * so `get pods` briefly lists 4 pods, one Terminating; the replacement has a new name and no
 * restarts; the Deployment returns to 3/3.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { deployment } from '../testing/builders';
import { deployColumns, eventMessages, getDeploy, pods, rolloutStatusLine } from '../controllers/testing/workloads';

describe('scenario 8: delete one pod of a Deployment', () => {
  it('is replaced immediately while the old one terminates', () => {
    const c = Cluster.create();
    c.api.create('deployments', 'default', deployment('web', { replicas: 3, image: 'nginx:1.27' }));
    expect(c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 60_000)).toBe(true);
    const before = pods(c).map((p) => p.metadata!.name!);
    const victim = before[1];

    c.api.delete('pods', 'default', victim);
    c.settle();
    const now = pods(c);
    expect(now).toHaveLength(4);
    expect(now.filter((p) => p.metadata?.deletionTimestamp).map((p) => p.metadata?.name)).toEqual([victim]);
    const fresh = now.filter((p) => !before.includes(p.metadata!.name!));
    expect(fresh).toHaveLength(1);
    const rsName = getDeploy(c) && (fresh[0].metadata?.ownerReferences?.[0].name ?? '');
    expect(fresh[0].metadata?.name).toMatch(new RegExp(`^${rsName}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(eventMessages(c, 'SuccessfulCreate')).toContain(`Created pod: ${fresh[0].metadata?.name}`);

    expect(c.runUntilTrue(() => deployColumns(getDeploy(c)).ready === '3/3' && pods(c).length === 3, 120_000)).toBe(true);
    const replacement = c.store.get('pods', 'default', fresh[0].metadata!.name!)!;
    expect((replacement.status as { containerStatuses: { restartCount: number }[] }).containerStatuses[0].restartCount).toBe(0);
    expect(c.store.get('pods', 'default', victim)).toBeUndefined();
    expect(deployColumns(getDeploy(c))).toEqual({ ready: '3/3', upToDate: 3, available: 3 });
    expect(c.faults).toEqual([]);
  });
});

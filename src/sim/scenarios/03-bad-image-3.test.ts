/**
 * Scenario 3: a rolling update of 3 replicas to an image that does not exist. The new RS gets
 * one pod, which cannot pull its image; the old RS keeps 3; `get deploy` shows READY 3/3
 * UP-TO-DATE 1 AVAILABLE 3; after the 600 s progress deadline Progressing turns
 * False/ProgressDeadlineExceeded and `rollout status` fails, while Available stays True.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { Cluster } from '../cluster';
import { deployment } from '../testing/builders';
import { parseTime } from '../util/time';
import { condition, deployColumns, getDeploy, ownedBy, pods, rolloutStatusLine, rsByRevision, rsColumns, setImage } from '../controllers/testing/workloads';

const waitingReason = (p: Pod) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason;

describe('scenario 3: bad image, replicas 3', () => {
  it('stalls with one broken new pod, then exceeds its progress deadline on time', () => {
    const c = Cluster.create();
    c.api.create('deployments', 'default', deployment('web', { replicas: 3, image: 'nginx:1.27' }));
    expect(c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 60_000)).toBe(true);

    const reasons = new Set<string>();
    c.store.subscribe('pods', (e) => {
      const r = waitingReason(e.object as Pod);
      if (r) reasons.add(r);
    });
    setImage(c, 'nginx:doesnotexist');
    c.runFor(60_000);

    const oldRS = rsByRevision(c, 1)!;
    const newRS = rsByRevision(c, 2)!;
    expect(rsColumns(oldRS)).toEqual([3, 3, 3]);
    expect(rsColumns(newRS)).toEqual([1, 1, 0]);
    const broken = pods(c).filter(ownedBy(newRS));
    expect(broken).toHaveLength(1);
    expect(broken[0].status?.phase).toBe('Pending');
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(waitingReason(broken[0]));
    expect(reasons.has('ErrImagePull')).toBe(true);
    expect(reasons.has('ImagePullBackOff')).toBe(true);
    expect(deployColumns(getDeploy(c))).toEqual({ ready: '3/3', upToDate: 1, available: 3 });
    expect(rolloutStatusLine(getDeploy(c))).toBe('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...');
    expect(condition(getDeploy(c), 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRS.metadata?.name}" is progressing.` });

    // the deadline counts from the last progress the controller saw
    const lastProgress = parseTime(condition(getDeploy(c), 'Progressing')!.lastUpdateTime as string) - c.epochMs;
    c.runUntil(lastProgress + 599_000);
    expect(condition(getDeploy(c), 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    c.runUntil(lastProgress + 602_000);
    const d = getDeploy(c);
    expect(condition(d, 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${newRS.metadata?.name}" has timed out progressing.` });
    expect(rolloutStatusLine(d)).toBe('error: deployment "web" exceeded its progress deadline');
    expect(condition(d, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(deployColumns(d)).toEqual({ ready: '3/3', upToDate: 1, available: 3 });
    // the controller takes no other action on timeout
    expect(rsColumns(rsByRevision(c, 1)!)).toEqual([3, 3, 3]);
    expect(rsByRevision(c, 2)!.spec?.replicas).toBe(1);
    expect(c.faults).toEqual([]);
  });
});

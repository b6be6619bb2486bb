/**
 * Scenario 2: rolling update of 3 replicas with the defaults (maxSurge 1, maxUnavailable 0):
 * never fewer than 3 available, never more than 4 pods that are not terminating; new 1 → old
 * 2 → new 2 → old 1 → new 3 → old 0, each scale-down only after a new pod is Ready.
 */
import { describe, expect, it } from 'vitest';
import type { Event, ReplicaSet } from '../api/types';
import { Cluster } from '../cluster';
import { deployment } from '../testing/builders';
import { activePods, deployColumns, getDeploy, isReady, ownedBy, pods, rolloutStatusLine, rsByRevision, setImage } from '../controllers/testing/workloads';

describe('scenario 2: rolling update, replicas 3, surge 1 / unavailable 0', () => {
  it('replaces one pod at a time and only after its replacement is Ready', () => {
    const c = Cluster.create();
    c.api.create('deployments', 'default', deployment('web', { replicas: 3, image: 'nginx:1.27' }));
    expect(c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 60_000)).toBe(true);
    const oldRS = rsByRevision(c, 1)!;

    let maxActive = 0;
    let minReady = Infinity;
    c.store.subscribe('pods', () => {
      const active = activePods(c);
      maxActive = Math.max(maxActive, active.length);
      minReady = Math.min(minReady, active.filter(isReady).length);
    });
    // at each scaling event: what it says, and how many pods of the new RS were Ready then
    const steps: [string, number][] = [];
    c.store.subscribe('events', (e) => {
      const ev = e.object as Event;
      if (e.type !== 'ADDED' || ev.reason !== 'ScalingReplicaSet') return;
      const newRS = rsByRevision(c, 2) as ReplicaSet | undefined;
      steps.push([ev.message ?? '', pods(c).filter(ownedBy(newRS)).filter((p) => !p.metadata?.deletionTimestamp && isReady(p)).length]);
    });
    setImage(c, 'nginx:1.28');
    expect(c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 120_000)).toBe(true);

    const n = rsByRevision(c, 2)!.metadata!.name!;
    const o = oldRS.metadata!.name!;
    expect(steps.map((s) => s[0])).toEqual([
      `Scaled up replica set ${n} from 0 to 1`,
      `Scaled down replica set ${o} from 3 to 2`,
      `Scaled up replica set ${n} from 1 to 2`,
      `Scaled down replica set ${o} from 2 to 1`,
      `Scaled up replica set ${n} from 2 to 3`,
      `Scaled down replica set ${o} from 1 to 0`,
    ]);
    // the k-th scale-down happens only once k new pods are Ready
    expect([steps[1][1], steps[3][1], steps[5][1]]).toEqual([1, 2, 3]);
    expect(maxActive).toBe(4);
    expect(minReady).toBeGreaterThanOrEqual(3);
    expect(deployColumns(getDeploy(c))).toEqual({ ready: '3/3', upToDate: 3, available: 3 });
    expect(c.faults).toEqual([]);
  });
});

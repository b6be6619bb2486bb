/**
 * Scenario 6: the Recreate strategy. The old RS goes to 0; no pod of the new RS exists while
 * any old pod object remains (Terminating ones included); then the new RS goes 0 → 3 in one
 * step. In between there is a moment with no Ready pod at all.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { Cluster } from '../cluster';
import { deployment } from '../testing/builders';
import { activePods, deployColumns, getDeploy, isReady, ownedBy, pods, recordScaling, rolloutStatusLine, rsByRevision, setImage } from '../controllers/testing/workloads';

describe('scenario 6: Recreate, replicas 3, image change', () => {
  it('empties the old ReplicaSet completely before creating any new pod', () => {
    const c = Cluster.create();
    c.api.create('deployments', 'default', deployment('web', { replicas: 3, image: 'nginx:1.27', strategy: { type: 'Recreate' } }));
    expect(c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 60_000)).toBe(true);
    const oldRS = rsByRevision(c, 1)!;

    const violations: string[] = [];
    let minReady = Infinity;
    c.store.subscribe('pods', (e) => {
      const p = e.object as Pod;
      if (e.type === 'ADDED' && !ownedBy(oldRS)(p)) {
        const left = pods(c).filter(ownedBy(oldRS));
        if (left.length) violations.push(`${p.metadata?.name} created while ${left.length} old pod(s) exist`);
      }
      minReady = Math.min(minReady, activePods(c).filter(isReady).length);
    });
    const scaling = recordScaling(c);
    setImage(c, 'nginx:1.28');
    c.settle();
    expect(pods(c).every((p) => p.metadata?.deletionTimestamp)).toBe(true);
    expect(rsByRevision(c, 2)).toBeUndefined();

    expect(c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 120_000)).toBe(true);
    const newRS = rsByRevision(c, 2)!;
    expect(violations).toEqual([]);
    expect(minReady).toBe(0);
    expect(scaling).toEqual([`Scaled down replica set ${oldRS.metadata?.name} from 3 to 0`, `Scaled up replica set ${newRS.metadata?.name} from 0 to 3`]);
    expect(deployColumns(getDeploy(c))).toEqual({ ready: '3/3', upToDate: 3, available: 3 });
    expect(c.faults).toEqual([]);
  });
});

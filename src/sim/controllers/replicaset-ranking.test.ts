import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { rfc3339 } from '../util/time';
import { podsToDelete } from './replicaset-ranking';

const NOW = Date.UTC(2026, 0, 1, 12);

function p(name: string, o: { node?: string; phase?: string; readySince?: number; created?: number; restarts?: number; cost?: string; uid?: string } = {}): Pod {
  return {
    metadata: {
      name,
      uid: o.uid ?? name,
      creationTimestamp: rfc3339(o.created ?? NOW - 3600_000),
      annotations: o.cost ? { 'controller.kubernetes.io/pod-deletion-cost': o.cost } : undefined,
    },
    spec: { nodeName: o.node, containers: [] },
    status: {
      phase: o.phase ?? (o.node ? 'Running' : 'Pending'),
      conditions: o.readySince !== undefined ? [{ type: 'Ready', status: 'True', lastTransitionTime: rfc3339(o.readySince) }] : [],
      containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: o.readySince !== undefined, restartCount: o.restarts ?? 0 }],
    },
  };
}

const names = (ps: Pod[]) => ps.map((x) => x.metadata?.name);

describe('which pods a ReplicaSet deletes first', () => {
  it('unscheduled, then Pending, then not Ready', () => {
    const pods = [p('ready', { node: 'n1', readySince: NOW - 60_000 }), p('notready', { node: 'n1' }), p('pending', { node: 'n2', phase: 'Pending' }), p('unscheduled')];
    expect(names(podsToDelete(pods, pods, 3, NOW))).toEqual(['unscheduled', 'pending', 'notready']);
  });

  it('lower pod-deletion-cost goes first', () => {
    const pods = [p('cheap', { node: 'n1', readySince: NOW - 60_000, cost: '-5' }), p('dear', { node: 'n2', readySince: NOW - 60_000, cost: '100' }), p('plain', { node: 'n3', readySince: NOW - 60_000 })];
    expect(names(podsToDelete(pods, pods, 2, NOW))).toEqual(['cheap', 'plain']);
  });

  it('pods on nodes crowded with pods of the same owner go first', () => {
    const a = p('a', { node: 'n1', readySince: NOW - 100_000 });
    const b = p('b', { node: 'n2', readySince: NOW - 100_000 });
    const c = p('c', { node: 'n2', readySince: NOW - 100_000 });
    const oldRsPod = p('old', { node: 'n1' });
    const sibling = p('sib', { node: 'n1' });
    // related pods (all RSs of the Deployment) put 3 on n1 and 2 on n2
    expect(names(podsToDelete([a, b, c], [a, b, c, oldRsPod, sibling], 1, NOW))).toEqual(['a']);
  });

  it('ready for less time goes first, compared in log2 buckets of age', () => {
    const young = p('young', { node: 'n1', readySince: NOW - 10_000 });
    const old = p('old', { node: 'n2', readySince: NOW - 3600_000 });
    expect(names(podsToDelete([old, young], [], 1, NOW))).toEqual(['young']);
    // 40 s and 50 s old fall into the same bucket (2^35 ns ≈ 34 s … 69 s): the UID decides
    const x = p('x', { node: 'n1', readySince: NOW - 40_000, uid: 'bbb' });
    const y = p('y', { node: 'n2', readySince: NOW - 50_000, uid: 'aaa' });
    expect(names(podsToDelete([x, y], [], 1, NOW))).toEqual(['y']);
  });

  it('more restarts first, then newer first', () => {
    const crashy = p('crashy', { node: 'n1', readySince: NOW - 3600_000, restarts: 4 });
    const calm = p('calm', { node: 'n2', readySince: NOW - 3600_000 });
    expect(names(podsToDelete([calm, crashy], [], 1, NOW))).toEqual(['crashy']);
    const newer = p('newer', { node: 'n1', created: NOW - 5_000 });
    const older = p('older', { node: 'n2', created: NOW - 7200_000 });
    expect(names(podsToDelete([older, newer], [], 1, NOW))).toEqual(['newer']);
  });
});

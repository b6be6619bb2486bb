import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../../api/types';
import { maxSurge, maxUnavailable, newRSAnnotations, newRSNewReplicas, proportion, resolveFenceposts, specOf } from './util';

const dep = (replicas: number, surge: number | string = '25%', unavailable: number | string = '25%', type = 'RollingUpdate'): Deployment => ({
  metadata: { name: 'web' },
  spec: { replicas, selector: {}, template: {}, strategy: { type, rollingUpdate: type === 'RollingUpdate' ? { maxSurge: surge, maxUnavailable: unavailable } : undefined } },
});
const rs = (replicas: number, annotations: Record<string, string> = {}): ReplicaSet => ({ metadata: { annotations }, spec: { replicas, selector: {} } });

describe('Deployment arithmetic', () => {
  it('resolves fenceposts: surge rounds up, unavailable down, both zero makes unavailable 1', () => {
    expect([1, 3, 4, 10].map((n) => resolveFenceposts('25%', '25%', n))).toEqual([
      [1, 0],
      [1, 0],
      [1, 1],
      [3, 2],
    ]);
    expect(resolveFenceposts(0, '10%', 5)).toEqual([0, 1]);
    expect(resolveFenceposts(2, 1, 10)).toEqual([2, 1]);
  });

  it('caps maxUnavailable at replicas and has no surge or unavailability for Recreate', () => {
    expect(maxUnavailable(specOf(dep(2, 0, 5)))).toBe(2);
    expect(maxUnavailable(specOf(dep(0)))).toBe(0);
    expect(maxSurge(specOf(dep(4, 1, 1, 'Recreate')))).toBe(0);
    expect(maxUnavailable(specOf(dep(4, 1, 1, 'Recreate')))).toBe(0);
  });

  it('grows the new RS only within replicas + maxSurge (NewRSNewReplicas)', () => {
    const s = specOf(dep(4, 1, 1));
    const n = rs(0);
    expect(newRSNewReplicas(s, [rs(4), n], n)).toBe(1);
    const n1 = rs(1);
    expect(newRSNewReplicas(s, [rs(4), n1], n1)).toBe(1);
    expect(newRSNewReplicas(s, [rs(3), n1], n1)).toBe(2);
    const fresh = rs(0);
    expect(newRSNewReplicas(specOf(dep(3)), [fresh], fresh)).toBe(3);
    expect(newRSNewReplicas(specOf(dep(3, 1, 1, 'Recreate')), [rs(3), fresh], fresh)).toBe(3);
  });

  it('shares added replicas by each RS’s size against its max-replicas annotation', () => {
    const d = dep(15, 3, 2);
    const s = specOf(d);
    const old = rs(8, { 'deployment.kubernetes.io/max-replicas': '13' });
    const nw = rs(5, { 'deployment.kubernetes.io/max-replicas': '13' });
    expect(proportion(old, d, s, 5, 0)).toBe(3);
    expect(proportion(nw, d, s, 5, 3)).toBe(2);
    // scaling to zero takes everything
    expect(proportion(old, dep(0, 3, 2), specOf(dep(0, 3, 2)), -13, 0)).toBe(-8);
  });

  it('records earlier revisions when an RS is re-used (revision-history)', () => {
    const d = dep(3);
    const s = specOf(d);
    const reused = rs(0, { 'deployment.kubernetes.io/revision': '1' });
    expect(newRSAnnotations(d, reused, 3, true, s)).toEqual({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    const again = rs(0, { 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(newRSAnnotations(d, again, 5, true, s)).toEqual({ 'deployment.kubernetes.io/revision': '5', 'deployment.kubernetes.io/revision-history': '1,3' });
    expect(newRSAnnotations(d, again, 3, true, s)).toBeUndefined();
  });
});

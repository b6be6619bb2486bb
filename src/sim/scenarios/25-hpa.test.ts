/**
 * Scenario 25: an HPA with a CPU target of 50 % over a 2-replica Deployment. At 100 %
 * utilization it scales to ceil(2 × 100 / 50) = 4 within one 15 s pass; at 52 % nothing
 * happens (ratio 1.04 is within the 0.1 tolerance); when the load drops to 10 % the
 * Deployment shrinks only after the 300 s scale-down stabilization window, to
 * max(ceil(4 × 10 / 50), minReplicas).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Deployment, Event, Pod } from '../api/types';
import { Cluster } from '../cluster';
import type { MetricsServer } from '../metrics/metricsserver';
import { deployment } from '../testing/builders';

const REQUEST = 200; // millicores
const webPods = (c: Cluster) => c.store.list<Pod>('pods', 'default').filter((p) => p.metadata?.labels?.app === 'web' && !p.metadata?.deletionTimestamp);
const hpa = (c: Cluster) => c.store.get<HorizontalPodAutoscaler>('horizontalpodautoscalers', 'default', 'web')!;
const replicas = (c: Cluster) => c.store.get<Deployment>('deployments', 'default', 'web')!.spec!.replicas;
const cond = (c: Cluster, type: string) => hpa(c).status?.conditions?.find((x) => x.type === type);
const metrics = (c: Cluster) => c.components.find((x) => x.name === 'metrics-server') as MetricsServer;
/** every web pod burns `pct` % of its request */
const load = (c: Cluster, pct: number) => {
  for (const p of webPods(c)) metrics(c).setSyntheticLoad(p.metadata!.uid!, (REQUEST * pct) / 100);
};
const rescales = (c: Cluster) =>
  c.store
    .list<Event>('events', 'default')
    .filter((e) => e.reason === 'SuccessfulRescale')
    .map((e) => e.message);

describe('scenario 25: HorizontalPodAutoscaler on CPU', () => {
  let c: Cluster;
  beforeAll(() => {
    c = Cluster.create({ seed: 25 });
    c.api.create('deployments', 'default', deployment('web', { replicas: 2, container: { resources: { requests: { cpu: `${REQUEST}m` } } } }));
    expect(c.runUntilTrue(() => webPods(c).filter((p) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')).length === 2, 120_000, 1000)).toBe(true);
    c.runFor(30_000);
  });

  it('at 100 % it scales 2 → 4 within 15 s', () => {
    load(c, 100);
    c.api.create('horizontalpodautoscalers', 'default', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
    });
    const t0 = c.clock.now;
    expect(c.runUntilTrue(() => replicas(c) === 4, 15_000, 500)).toBe(true);
    expect(c.clock.now - t0).toBeLessThanOrEqual(15_000);
    expect(rescales(c)).toEqual(['New size: 4; reason: cpu resource utilization (percentage of request) above target']);
    expect(hpa(c).status).toMatchObject({ currentReplicas: 2, desiredReplicas: 4, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 100, averageValue: '200m' } } }] });
    expect(cond(c, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 4' });
    expect(cond(c, 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' });
    expect(cond(c, 'ScalingLimited')).toMatchObject({ status: 'False', reason: 'DesiredWithinRange' });
  });

  it('at 52 % nothing happens (within tolerance)', () => {
    expect(c.runUntilTrue(() => webPods(c).filter((p) => p.status?.phase === 'Running').length === 4, 120_000, 1000)).toBe(true);
    load(c, 52);
    c.runFor(60_000);
    load(c, 52);
    c.runFor(120_000);
    expect(replicas(c)).toBe(4);
    expect(hpa(c).status?.currentMetrics?.[0]?.resource?.current?.averageUtilization).toBe(52);
    expect(rescales(c)).toHaveLength(1);
  });

  it('at 10 % it scales down only after the 300 s stabilization window', () => {
    load(c, 10);
    const t0 = c.clock.now;
    c.runFor(240_000);
    expect(replicas(c)).toBe(4);
    expect(cond(c, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' });
    expect(hpa(c).status?.currentMetrics?.[0]?.resource?.current?.averageUtilization).toBe(10);
    expect(c.runUntilTrue(() => replicas(c) === 1, 120_000, 1000)).toBe(true);
    const after = (c.clock.now - t0) / 1000;
    // the window runs from the last pass that still recommended 4 (≤ 15 s before the drop)
    expect(after).toBeGreaterThanOrEqual(285);
    expect(after).toBeLessThanOrEqual(315);
    expect(rescales(c)[1]).toBe('New size: 1; reason: All metrics below target');
  });

  it('a missing cpu request stops the HPA with FailedGetResourceMetric', () => {
    c.api.create('deployments', 'default', deployment('bare', { replicas: 1 }));
    c.api.create('horizontalpodautoscalers', 'default', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'bare' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'bare' }, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
    });
    c.runFor(120_000);
    const h = c.store.get<HorizontalPodAutoscaler>('horizontalpodautoscalers', 'default', 'bare')!;
    const pod = c.store.list<Pod>('pods', 'default').find((p) => p.metadata?.labels?.app === 'bare')!;
    const active = h.status?.conditions?.find((x) => x.type === 'ScalingActive');
    expect(active).toMatchObject({
      status: 'False',
      reason: 'FailedGetResourceMetric',
      message: `the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container nginx of Pod ${pod.metadata?.name}`,
    });
    const ev = c.store.list<Event>('events', 'default').filter((e) => e.involvedObject.name === 'bare' && e.type === 'Warning').map((e) => e.reason);
    expect(ev).toEqual(expect.arrayContaining(['FailedGetResourceMetric', 'FailedComputeMetricsReplicas']));
    expect(h.spec?.minReplicas).toBe(1);
  });
});

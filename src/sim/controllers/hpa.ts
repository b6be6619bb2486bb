/**
 * The HorizontalPodAutoscaler controller (`pkg/controller/podautoscaler/horizontal.go`),
 * autoscaling/v2, CPU resource metrics.
 *
 * Every 15 s per HPA: read the target's scale subresource; outside [min, max] → clamp; else ask
 * the replica calculator (`hpa-replicas.ts`) with the metrics server's pod samples; then the
 * behavior (`hpa-behavior.ts`: scale-down stabilization 300 s, scale-up max(100 %, 4 pods) per
 * 15 s); write the scale when it changes (event `SuccessfulRescale` `New size: 4; reason: cpu
 * resource utilization (percentage of request) above target`) and the status (currentMetrics,
 * current/desired replicas, AbleToScale / ScalingActive / ScalingLimited).
 *
 * Known limits: only Resource metrics for cpu (Utilization or AverageValue); other metric
 * types report ScalingActive False.
 */
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition, HorizontalPodAutoscalerStatus, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import { ApiError, ConnectionRefusedError } from '../api/errors';
import { matchesRequirements, parseSelector } from '../api/labels';
import { formatCpu } from '../api/quantity';
import type { KObject, Pod } from '../api/types';
import type { Component } from '../component';
import type { ClusterContext } from '../context';
import { deepEqual } from '../util/immutable';
import { rfc3339 } from '../util/time';
import { Controller, keyOf, splitKey } from './controller';
import { effectiveBehavior, limitRate, recordScale, stabilize, type HpaMemory } from './hpa-behavior';
import { cpuReplicas, MetricError, type PodMetric } from './hpa-replicas';

export const SYNC_PERIOD_MS = 15_000;
const CPU_UTILIZATION = 'cpu resource utilization (percentage of request)';

const SCALABLE: Record<string, string> = { Deployment: 'deployments', ReplicaSet: 'replicasets', StatefulSet: 'statefulsets', ReplicationController: 'replicationcontrollers' };

interface MetricsSource {
  sample(pod: Pod): { at: number; containers: { cpuMillis: number }[] } | undefined;
}

interface MetricOutcome {
  replicas: number;
  status?: MetricStatus;
  name: string;
  error?: string;
}

export class HorizontalPodAutoscalerController extends Controller {
  private memory = new Map<string, HpaMemory>();
  /** key → virtual time of its next periodic sync */
  private next = new Map<string, number>();

  constructor(ctx: ClusterContext) {
    super('horizontal-pod-autoscaler', ctx);
    ctx.store.subscribe('horizontalpodautoscalers', (e) => {
      const key = keyOf(e.object);
      if (e.type === 'DELETED') {
        this.memory.delete(key);
        this.next.delete(key);
      } else if (e.type === 'ADDED') this.queue.add(key);
      // later changes wait for the next 15 s pass, as the rate-limited queue makes them
    });
  }

  protected allKeys(): Iterable<string> {
    return [...this.ctx.store.iterate('horizontalpodautoscalers')].map(keyOf);
  }

  private metrics(): MetricsSource | undefined {
    const comps = (this.ctx as unknown as { components?: Component[] }).components;
    return comps?.find((c) => c.name === 'metrics-server') as unknown as MetricsSource | undefined;
  }

  private schedule(key: string): void {
    const at = this.ctx.clock.now + SYNC_PERIOD_MS;
    const pending = this.next.get(key);
    if (pending !== undefined && pending > this.ctx.clock.now) return;
    this.next.set(key, at);
    this.queue.addAfter(key, SYNC_PERIOD_MS);
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const hpa = this.ctx.store.get<HorizontalPodAutoscaler>('horizontalpodautoscalers', ns, name);
    if (!hpa?.spec) return;
    if (this.next.get(key) !== undefined && this.next.get(key)! <= this.ctx.clock.now) this.next.delete(key);
    this.schedule(key);
    let mem = this.memory.get(key);
    if (!mem) this.memory.set(key, (mem = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] }));
    const conds = new Conditions(hpa.status?.conditions, rfc3339(this.ctx.nowMs()));
    const ref = hpa.spec.scaleTargetRef;
    const resource = SCALABLE[ref.kind];
    let scale: KObject;
    try {
      if (!resource) throw new Error(`no matches for kind "${ref.kind}" in group "${(ref.apiVersion ?? '').split('/')[0]}"`);
      scale = this.client.getScale(resource, ns, ref.name);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (e instanceof ConnectionRefusedError) throw e;
      this.recorder.event(hpa, 'Warning', 'FailedGetScale', msg);
      conds.set('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${msg}`);
      this.writeStatus(hpa, { ...hpa.status, desiredReplicas: hpa.status?.desiredReplicas ?? 0, conditions: conds.list });
      return;
    }
    const current = (scale.spec as { replicas?: number }).replicas ?? 0;
    const min = hpa.spec.minReplicas ?? 1;
    const max = hpa.spec.maxReplicas;
    const nowMs = this.ctx.nowMs();
    const now = this.ctx.clock.now;
    let desired = current;
    let reason = '';
    let metricStatuses: MetricStatus[] | undefined = hpa.status?.currentMetrics;
    const { up, down } = effectiveBehavior(hpa.spec.behavior);

    if (current === 0 && min !== 0) {
      desired = 0;
      conds.set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    } else if (current > max) {
      desired = max;
      reason = 'Current number of replicas above Spec.MaxReplicas';
    } else if (current < min) {
      desired = min;
      reason = 'Current number of replicas below Spec.MinReplicas';
    } else {
      const selector = (scale.status as { selector?: string }).selector ?? '';
      const outcomes = (hpa.spec.metrics ?? []).map((m) => this.computeMetric(hpa, m, current, selector, nowMs));
      const valid = outcomes.filter((o) => !o.error);
      metricStatuses = outcomes.some((o) => o.status) ? outcomes.map((o) => o.status ?? ({ type: '' } as unknown as MetricStatus)) : undefined;
      if (!valid.length) {
        const first = outcomes[0];
        const err = first?.error ?? 'no metrics specified';
        const metricName = first?.name ?? '';
        this.recorder.event(hpa, 'Warning', 'FailedGetResourceMetric', err);
        this.recorder.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', `invalid metrics (${outcomes.length} invalid out of ${outcomes.length}), first error is: failed to get ${metricName} resource metric value: ${err}`);
        conds.set('ScalingActive', 'False', 'FailedGetResourceMetric', `the HPA was unable to compute the replica count: ${err}`);
        this.writeStatus(hpa, { ...hpa.status, currentReplicas: current, desiredReplicas: hpa.status?.desiredReplicas ?? current, currentMetrics: metricStatuses, conditions: conds.list });
        return;
      }
      let best = valid[0];
      for (const o of valid) if (o.replicas > best.replicas) best = o;
      conds.set('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${best.name}`);
      const proposal = best.replicas;
      if (proposal > current) reason = `${best.name} above target`;
      else if (proposal < current) reason = 'All metrics below target';
      const stable = stabilize(mem, now, current, proposal, up, down);
      conds.set('AbleToScale', 'True', stable.reason, stable.message);
      const limited = limitRate(mem, now, current, stable.replicas, min, max, up, down);
      conds.set('ScalingLimited', limited.replicas === stable.replicas ? 'False' : 'True', limited.reason, limited.message);
      desired = limited.replicas;
    }
    if (reason && (current < min || current > max)) {
      conds.set('ScalingLimited', 'True', current < min ? 'TooFewReplicas' : 'TooManyReplicas', current < min ? 'the desired replica count is less than the minimum replica count' : 'the desired replica count is more than the maximum replica count');
    }

    let lastScaleTime = hpa.status?.lastScaleTime;
    if (desired !== current) {
      try {
        this.client.updateScale(resource, ns, ref.name, desired);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        this.recorder.event(hpa, 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${e.message}`);
        conds.set('AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${e.message}`);
        this.writeStatus(hpa, { ...hpa.status, currentReplicas: current, desiredReplicas: current, currentMetrics: metricStatuses, conditions: conds.list });
        return;
      }
      conds.set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
      this.recorder.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
      recordScale(mem, now, current, desired, up, down);
      lastScaleTime = rfc3339(nowMs);
    }
    this.writeStatus(hpa, { lastScaleTime, currentReplicas: current, desiredReplicas: desired, currentMetrics: metricStatuses, conditions: conds.list });
  }

  /** One metric's proposal (`computeReplicasForMetric`); errors come back as text. */
  private computeMetric(hpa: HorizontalPodAutoscaler, spec: MetricSpec, current: number, selector: string, nowMs: number): MetricOutcome {
    if (spec.type !== 'Resource' || spec.resource?.name !== 'cpu') {
      return { replicas: -1, name: `${spec.resource?.name ?? spec.type} resource`, error: `the playground only computes cpu resource metrics, not ${spec.type} ${spec.resource?.name ?? ''}`.trim() };
    }
    const target = spec.resource.target;
    const utilization = target.type === 'Utilization';
    const name = utilization ? CPU_UTILIZATION : 'cpu resource';
    const reqs = parseSelector(selector);
    const pods: Pod[] = [];
    for (const p of this.ctx.store.iterate<Pod>('pods', hpa.metadata?.namespace ?? '')) if (matchesRequirements(reqs, p.metadata?.labels)) pods.push(p);
    const source = this.metrics();
    const metrics = new Map<string, PodMetric>();
    for (const p of pods) {
      const s = source?.sample(p);
      if (!s) continue;
      metrics.set(p.metadata?.name ?? '', { value: s.containers.reduce((a, c) => a + c.cpuMillis, 0), timestamp: nowMs - (this.ctx.clock.now - s.at), windowMs: 15_000 });
    }
    try {
      if (!metrics.size) throw new MetricError('unable to get metrics for resource cpu: no metrics returned from resource metrics API');
      if (utilization) {
        const r = cpuReplicas(current, target.averageUtilization ?? 80, pods, metrics, nowMs);
        return {
          replicas: r.replicas,
          name,
          status: { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: r.utilization, averageValue: formatCpu(Math.round(r.rawAverage)) } } },
        };
      }
      // AverageValue: usage per pod against a quantity
      let total = 0;
      for (const m of metrics.values()) total += m.value;
      const avg = total / metrics.size;
      const targetMillis = Number(String(target.averageValue ?? '0').replace(/m$/, '')) * (String(target.averageValue).endsWith('m') ? 1 : 1000);
      const ratio = avg / (targetMillis || 1);
      const replicas = Math.abs(1 - ratio) <= 0.1 ? current : Math.ceil((total / (targetMillis || 1)));
      return { replicas, name, status: { type: 'Resource', resource: { name: 'cpu', current: { averageValue: formatCpu(Math.round(avg)) } } } };
    } catch (e) {
      if (!(e instanceof MetricError)) throw e;
      const msg = e.message.startsWith('unable to get metrics') ? e.message : `failed to get cpu utilization: ${e.message}`;
      return { replicas: -1, name: 'cpu', error: msg };
    }
  }

  private writeStatus(hpa: HorizontalPodAutoscaler, status: HorizontalPodAutoscalerStatus): void {
    const clean = JSON.parse(JSON.stringify(status)) as HorizontalPodAutoscalerStatus;
    if (deepEqual(clean, hpa.status)) return;
    try {
      this.client.updateStatus('horizontalpodautoscalers', hpa.metadata?.namespace, { ...hpa, status: clean } as KObject);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  protected extraState(): Record<string, unknown> {
    return { memory: [...this.memory], next: [...this.next] };
  }

  protected restoreExtra(s: Record<string, unknown>): void {
    this.memory = new Map((s.memory as [string, HpaMemory][]) ?? []);
    this.next = new Map((s.next as [string, number][]) ?? []);
  }
}

/** Conditions in the order the controller first sets them; lastTransitionTime kept unless flipped. */
class Conditions {
  list: HorizontalPodAutoscalerCondition[];
  constructor(
    old: HorizontalPodAutoscalerCondition[] | undefined,
    private readonly now: string,
  ) {
    this.list = [...(old ?? [])];
  }
  set(type: string, status: 'True' | 'False', reason: string, message: string): void {
    const i = this.list.findIndex((c) => c.type === type);
    const prev = i >= 0 ? this.list[i] : undefined;
    const c = { type, status, reason, message, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : this.now };
    if (i >= 0) this.list[i] = c;
    else this.list.push(c);
    const order = ['AbleToScale', 'ScalingActive', 'ScalingLimited'];
    this.list.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  }
}

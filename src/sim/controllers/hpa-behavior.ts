/**
 * How fast an HPA may move (`horizontal.go` `normalizeDesiredReplicasWithBehaviors`):
 * stabilization windows over past recommendations (scale-down: the highest of the last 300 s),
 * then the rate policies (scale-up by default max(+100 %, +4 pods) per 15 s) counted against
 * the scale events of each policy's period, then the min/max clamp. Each step says why, for
 * the AbleToScale and ScalingLimited conditions. All state is plain JSON (in the snapshot).
 */
import type { HPAScalingRules, HorizontalPodAutoscalerBehavior } from 'kubernetes-types/autoscaling/v2';

export interface Recommendation {
  at: number;
  replicas: number;
}
export interface ScaleEvent {
  at: number;
  change: number;
}
export interface HpaMemory {
  recommendations: Recommendation[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

export const DEFAULT_SCALE_UP: HPAScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
export const DEFAULT_SCALE_DOWN: HPAScalingRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

/** The behavior with every unset part defaulted (as the API's defaulting would fill it). */
export function effectiveBehavior(b: HorizontalPodAutoscalerBehavior | undefined): { up: HPAScalingRules; down: HPAScalingRules } {
  const fill = (r: HPAScalingRules | undefined, d: HPAScalingRules): HPAScalingRules => ({
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? d.stabilizationWindowSeconds,
    selectPolicy: r?.selectPolicy ?? d.selectPolicy,
    policies: r?.policies?.length ? r.policies : d.policies,
  });
  return { up: fill(b?.scaleUp, DEFAULT_SCALE_UP), down: fill(b?.scaleDown, DEFAULT_SCALE_DOWN) };
}

export interface Limited {
  replicas: number;
  reason: string;
  message: string;
}

/** `stabilizeRecommendationWithBehaviors`; records the unstabilized recommendation. */
export function stabilize(mem: HpaMemory, now: number, current: number, desired: number, up: HPAScalingRules, down: HPAScalingRules): Limited {
  const upCutoff = now - (up.stabilizationWindowSeconds ?? 0) * 1000;
  const downCutoff = now - (down.stabilizationWindowSeconds ?? 300) * 1000;
  let upRec = desired;
  let downRec = desired;
  for (const r of mem.recommendations) {
    if (r.at > upCutoff) upRec = Math.min(upRec, r.replicas);
    if (r.at > downCutoff) downRec = Math.max(downRec, r.replicas);
  }
  let rec = current;
  if (rec < upRec) rec = upRec;
  if (rec > downRec) rec = downRec;
  const keepFrom = Math.min(upCutoff, downCutoff);
  mem.recommendations = mem.recommendations.filter((r) => r.at > keepFrom);
  mem.recommendations.push({ at: now, replicas: desired });
  if (rec === desired) return { replicas: rec, reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
  if (rec < desired) return { replicas: rec, reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' };
  return { replicas: rec, reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
}

function changeInPeriod(events: ScaleEvent[], periodSeconds: number, now: number): number {
  const cutoff = now - periodSeconds * 1000;
  let sum = 0;
  for (const e of events) if (e.at > cutoff) sum += e.change;
  return sum;
}

function upLimit(mem: HpaMemory, current: number, rules: HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const useMin = rules.selectPolicy === 'Min';
  let result = useMin ? Infinity : -Infinity;
  for (const p of rules.policies ?? []) {
    const start = current - changeInPeriod(mem.scaleUpEvents, p.periodSeconds, now) + changeInPeriod(mem.scaleDownEvents, p.periodSeconds, now);
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = useMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

function downLimit(mem: HpaMemory, current: number, rules: HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const useMin = rules.selectPolicy === 'Min';
  let result = useMin ? -Infinity : Infinity;
  for (const p of rules.policies ?? []) {
    const start = current - changeInPeriod(mem.scaleUpEvents, p.periodSeconds, now) + changeInPeriod(mem.scaleDownEvents, p.periodSeconds, now);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = useMin ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** `convertDesiredReplicasWithBehaviorRate`: the rate policies and the min/max bounds. */
export function limitRate(mem: HpaMemory, now: number, current: number, desired: number, min: number, max: number, up: HPAScalingRules, down: HPAScalingRules): Limited {
  if (desired > current) {
    const limit = Math.max(upLimit(mem, current, up, now), current);
    let allowed = max;
    let reason = 'TooManyReplicas';
    let message = 'the desired replica count is more than the maximum replica count';
    if (allowed > limit) {
      allowed = limit;
      reason = 'ScaleUpLimit';
      message = 'the desired replica count is increasing faster than the maximum scale rate';
    }
    if (desired > allowed) return { replicas: allowed, reason, message };
  } else if (desired < current) {
    const limit = Math.min(downLimit(mem, current, down, now), current);
    let allowed = min;
    let reason = 'TooFewReplicas';
    let message = 'the desired replica count is less than the minimum replica count';
    if (allowed < limit) {
      allowed = limit;
      reason = 'ScaleDownLimit';
      message = 'the desired replica count is decreasing faster than the maximum scale rate';
    }
    if (desired < allowed) return { replicas: allowed, reason, message };
  }
  return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

/** `storeScaleEvent`: remembered for the longest policy period. */
export function recordScale(mem: HpaMemory, now: number, from: number, to: number, up: HPAScalingRules, down: HPAScalingRules): void {
  const longest = (r: HPAScalingRules) => Math.max(0, ...(r.policies ?? []).map((p) => p.periodSeconds)) * 1000;
  mem.scaleUpEvents = mem.scaleUpEvents.filter((e) => e.at > now - longest(up));
  mem.scaleDownEvents = mem.scaleDownEvents.filter((e) => e.at > now - longest(down));
  if (to > from) mem.scaleUpEvents.push({ at: now, change: to - from });
  else if (to < from) mem.scaleDownEvents.push({ at: now, change: from - to });
}

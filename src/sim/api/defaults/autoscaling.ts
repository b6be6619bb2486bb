/**
 * HorizontalPodAutoscaler (autoscaling/v2) defaulting (`pkg/apis/autoscaling/v2/defaults.go`):
 * minReplicas 1; no metrics → cpu at 80 % utilization; a `behavior` that is given gets its
 * unset parts filled (scale-up: window 0, Max of 4 pods / 100 % per 15 s; scale-down: window
 * 300 s, 100 % per 15 s). An absent `behavior` stays absent: the controller uses the defaults.
 */
import type { KObject } from '../types';
import { Draft } from './cow';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

const UP_POLICIES = [
  { type: 'Pods', value: 4, periodSeconds: 15 },
  { type: 'Percent', value: 100, periodSeconds: 15 },
];
const DOWN_POLICIES = [{ type: 'Percent', value: 100, periodSeconds: 15 }];

function rules(r: unknown, window: number, policies: Obj[]): Obj {
  const d = new Draft(obj(r));
  if (d.get('stabilizationWindowSeconds') === undefined || d.get('stabilizationWindowSeconds') === null) d.set('stabilizationWindowSeconds', window);
  d.setDefault('selectPolicy', 'Max');
  const p = d.get('policies');
  if (!Array.isArray(p) || !p.length) d.set('policies', policies);
  return d.value;
}

export function defaultHPA(o: KObject): KObject {
  const spec = obj(o.spec);
  const d = new Draft(spec);
  if (spec.minReplicas === undefined || spec.minReplicas === null) d.set('minReplicas', 1);
  if (!Array.isArray(spec.metrics) || !spec.metrics.length) d.set('metrics', [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  if (spec.behavior) {
    const b = obj(spec.behavior);
    d.set('behavior', { ...b, scaleUp: rules(b.scaleUp, 0, UP_POLICIES), scaleDown: rules(b.scaleDown, 300, DOWN_POLICIES) });
  }
  return d.value === o.spec ? o : { ...o, spec: d.value };
}

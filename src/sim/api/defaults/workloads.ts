/**
 * Deployment and ReplicaSet defaulting (`pkg/apis/apps/v1/defaults.go`), plus the PodSpec
 * defaults of their pod template (a template never gets the Pod-only defaults).
 */
import type { KObject } from '../types';
import { Draft } from './cow';
import { defaultPodSpec } from './podspec';

type Obj = Record<string, unknown>;

/** Template defaults: PodSpec defaults on `template.spec` (Go's struct is always there). */
export function defaultTemplate(template: Obj | undefined): Obj {
  const t = template && typeof template === 'object' ? template : {};
  const spec = (t.spec && typeof t.spec === 'object' ? t.spec : {}) as Obj;
  const next = defaultPodSpec(spec as never, false) as unknown as Obj;
  return next === t.spec ? t : { ...t, spec: next };
}

export function defaultDeployment(obj: KObject): KObject {
  const spec = (obj.spec && typeof obj.spec === 'object' ? obj.spec : {}) as Obj;
  const d = new Draft(spec);
  if (spec.replicas === undefined || spec.replicas === null) d.set('replicas', 1);
  const strategy = (spec.strategy && typeof spec.strategy === 'object' ? spec.strategy : {}) as Obj;
  const s = new Draft(strategy);
  s.setDefault('type', 'RollingUpdate');
  if (s.get('type') === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate && typeof strategy.rollingUpdate === 'object' ? strategy.rollingUpdate : {}) as Obj;
    const r = new Draft(ru);
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) r.set('maxUnavailable', '25%');
    if (ru.maxSurge === undefined || ru.maxSurge === null) r.set('maxSurge', '25%');
    s.set('rollingUpdate', r.value);
  }
  d.set('strategy', s.value);
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) d.set('revisionHistoryLimit', 10);
  if (spec.progressDeadlineSeconds === undefined || spec.progressDeadlineSeconds === null) d.set('progressDeadlineSeconds', 600);
  d.set('template', defaultTemplate(spec.template as Obj | undefined));
  return d.value === obj.spec ? obj : { ...obj, spec: d.value };
}

export function defaultReplicaSet(obj: KObject): KObject {
  const spec = (obj.spec && typeof obj.spec === 'object' ? obj.spec : {}) as Obj;
  const d = new Draft(spec);
  if (spec.replicas === undefined || spec.replicas === null) d.set('replicas', 1);
  d.set('template', defaultTemplate(spec.template as Obj | undefined));
  return d.value === obj.spec ? obj : { ...obj, spec: d.value };
}

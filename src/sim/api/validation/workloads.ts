/**
 * Deployment and ReplicaSet validation (`pkg/apis/apps/validation/validation.go`) plus the
 * selector-immutability check their registry strategies append on update (apps/v1).
 */
import type { FieldError } from '../fielderrors';
import { fieldErr } from '../fielderrors';
import { selectorMatches } from '../labels';
import type { KObject, LabelSelector, PodSpec } from '../types';
import { deepEqual } from '../../util/immutable';
import { nonNegative } from './container';
import { goIntOrString, goLabelSelector, goStringMap } from './gofmt';
import type { KindValidator } from './index';
import { validateAnnotations, validateLabels } from './labels';
import { validatePodSpec } from './podspec';
import { selectorIsEmpty, selectorUnconvertible, validateLabelSelector } from './selector';

type Obj = Record<string, unknown>;

interface WorkloadSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: LabelSelector | null;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: PodSpec };
}

const selectorValue = (sel: LabelSelector) => ({ valueText: goLabelSelector(sel) });

/** `ValidatePodTemplateSpec`: note the real code's paths — `spec.template.labels`, not `.metadata.labels`. */
function validatePodTemplateSpec(template: WorkloadSpec['template'], path: string): FieldError[] {
  const t = template ?? {};
  const errs = [...validateLabels(t.metadata?.labels, `${path}.labels`), ...validateAnnotations(t.metadata?.annotations, `${path}.annotations`)];
  errs.push(...validatePodSpec((t.spec ?? {}) as PodSpec, `${path}.spec`, { resourceIsPod: false }));
  if (t.spec?.ephemeralContainers?.length) errs.push(fieldErr.forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  return errs;
}

/** `ValidatePodTemplateSpecForReplicaSet` (Deployments use it too, hence its wording). */
function validateTemplateForReplicaSet(spec: WorkloadSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const t = spec.template ?? {};
  const sel = spec.selector;
  // a nil selector converts to "nothing", which matches no labels; an empty one to "everything"
  const empty = !!sel && selectorIsEmpty(sel);
  if (!empty && !(sel && selectorMatches(sel, t.metadata?.labels ?? {}))) {
    errs.push({ type: 'Invalid value', field: `${path}.metadata.labels`, valueText: goStringMap(t.metadata?.labels), detail: '`selector` does not match template `labels`' });
  }
  errs.push(...validatePodTemplateSpec(t, path));
  const rp = t.spec?.restartPolicy ?? '';
  if (rp !== 'Always') errs.push(fieldErr.unsupported(`${path}.spec.restartPolicy`, rp, ['Always']));
  if (t.spec?.activeDeadlineSeconds !== undefined && t.spec?.activeDeadlineSeconds !== null) {
    errs.push(fieldErr.forbidden(`${path}.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return errs;
}

/** selector required, valid, non-empty; then the template against it (when it converts). */
function validateSelectorAndTemplate(spec: WorkloadSpec): FieldError[] {
  const errs: FieldError[] = [];
  const sel = spec.selector;
  if (!sel) errs.push(fieldErr.required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(sel, 'spec.selector'));
    // both kinds say "deployment" here: ValidateReplicaSetSpec shares the text
    if (selectorIsEmpty(sel)) errs.push({ type: 'Invalid value', field: 'spec.selector', ...selectorValue(sel), detail: 'empty selector is invalid for deployment' });
  }
  if (sel && selectorUnconvertible(sel)) errs.push({ type: 'Invalid value', field: 'spec.selector', ...selectorValue(sel), detail: 'invalid label selector' });
  else errs.push(...validateTemplateForReplicaSet(spec, 'spec.template'));
  return errs;
}

function percentValue(v: unknown): number | null {
  return typeof v === 'string' && /^[0-9]+%$/.test(v) ? Number(v.slice(0, -1)) : null;
}

/** `getIntOrPercentValue`: a string that is not a percent counts as Atoi's 0. */
function intOrPercentValue(v: unknown): number {
  const p = percentValue(v);
  if (p !== null) return p;
  if (typeof v === 'number') return v;
  const n = /^[+-]?\d+$/.test(String(v)) ? Number(v) : 0;
  return n;
}

function positiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') {
    if (percentValue(v) !== null) return [];
    return [{ type: 'Invalid value', field: path, valueText: goIntOrString(v), detail: "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')" }];
  }
  if (typeof v === 'number') return nonNegative(v, path);
  return [{ type: 'Invalid value', field: path, valueText: goIntOrString(v), detail: "must be an integer or percentage (e.g '5%%')" }];
}

function validateStrategy(strategy: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const s = strategy ?? {};
  const ru = s.rollingUpdate as Obj | undefined;
  switch (s.type) {
    case 'Recreate':
      if (ru) errs.push(fieldErr.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
      break;
    case 'RollingUpdate': {
      if (!ru) {
        errs.push(fieldErr.required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
        break;
      }
      const p = 'spec.strategy.rollingUpdate';
      errs.push(...positiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
      errs.push(...positiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push({ type: 'Invalid value', field: `${p}.maxUnavailable`, valueText: goIntOrString(ru.maxUnavailable), detail: 'may not be 0 when `maxSurge` is 0' });
      }
      const pct = percentValue(ru.maxUnavailable);
      if (pct !== null && pct > 100) errs.push({ type: 'Invalid value', field: `${p}.maxUnavailable`, valueText: goIntOrString(ru.maxUnavailable), detail: 'must not be greater than 100%' });
      break;
    }
    default: {
      const ruText = ru ? '(*apps.RollingUpdateDeployment)(0xc000a2c1e0)' : '(*apps.RollingUpdateDeployment)(nil)';
      errs.push({
        type: 'Unsupported value',
        field: 'spec.strategy',
        valueText: `apps.DeploymentStrategy{Type:${JSON.stringify(String(s.type ?? ''))}, RollingUpdate:${ruText}}`,
        detail: 'supported values: "Recreate", "RollingUpdate"',
      });
    }
  }
  return errs;
}

export function validateDeploymentSpec(obj: KObject): FieldError[] {
  const spec = (obj.spec ?? {}) as WorkloadSpec & Obj;
  const errs = nonNegative(spec.replicas ?? 0, 'spec.replicas');
  errs.push(...validateSelectorAndTemplate(spec));
  errs.push(...validateStrategy(spec.strategy as Obj | undefined));
  errs.push(...nonNegative(spec.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit !== null) errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const pds = spec.progressDeadlineSeconds as number | undefined | null;
  if (pds !== undefined && pds !== null) {
    errs.push(...nonNegative(pds, 'spec.progressDeadlineSeconds'));
    if (pds <= (spec.minReadySeconds ?? 0)) errs.push(fieldErr.invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

export function validateReplicaSetSpec(obj: KObject): FieldError[] {
  const spec = (obj.spec ?? {}) as WorkloadSpec;
  const errs = nonNegative(spec.replicas ?? 0, 'spec.replicas');
  errs.push(...nonNegative(spec.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  errs.push(...validateSelectorAndTemplate(spec));
  return errs;
}

/** `ValidateImmutableField(new.Spec.Selector, old.Spec.Selector)` as the apps/v1 strategies add it. */
function selectorImmutable(obj: KObject, old: KObject): FieldError[] {
  const next = (obj.spec as WorkloadSpec | undefined)?.selector;
  const prev = (old.spec as WorkloadSpec | undefined)?.selector;
  if (deepEqual(next ?? null, prev ?? null)) return [];
  return [{ type: 'Invalid value', field: 'spec.selector', valueText: next ? goLabelSelector(next) : 'null', detail: 'field is immutable' }];
}

function workloadValidator(validateSpec: (o: KObject) => FieldError[]): KindValidator {
  return {
    validate: validateSpec,
    validateUpdate(obj, old) {
      // status and scale writes share the stored spec: nothing in it can have become invalid
      if (obj.spec === old.spec) return [];
      return [...validateSpec(obj), ...selectorImmutable(obj, old)];
    },
  };
}

export const deploymentValidator = workloadValidator(validateDeploymentSpec);
export const replicaSetValidator = workloadValidator(validateReplicaSetSpec);

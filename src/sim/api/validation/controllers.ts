/**
 * Validation of StatefulSets, DaemonSets, ControllerRevisions, Jobs, CronJobs,
 * PodDisruptionBudgets and HorizontalPodAutoscalers — the checks learners meet most
 * (`pkg/apis/{apps,batch,policy,autoscaling}/validation`): selector required and matching the
 * template, the template's restartPolicy, counts ≥ 0, a parseable cron schedule, PDB
 * minAvailable/maxUnavailable exclusive, HPA replica bounds; plus the fields updates may not
 * change. Not every rule of the real validators is here.
 */
import { parseSchedule, CronParseError } from '../cronschedule';
import { deepEqual } from '../../util/immutable';
import type { FieldError } from '../fielderrors';
import { fieldErr } from '../fielderrors';
import { selectorMatches } from '../labels';
import type { KObject, LabelSelector, PodSpec } from '../types';
import { nonNegative } from './container';
import { goLabelSelector, goStringMap } from './gofmt';
import type { KindValidator } from './index';
import { validatePodSpec } from './podspec';
import { selectorIsEmpty, validateLabelSelector } from './selector';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function selectorAndTemplate(spec: Obj, path: string, restart: string[], kindWord: string): FieldError[] {
  const errs: FieldError[] = [];
  const sel = spec.selector as LabelSelector | undefined;
  const t = (spec.template ?? {}) as Obj;
  if (!sel) errs.push(fieldErr.required(`${path}.selector`));
  else {
    errs.push(...validateLabelSelector(sel, `${path}.selector`));
    if (selectorIsEmpty(sel)) errs.push({ type: 'Invalid value', field: `${path}.selector`, valueText: goLabelSelector(sel), detail: `empty selector is invalid for ${kindWord}` });
    else if (!selectorMatches(sel, t.metadata?.labels ?? {})) {
      errs.push({ type: 'Invalid value', field: `${path}.template.metadata.labels`, valueText: goStringMap(t.metadata?.labels), detail: '`selector` does not match template `labels`' });
    }
  }
  // a StatefulSet's claim templates are volumes its containers may mount
  const claims = ((spec.volumeClaimTemplates ?? []) as Obj[]).map((c) => ({ name: c.metadata?.name ?? '', persistentVolumeClaim: { claimName: c.metadata?.name ?? '' } }));
  const podSpec = (claims.length ? { ...(t.spec ?? {}), volumes: [...(t.spec?.volumes ?? []), ...claims] } : (t.spec ?? {})) as PodSpec;
  errs.push(...validatePodSpec(podSpec, `${path}.template.spec`, { resourceIsPod: false }));
  const rp = t.spec?.restartPolicy ?? '';
  if (!restart.includes(rp)) errs.push(fieldErr.unsupported(`${path}.template.spec.restartPolicy`, rp, restart));
  return errs;
}

const optNonNeg = (v: unknown, p: string) => (v === undefined || v === null ? [] : nonNegative(v, p));

function validateStatefulSet(o: KObject): FieldError[] {
  const s = (o.spec ?? {}) as Obj;
  const errs = [...optNonNeg(s.replicas, 'spec.replicas'), ...optNonNeg(s.minReadySeconds, 'spec.minReadySeconds')];
  if (s.podManagementPolicy && !['OrderedReady', 'Parallel'].includes(s.podManagementPolicy)) errs.push(fieldErr.unsupported('spec.podManagementPolicy', s.podManagementPolicy, ['OrderedReady', 'Parallel']));
  const ut = s.updateStrategy?.type;
  if (ut && !['RollingUpdate', 'OnDelete'].includes(ut)) errs.push(fieldErr.unsupported('spec.updateStrategy.type', ut, ['OnDelete', 'RollingUpdate']));
  errs.push(...optNonNeg(s.updateStrategy?.rollingUpdate?.partition, 'spec.updateStrategy.rollingUpdate.partition'));
  errs.push(...selectorAndTemplate(s, 'spec', ['Always'], 'statefulset'));
  return errs;
}

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

function validateDaemonSet(o: KObject): FieldError[] {
  const s = (o.spec ?? {}) as Obj;
  const errs = optNonNeg(s.minReadySeconds, 'spec.minReadySeconds');
  errs.push(...selectorAndTemplate(s, 'spec', ['Always'], 'daemonset'));
  return errs;
}

function validateJob(o: KObject): FieldError[] {
  const s = (o.spec ?? {}) as Obj;
  const errs = [...optNonNeg(s.parallelism, 'spec.parallelism'), ...optNonNeg(s.completions, 'spec.completions'), ...optNonNeg(s.backoffLimit, 'spec.backoffLimit')];
  if (s.activeDeadlineSeconds !== undefined && s.activeDeadlineSeconds !== null && s.activeDeadlineSeconds <= 0) errs.push(fieldErr.invalid('spec.activeDeadlineSeconds', s.activeDeadlineSeconds, 'must be greater than 0'));
  errs.push(...optNonNeg(s.ttlSecondsAfterFinished, 'spec.ttlSecondsAfterFinished'));
  errs.push(...selectorAndTemplate(s, 'spec', ['OnFailure', 'Never'], 'job'));
  return errs;
}

function validateCronJob(o: KObject): FieldError[] {
  const s = (o.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  if (!s.schedule) errs.push(fieldErr.required('spec.schedule'));
  else {
    try {
      parseSchedule(s.schedule);
    } catch (e) {
      if (!(e instanceof CronParseError)) throw e;
      errs.push(fieldErr.invalid('spec.schedule', s.schedule, e.message));
    }
  }
  if (s.concurrencyPolicy && !['Allow', 'Forbid', 'Replace'].includes(s.concurrencyPolicy)) errs.push(fieldErr.unsupported('spec.concurrencyPolicy', s.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']));
  errs.push(...optNonNeg(s.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  const rp = s.jobTemplate?.spec?.template?.spec?.restartPolicy ?? '';
  if (!['OnFailure', 'Never'].includes(rp)) errs.push(fieldErr.unsupported('spec.jobTemplate.spec.template.spec.restartPolicy', rp, ['OnFailure', 'Never']));
  return errs;
}

function validatePDB(o: KObject): FieldError[] {
  const s = (o.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  if (s.minAvailable !== undefined && s.minAvailable !== null && s.maxUnavailable !== undefined && s.maxUnavailable !== null) {
    errs.push(fieldErr.invalid('spec', s, 'minAvailable and maxUnavailable cannot be both set'));
  }
  if (typeof s.minAvailable === 'number') errs.push(...nonNegative(s.minAvailable, 'spec.minAvailable'));
  if (typeof s.maxUnavailable === 'number') errs.push(...nonNegative(s.maxUnavailable, 'spec.maxUnavailable'));
  errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
  return errs;
}

function validateHPA(o: KObject): FieldError[] {
  const s = (o.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  const ref = s.scaleTargetRef ?? {};
  if (!ref.kind) errs.push(fieldErr.required('spec.scaleTargetRef.kind'));
  if (!ref.name) errs.push(fieldErr.required('spec.scaleTargetRef.name'));
  const min = s.minReplicas ?? 1;
  if (min < 1) errs.push(fieldErr.invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (s.maxReplicas === undefined || s.maxReplicas < 1) errs.push(fieldErr.invalid('spec.maxReplicas', s.maxReplicas ?? 0, 'must be greater than 0'));
  else if (s.maxReplicas < min) errs.push(fieldErr.invalid('spec.maxReplicas', s.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  return errs;
}

function immutable(paths: string[]): (o: KObject, old: KObject) => FieldError[] {
  return (o, old) => {
    const errs: FieldError[] = [];
    for (const p of paths) {
      const get = (x: KObject) => p.split('.').reduce<unknown>((v, k) => (v as Obj | undefined)?.[k], x);
      if (!deepEqual(get(o) ?? null, get(old) ?? null)) errs.push(fieldErr.invalid(p, get(o) ?? null, 'field is immutable'));
    }
    return errs;
  };
}

export const controllerValidators: Record<string, KindValidator> = {
  statefulsets: {
    validate: validateStatefulSet,
    validateUpdate(o, old) {
      if (o.spec === old.spec) return [];
      const a = { ...(o.spec as Obj) };
      const b = { ...(old.spec as Obj) };
      for (const k of STS_MUTABLE) delete a[k], delete b[k];
      const errs = validateStatefulSet(o);
      if (!deepEqual(a, b)) errs.push(fieldErr.forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
      return errs;
    },
  },
  daemonsets: { validate: validateDaemonSet, validateUpdate: (o, old) => (o.spec === old.spec ? [] : [...validateDaemonSet(o), ...immutable(['spec.selector'])(o, old)]) },
  controllerrevisions: {
    validate: (o) => (o.revision === undefined || o.revision < 0 ? nonNegative(o.revision ?? -1, 'revision') : []),
    validateUpdate: (o, old) => immutable(['data'])(o, old),
  },
  jobs: { validate: validateJob, validateUpdate: (o, old) => (o.spec === old.spec ? [] : [...validateJob(o), ...immutable(['spec.selector', 'spec.template', 'spec.completions'])(o, old)]) },
  cronjobs: { validate: validateCronJob },
  poddisruptionbudgets: { validate: validatePDB },
  horizontalpodautoscalers: { validate: validateHPA },
};

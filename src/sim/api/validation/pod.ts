/**
 * Pod validation: `ValidatePodCreate` and `ValidatePodUpdate`. On update only a few spec fields
 * may change (container images, activeDeadlineSeconds, added tolerations, removed scheduling
 * gates); anything else gets the real `pod updates may not change fields other than ...` error.
 */
import { compareQuantities } from '../defaults/canonical';
import type { FieldError } from '../fielderrors';
import { fieldErr } from '../fielderrors';
import type { Container, KObject, PodSpec, Toleration } from '../types';
import { deepEqual } from '../../util/immutable';
import type { KindValidator } from './index';
import { goFieldName } from './gofmt';
import { validatePodSpec, validateTolerations } from './podspec';

type Obj = Record<string, unknown>;

/** InPlacePodVerticalScaling is off by default in v1.32, so resources are not in the list. */
const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

function specOf(o: KObject): PodSpec {
  return (o.spec ?? {}) as PodSpec;
}

/** `validatePodMetadataAndSpec` without the metadata (the API server validates that first). */
function validatePodMetadataAndSpec(pod: KObject): FieldError[] {
  const spec = specOf(pod);
  const errs = validatePodSpec(spec, 'spec', { resourceIsPod: true });
  if (!spec.serviceAccountName) {
    (spec.volumes ?? []).forEach((v, vi) =>
      (v.projected?.sources ?? []).forEach((s, si) => {
        if (s.serviceAccountToken) errs.push(fieldErr.forbidden(`spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`, 'must not be specified when serviceAccountName is not set'));
      }),
    );
  }
  for (const [list, path] of [[spec.containers, 'spec.containers'], [spec.initContainers, 'spec.initContainers']] as const) {
    (list ?? []).forEach((c, i) => {
      if (typeof c.image === 'string' && c.image !== c.image.trim()) errs.push(fieldErr.invalid(`${path}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
    });
  }
  return errs;
}

export function validatePodCreate(pod: KObject): FieldError[] {
  const spec = specOf(pod);
  const errs = validatePodMetadataAndSpec(pod);
  if (spec.ephemeralContainers?.length) errs.push(fieldErr.forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (spec.nodeName && spec.schedulingGates?.length) errs.push(fieldErr.forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  return errs;
}

function containerUpdates(next: Container[] | undefined, prev: Container[] | undefined, path: string): { errs: FieldError[]; stop: boolean } {
  if ((next ?? []).length !== (prev ?? []).length) return { errs: [fieldErr.forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  (next ?? []).forEach((c, i) => {
    if (!c.image) errs.push(fieldErr.required(`${path}[${i}].image`));
    if (typeof c.image === 'string' && c.image.trim().length !== c.image.length) errs.push(fieldErr.invalid(`${path}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

function onlyAddedTolerations(next: Toleration[] | undefined, prev: Toleration[] | undefined, path: string): FieldError[] {
  for (const old of prev ?? []) {
    const found = (next ?? []).some((t) => deepEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t));
    if (!found) return [fieldErr.forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, path);
}

/** `qos.ComputePodQOS`, from cpu and memory requests and limits. */
export function podQOS(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  let any = false;
  let guaranteed = true;
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const req = (c.resources?.requests ?? {}) as Obj;
    const lim = (c.resources?.limits ?? {}) as Obj;
    for (const r of ['cpu', 'memory']) {
      const hasReq = req[r] !== undefined && compareQuantities(req[r], '0') !== 0;
      const hasLim = lim[r] !== undefined && compareQuantities(lim[r], '0') !== 0;
      if (hasReq || hasLim) any = true;
      if (!hasLim || (hasReq && compareQuantities(req[r], lim[r]) !== 0)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * The diff the real message appends (go-cmp's `cmp.Diff(old, new)`). go-cmp output is unstable
 * by design (it even varies its spaces), so this is a faithful sketch, not a byte-exact copy.
 */
function specDiff(prev: Obj, next: Obj): string {
  const keys = [...new Set([...Object.keys(prev), ...Object.keys(next)])];
  const lines = ['  core.PodSpec{'];
  let same = 0;
  const flush = () => {
    if (same) lines.push(`  \t... // ${same} identical field${same === 1 ? '' : 's'}`);
    same = 0;
  };
  for (const k of keys) {
    if (deepEqual(prev[k], next[k])) {
      same++;
      continue;
    }
    flush();
    if (prev[k] !== undefined) lines.push(`- \t${goFieldName(k)}: ${JSON.stringify(prev[k])},`);
    if (next[k] !== undefined) lines.push(`+ \t${goFieldName(k)}: ${JSON.stringify(next[k])},`);
  }
  flush();
  lines.push('  }');
  return lines.join('\n');
}

export function validatePodUpdate(pod: KObject, old: KObject): FieldError[] {
  // a status write or a metadata-only change: the spec was validated when it was stored
  if (pod.spec === old.spec) return [];
  const spec = specOf(pod);
  const prev = specOf(old);
  const errs = validatePodMetadataAndSpec(pod);
  for (const [next, before, path] of [[spec.containers, prev.containers, 'spec.containers'], [spec.initContainers, prev.initContainers, 'spec.initContainers']] as const) {
    const r = containerUpdates(next, before, path);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    if (ads < 0 || ads > 2147483647) return [...errs, fieldErr.invalid('spec.activeDeadlineSeconds', ads, 'must be between 0 and 2147483647, inclusive')];
    if (prev.activeDeadlineSeconds !== undefined && prev.activeDeadlineSeconds !== null && prev.activeDeadlineSeconds < ads) {
      return [...errs, fieldErr.invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value')];
    }
  } else if (prev.activeDeadlineSeconds !== undefined && prev.activeDeadlineSeconds !== null) {
    errs.push(fieldErr.invalid('spec.activeDeadlineSeconds', undefined, 'must not update from a positive integer to nil value'));
  }
  errs.push(...onlyAddedTolerations(spec.tolerations, prev.tolerations, 'spec.tolerations'));
  const oldGates = new Set((prev.schedulingGates ?? []).map((g) => g.name));
  (spec.schedulingGates ?? []).forEach((g, i) => {
    if (!oldGates.has(g.name)) errs.push(fieldErr.forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${g.name}'`));
  });
  if (deepEqual(spec, prev)) return errs;

  const oldQOS = ((old.status as Obj | undefined)?.qosClass as string | undefined) ?? podQOS(prev);
  // the real code reports this under `metadata`, with the (unchanged) status.qosClass as value
  if (oldQOS !== podQOS(spec)) errs.push(fieldErr.invalid('metadata', ((pod.status as Obj | undefined)?.qosClass as string | undefined) ?? oldQOS, 'Pod QoS is immutable'));

  const munged: Obj = {
    ...spec,
    containers: spec.containers?.map((c, i) => ({ ...c, image: prev.containers![i].image })),
    initContainers: spec.initContainers?.map((c, i) => ({ ...c, image: prev.initContainers![i].image })),
    activeDeadlineSeconds: prev.activeDeadlineSeconds,
    schedulingGates: prev.schedulingGates,
    tolerations: prev.tolerations,
  };
  const oldGrace = prev.terminationGracePeriodSeconds;
  if (oldGrace !== undefined && oldGrace !== null && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldGrace;
  if (!deepEqual(munged, prev)) {
    errs.push(fieldErr.forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS}\n${specDiff(prev as unknown as Obj, munged)}`));
  }
  return errs;
}

export const podValidator: KindValidator = {
  validate: validatePodCreate,
  validateUpdate: validatePodUpdate,
};

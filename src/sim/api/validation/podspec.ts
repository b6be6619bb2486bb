/**
 * PodSpec validation (`ValidatePodSpec`), shared by Pods and the templates of workloads, in the
 * order the real function runs its checks: grace period, volumes, containers, init containers,
 * host network, restart and DNS policy, node selector, ..., tolerations.
 */
import { VOLUME_SOURCE_KEYS } from '../defaults/podspec';
import type { FieldError } from '../fielderrors';
import { memoValid } from './memo';
import { fieldErr } from '../fielderrors';
import { labelErrors, subdomainErrors } from '../names';
import type { PodSpec, Toleration } from '../types';
import { validateContainers, validateInitContainers } from './container';
import { labelValueErrors, qualifiedNameErrors, validateLabels } from './labels';

type Obj = Record<string, unknown>;

export interface PodSpecOptions {
  /** the spec is a Pod's own (not a template): host ports must equal container ports */
  resourceIsPod: boolean;
}

const FILE_MODE = 'must be a number between 0 and 0777 (octal), both inclusive';

function fileModeErrors(mode: unknown, path: string): FieldError[] {
  return typeof mode === 'number' && (mode < 0 || mode > 0o777) ? [fieldErr.invalid(path, mode, FILE_MODE)] : [];
}

function volumeSourceErrors(v: Obj, path: string): FieldError[] {
  // one source whose frozen object was seen valid before: nothing to scan
  let only: string | undefined;
  let count = 0;
  for (const k in v) if (k !== 'name' && v[k] !== undefined && v[k] !== null) {
    only = k;
    count++;
  }
  const source = count === 1 ? (v[only!] as object) : null;
  if (source && validSources.has(source)) return [];
  const errs = volumeSourceScan(v, path);
  if (source && !errs.length && Object.isFrozen(source)) validSources.add(source);
  return errs;
}

/** Volume sources found valid (frozen ones only): a source's validity does not depend on its volume's name. */
const validSources = new WeakSet<object>();

function volumeSourceScan(v: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const key of VOLUME_SOURCE_KEYS) {
    const src = v[key] as Obj | undefined | null;
    if (src === undefined || src === null) continue;
    // the real message has this typo for downwardAPI
    const p = `${path}.${key === 'downwardAPI' ? 'downwarAPI' : key}`;
    if (n > 0) {
      errs.push(fieldErr.forbidden(p, 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    const sp = `${path}.${key}`;
    if (key === 'hostPath') {
      if (!src.path) errs.push(fieldErr.required(`${sp}.path`));
      else if ((src.path as string).split('/').includes('..')) errs.push(fieldErr.invalid(`${sp}.path`, src.path, "must not contain '..'"));
    }
    if (key === 'secret') {
      if (!src.secretName) errs.push(fieldErr.required(`${sp}.secretName`));
      errs.push(...fileModeErrors(src.defaultMode, `${sp}.defaultMode`));
    }
    if (key === 'configMap') {
      if (!src.name) errs.push(fieldErr.required(`${sp}.name`));
      errs.push(...fileModeErrors(src.defaultMode, `${sp}.defaultMode`));
    }
    if (key === 'persistentVolumeClaim' && !src.claimName) errs.push(fieldErr.required(`${sp}.claimName`));
    if (key === 'nfs') {
      if (!src.server) errs.push(fieldErr.required(`${sp}.server`));
      if (!src.path) errs.push(fieldErr.required(`${sp}.path`));
      else if (!(src.path as string).startsWith('/')) errs.push(fieldErr.invalid(`${sp}.path`, src.path, 'must be an absolute path'));
    }
  }
  if (n === 0) errs.push(fieldErr.required(path, 'must specify a volume type'));
  return errs;
}

/** `ValidateVolumes`: returns the names of the valid volumes (mounts may only use those). */
export function validateVolumes(volumes: Obj[] | undefined, path: string): { names: Set<string>; errors: FieldError[] } {
  const names = new Set<string>();
  const errors: FieldError[] = [];
  (volumes ?? []).forEach((v, i) => {
    const ip = `${path}[${i}]`;
    const name = (v.name as string) ?? '';
    const el = volumeSourceErrors(v, ip);
    if (!name) el.push(fieldErr.required(`${ip}.name`));
    else for (const m of labelErrors(name)) el.push(fieldErr.invalid(`${ip}.name`, name, m));
    if (names.has(name)) el.push(fieldErr.duplicate(`${ip}.name`, name));
    if (el.length === 0) names.add(name);
    else errors.push(...el);
  });
  return { names, errors };
}

export const validateTolerations = memoValid(validateTolerationsOnce);
function validateTolerationsOnce(tolerations: Toleration[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const ip = `${path}[${i}]`;
    const key = t.key ?? '';
    const op = t.operator ?? '';
    if (key) for (const m of qualifiedNameErrors(key)) errs.push(fieldErr.invalid(`${ip}.key`, key, m));
    if (!key && op !== 'Exists') {
      errs.push(fieldErr.invalid(`${ip}.operator`, op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(fieldErr.invalid(`${ip}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === 'Equal' || op === '') {
      const msgs = labelValueErrors(t.value ?? '');
      if (msgs.length) errs.push(fieldErr.invalid(`${ip}.operator`, t.value ?? '', msgs.join(';')));
    } else if (op === 'Exists') {
      if (t.value) {
        const text = `core.Toleration{Key:${JSON.stringify(key)}, Operator:${JSON.stringify(op)}, Value:${JSON.stringify(t.value)}, Effect:${JSON.stringify(t.effect ?? '')}, TolerationSeconds:${t.tolerationSeconds === undefined ? '(*int64)(nil)' : '(*int64)(0xc000000000)'}}`;
        errs.push({ type: 'Invalid value', field: `${ip}.operator`, valueText: text, detail: "value must be empty when `operator` is 'Exists'" });
      }
    } else {
      errs.push(fieldErr.unsupported(`${ip}.operator`, op, ['Equal', 'Exists']));
    }
    if (t.effect && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)) {
      errs.push(fieldErr.unsupported(`${ip}.effect`, t.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
    }
  });
  return errs;
}

function validateNodeAffinity(na: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const required = na.requiredDuringSchedulingIgnoredDuringExecution as Obj | undefined;
  if (required) {
    const terms = (required.nodeSelectorTerms as Obj[] | undefined) ?? [];
    const tp = `${path}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    if (!terms.length) errs.push(fieldErr.required(tp, 'must have at least one node selector term'));
    terms.forEach((term, i) => {
      ((term.matchExpressions as Obj[] | undefined) ?? []).forEach((r, j) => errs.push(...nodeSelectorRequirement(r, `${tp}[${i}].matchExpressions[${j}]`)));
    });
  }
  ((na.preferredDuringSchedulingIgnoredDuringExecution as Obj[] | undefined) ?? []).forEach((p, i) => {
    const pp = `${path}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    const w = p.weight as number;
    if (!(w >= 1 && w <= 100)) errs.push(fieldErr.invalid(`${pp}.weight`, w ?? 0, 'must be in the range 1-100'));
    (((p.preference as Obj | undefined)?.matchExpressions as Obj[] | undefined) ?? []).forEach((r, j) => errs.push(...nodeSelectorRequirement(r, `${pp}.preference.matchExpressions[${j}]`)));
  });
  return errs;
}

function nodeSelectorRequirement(r: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values = (r.values as string[] | undefined) ?? [];
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (!values.length) errs.push(fieldErr.required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length) errs.push(fieldErr.forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(fieldErr.required(`${path}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(fieldErr.invalid(`${path}.operator`, r.operator ?? '', 'not a valid selector operator'));
  }
  for (const m of qualifiedNameErrors((r.key as string) ?? '')) errs.push(fieldErr.invalid(`${path}.key`, r.key ?? '', m));
  return errs;
}

export function validatePodSpec(spec: PodSpec, path: string, opts: PodSpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  const s = spec as unknown as Obj;
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) errs.push(fieldErr.required(`${path}.terminationGracePeriodSeconds`));
  const vols = validateVolumes(s.volumes as Obj[] | undefined, `${path}.volumes`);
  errs.push(...vols.errors);
  errs.push(...validateContainers(spec.containers, vols.names, `${path}.containers`));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, vols.names, `${path}.initContainers`));
  if (spec.hostNetwork) {
    (spec.containers ?? []).forEach((c, i) =>
      (c.ports ?? []).forEach((p, j) => {
        const hp = p.hostPort ?? 0;
        if ((opts.resourceIsPod || hp !== 0) && hp !== p.containerPort) {
          errs.push(fieldErr.invalid(`${path}.containers[${i}].ports[${j}].hostPort`, hp, 'must match `containerPort` when `hostNetwork` is true'));
        }
      }),
    );
  }
  const rp = spec.restartPolicy ?? '';
  if (!rp) errs.push(fieldErr.required(`${path}.restartPolicy`));
  else if (!['Always', 'OnFailure', 'Never'].includes(rp)) errs.push(fieldErr.unsupported(`${path}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']));
  const dns = spec.dnsPolicy ?? '';
  if (!dns) errs.push(fieldErr.required(`${path}.dnsPolicy`));
  else if (!['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(dns)) {
    errs.push(fieldErr.unsupported(`${path}.dnsPolicy`, dns, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  }
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  const na = (spec.affinity as Obj | undefined)?.nodeAffinity as Obj | undefined;
  if (na) errs.push(...validateNodeAffinity(na, `${path}.affinity.nodeAffinity`));
  if (dns === 'None' && !spec.dnsConfig) errs.push(fieldErr.required(`${path}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None'));
  if (spec.serviceAccountName) for (const m of subdomainErrors(spec.serviceAccountName)) errs.push(fieldErr.invalid(`${path}.serviceAccountName`, spec.serviceAccountName, m));
  if (spec.nodeName) for (const m of subdomainErrors(spec.nodeName)) errs.push(fieldErr.invalid(`${path}.nodeName`, spec.nodeName, m));
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null && (ads < 1 || ads > 2147483647)) {
    errs.push(fieldErr.invalid(`${path}.activeDeadlineSeconds`, ads, 'must be between 1 and 2147483647, inclusive'));
  }
  if (spec.hostname) for (const m of labelErrors(spec.hostname)) errs.push(fieldErr.invalid(`${path}.hostname`, spec.hostname, m));
  if (spec.subdomain) for (const m of labelErrors(spec.subdomain)) errs.push(fieldErr.invalid(`${path}.subdomain`, spec.subdomain, m));
  if (spec.tolerations?.length) errs.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  if (spec.priorityClassName) for (const m of subdomainErrors(spec.priorityClassName)) errs.push(fieldErr.invalid(`${path}.priorityClassName`, spec.priorityClassName, m));
  return errs;
}

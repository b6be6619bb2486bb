/**
 * Container validation (`validateContainerCommon` and friends in
 * `pkg/apis/core/validation/validation.go`), errors in the order the real code appends them.
 */
import { canonicalQuantity, compareQuantities, isNegativeQuantity, isWholeQuantity } from '../defaults/canonical';
import type { FieldError } from '../fielderrors';
import { memoValid } from './memo';
import { fieldErr } from '../fielderrors';
import { labelErrors, subdomainErrors } from '../names';
import type { Container, Probe } from '../types';
import { qualifiedNameErrors } from './labels';

type Obj = Record<string, unknown>;

const NEGATIVE = 'must be greater than or equal to 0';
const PORT_RANGE = 'must be between 1 and 65535, inclusive';

export function portNumErrors(n: number): string[] {
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? [] : [PORT_RANGE];
}

/** IANA_SVC_NAME (`validation.IsValidPortName`). */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  else if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.length > 0 && (name.startsWith('-') || name.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

export function nonNegative(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [fieldErr.invalid(path, value, NEGATIVE)] : [];
}

function portNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number') return portNumErrors(port).map((m) => fieldErr.invalid(path, port, m));
  if (typeof port === 'string') return portNameErrors(port).map((m) => fieldErr.invalid(path, port, m));
  return [{ type: 'Internal error', field: path, detail: `unknown type: ${typeof port}` }];
}

const validatePorts = memoValid(validatePortsOnce);
function validatePortsOnce(ports: Obj[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p, i) => {
    const ip = `${path}[${i}]`;
    const name = (p.name as string) ?? '';
    if (name) {
      const msgs = portNameErrors(name);
      if (msgs.length) for (const m of msgs) errs.push(fieldErr.invalid(`${ip}.name`, name, m));
      else if (names.has(name)) errs.push(fieldErr.duplicate(`${ip}.name`, name));
      else names.add(name);
    }
    const cp = p.containerPort as number | undefined;
    if (!cp) errs.push(fieldErr.required(`${ip}.containerPort`));
    else for (const m of portNumErrors(cp)) errs.push(fieldErr.invalid(`${ip}.containerPort`, cp, m));
    const hp = p.hostPort as number | undefined;
    if (hp) for (const m of portNumErrors(hp)) errs.push(fieldErr.invalid(`${ip}.hostPort`, hp, m));
    const proto = p.protocol as string | undefined;
    if (!proto) errs.push(fieldErr.required(`${ip}.protocol`));
    else if (!['TCP', 'UDP', 'SCTP'].includes(proto)) errs.push(fieldErr.unsupported(`${ip}.protocol`, proto, ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const CONVERTIBLE_FIELD_PATHS = new Set([...ENV_FIELD_PATHS, 'metadata.annotations', 'metadata.labels', 'spec.restartPolicy', 'spec.schedulerName', 'status.phase']);
const RELAXED_ENV = "a valid environment variable name must consist only of printable ASCII characters other than '='";

/** RelaxedEnvironmentVariableValidation is on by default in v1.32 (beta). */
function envNameErrors(name: string): string[] {
  return /^[\x20-\x7e]+$/.test(name) && !name.includes('=') ? [] : [RELAXED_ENV];
}

const validateEnv = memoValid(validateEnvOnce);
function validateEnvOnce(env: Obj[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (env ?? []).forEach((e, i) => {
    const ip = `${path}[${i}]`;
    const name = (e.name as string) ?? '';
    if (!name) errs.push(fieldErr.required(`${ip}.name`));
    else for (const m of envNameErrors(name)) errs.push(fieldErr.invalid(`${ip}.name`, name, m));
    const from = e.valueFrom as Obj | undefined;
    if (!from) return;
    const vp = `${ip}.valueFrom`;
    let sources = 0;
    const fieldRef = from.fieldRef as Obj | undefined;
    if (fieldRef) {
      sources++;
      const fp = `${vp}.fieldRef`;
      const fieldPath = (fieldRef.fieldPath as string) ?? '';
      if (!fieldRef.apiVersion) errs.push(fieldErr.required(`${fp}.apiVersion`));
      else if (!fieldPath) errs.push(fieldErr.required(`${fp}.fieldPath`));
      else {
        const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
        if (sub) {
          const key = sub[1] === 'metadata.annotations' ? sub[2].toLowerCase() : sub[2];
          for (const m of qualifiedNameErrors(key)) errs.push(fieldErr.invalid(fp, key, m));
        } else if (!CONVERTIBLE_FIELD_PATHS.has(fieldPath)) {
          errs.push(fieldErr.invalid(`${fp}.fieldPath`, fieldPath, `error converting fieldPath: field label not supported: ${fieldPath}`));
        } else if (!ENV_FIELD_PATHS.includes(fieldPath)) {
          errs.push(fieldErr.unsupported(`${fp}.fieldPath`, fieldPath, ENV_FIELD_PATHS));
        }
      }
    }
    if (from.resourceFieldRef) sources++;
    for (const key of ['configMapKeyRef', 'secretKeyRef']) {
      const ref = from[key] as Obj | undefined;
      if (!ref) continue;
      sources++;
      for (const m of subdomainErrors((ref.name as string) ?? '')) errs.push(fieldErr.invalid(`${vp}.${key}.name`, ref.name ?? '', m));
      if (!ref.key) errs.push(fieldErr.required(`${vp}.${key}.key`));
    }
    if (sources === 0) errs.push(fieldErr.invalid(vp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (e.value) errs.push(fieldErr.invalid(vp, '', 'may not be specified when `value` is not empty'));
    else if (sources > 1) errs.push(fieldErr.invalid(vp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function descendingPathErrors(p: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (p.startsWith('/')) errs.push(fieldErr.invalid(path, p, 'must be a relative path'));
  if (p.split('/').includes('..')) errs.push(fieldErr.invalid(path, p, "must not contain '..'"));
  return errs;
}

function validateVolumeMounts(mounts: Obj[] | undefined, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (mounts ?? []).forEach((m, i) => {
    const ip = `${path}[${i}]`;
    const name = (m.name as string) ?? '';
    const mountPath = (m.mountPath as string) ?? '';
    if (!name) errs.push(fieldErr.required(`${ip}.name`));
    if (!volumes.has(name)) errs.push(fieldErr.notFound(`${ip}.name`, name));
    if (!mountPath) errs.push(fieldErr.required(`${ip}.mountPath`));
    if (seen.has(mountPath)) errs.push(fieldErr.invalid(`${ip}.mountPath`, mountPath, 'must be unique'));
    seen.add(mountPath);
    // the real code passes the list path here, not the item's (so `volumeMounts.subPath`)
    if (m.subPath) errs.push(...descendingPathErrors(m.subPath as string, `${path}.subPath`));
    if (m.subPathExpr) {
      if (m.subPath) errs.push(fieldErr.invalid(`${ip}.subPathExpr`, m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...descendingPathErrors(m.subPathExpr as string, `${path}.subPathExpr`));
    }
  });
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu',
  'limits.memory', 'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets',
  'configmaps', 'persistentvolumeclaims', 'requests.storage', 'services.nodeports', 'services.loadbalancers',
]);

const isHugePages = (n: string) => n.startsWith('hugepages-');
const isNative = (n: string) => !n.includes('/') || n.includes('kubernetes.io/');
/** cpu, memory, storage may be overcommitted; extended resources and hugepages may not */
const overcommitAllowed = (n: string) => isNative(n) && !isHugePages(n);

function resourceNameErrors(name: string, path: string): FieldError[] {
  const q = qualifiedNameErrors(name);
  if (q.length) return q.map((m) => fieldErr.invalid(path, name, m));
  // ResourceName is a Stringer: printed bare, not quoted
  const bare = (detail: string): FieldError => ({ type: 'Invalid value', field: path, valueText: name, detail });
  if (!name.includes('/')) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name)) return [bare('must be a standard resource type or fully qualified')];
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) return [bare('must be a standard resource for containers')];
  } else if (!isNative(name) && (name.startsWith('requests.') || qualifiedNameErrors(`requests.${name}`).length)) {
    return [bare("doesn't follow extended resource name standard")];
  }
  return [];
}

function quantityErrors(name: string, q: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const text = canonicalQuantity(q) ?? String(q);
  if (isNegativeQuantity(q)) errs.push(fieldErr.invalid(path, text, NEGATIVE));
  if (!isNative(name) && !isWholeQuantity(q)) errs.push({ type: 'Invalid value', field: path, valueText: text, detail: 'must be an integer' });
  return errs;
}

export const validateResources = memoValid(validateResourcesOnce);
function validateResourcesOnce(r: Obj | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits = (r?.limits ?? {}) as Obj;
  const requests = (r?.requests ?? {}) as Obj;
  let limCpuMem = false;
  let reqCpuMem = false;
  let huge = false;
  for (const [name, q] of Object.entries(limits)) {
    const p = `${path}.limits[${name}]`;
    errs.push(...resourceNameErrors(name, p), ...quantityErrors(name, q, p));
    if (isHugePages(name)) huge = true;
    if (name === 'cpu' || name === 'memory') limCpuMem = true;
  }
  for (const [name, q] of Object.entries(requests)) {
    const p = `${path}.requests[${name}]`;
    errs.push(...resourceNameErrors(name, p), ...quantityErrors(name, q, p));
    const text = canonicalQuantity(q) ?? String(q);
    if (name in limits) {
      const limitText = canonicalQuantity(limits[name]) ?? String(limits[name]);
      const cmp = compareQuantities(q, limits[name]);
      if (cmp !== 0 && !overcommitAllowed(name)) errs.push(fieldErr.invalid(`${path}.requests`, text, `must be equal to ${name} limit of ${limitText}`));
      else if (cmp > 0) errs.push(fieldErr.invalid(`${path}.requests`, text, `must be less than or equal to ${name} limit of ${limitText}`));
    } else if (!overcommitAllowed(name)) {
      errs.push(fieldErr.required(`${path}.limits`, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) huge = true;
    if (name === 'cpu' || name === 'memory') reqCpuMem = true;
  }
  if (huge && !limCpuMem && !reqCpuMem) errs.push(fieldErr.forbidden(path, 'HugePages require cpu or memory'));
  return errs;
}

function validateHandler(h: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep']) {
    const a = h[kind] as Obj | undefined;
    if (!a) continue;
    if (n > 0) {
      errs.push(fieldErr.forbidden(`${path}.${kind}`, 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    const p = `${path}.${kind}`;
    if (kind === 'exec' && !((a.command as unknown[]) ?? []).length) errs.push(fieldErr.required(`${p}.command`));
    if (kind === 'httpGet') {
      if (!a.path) errs.push(fieldErr.required(`${p}.path`));
      errs.push(...portNumOrName(a.port, `${p}.port`));
      if (!['HTTP', 'HTTPS'].includes(a.scheme as string)) errs.push(fieldErr.unsupported(`${p}.scheme`, a.scheme ?? '', ['HTTP', 'HTTPS']));
    }
    if (kind === 'tcpSocket') errs.push(...portNumOrName(a.port, `${p}.port`));
    if (kind === 'grpc') errs.push(...portNumOrName(a.port ?? 0, `${p}.port`));
  }
  if (n === 0) errs.push(fieldErr.required(path, 'must specify a handler type'));
  return errs;
}

const PROBE_VALIDATORS = {
  liveness: memoValid((p: Probe, path: string) => validateProbeOnce(p, path, 'liveness')),
  readiness: memoValid((p: Probe, path: string) => validateProbeOnce(p, path, 'readiness')),
  startup: memoValid((p: Probe, path: string) => validateProbeOnce(p, path, 'startup')),
};
function validateProbe(p: Probe, path: string, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  return PROBE_VALIDATORS[kind](p, path);
}
function validateProbeOnce(p: Probe, path: string, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  const probe = p as unknown as Obj;
  const errs = validateHandler(probe, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) errs.push(...nonNegative(probe[f], `${path}.${f}`));
  const tgps = probe.terminationGracePeriodSeconds as number | undefined;
  if (tgps !== undefined && tgps !== null && tgps <= 0) errs.push(fieldErr.invalid(`${path}.terminationGracePeriodSeconds`, tgps, 'must be greater than 0'));
  if (kind !== 'readiness' && (probe.successThreshold ?? 0) !== 1) errs.push(fieldErr.invalid(`${path}.successThreshold`, probe.successThreshold ?? 0, 'must be 1'));
  if (kind === 'readiness' && tgps !== undefined && tgps !== null) errs.push(fieldErr.invalid(`${path}.terminationGracePeriodSeconds`, tgps, 'must not be set for readinessProbes'));
  return errs;
}

/** Validation every kind of container gets (regular, init). */
export function validateContainerCommon(c: Container, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ctr = c as unknown as Obj;
  if (!c.name) errs.push(fieldErr.required(`${path}.name`));
  else for (const m of labelErrors(c.name)) errs.push(fieldErr.invalid(`${path}.name`, c.name, m));
  if (!c.image) errs.push(fieldErr.required(`${path}.image`));
  const tmp = c.terminationMessagePolicy;
  if (!tmp) errs.push(fieldErr.required(`${path}.terminationMessagePolicy`));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') errs.push(fieldErr.unsupported(`${path}.terminationMessagePolicy`, tmp, ['File', 'FallbackToLogsOnError']));
  errs.push(...validatePorts(ctr.ports as Obj[] | undefined, `${path}.ports`));
  errs.push(...validateEnv(ctr.env as Obj[] | undefined, `${path}.env`));
  (c.envFrom ?? []).forEach((e, i) => {
    const refs = [e.configMapRef, e.secretRef].filter(Boolean).length;
    if (refs === 0) errs.push(fieldErr.invalid(`${path}.envFrom`, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (refs > 1) errs.push(fieldErr.invalid(`${path}.envFrom`, '', 'may not have more than one field specified at a time'));
    for (const [k, ref] of [['configMapRef', e.configMapRef], ['secretRef', e.secretRef]] as const) {
      if (!ref) continue;
      if (!ref.name) errs.push(fieldErr.required(`${path}.envFrom[${i}].${k}.name`));
    }
  });
  errs.push(...validateVolumeMounts(ctr.volumeMounts as Obj[] | undefined, volumes, `${path}.volumeMounts`));
  const pull = c.imagePullPolicy;
  if (!pull) errs.push(fieldErr.required(`${path}.imagePullPolicy`));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(pull)) errs.push(fieldErr.unsupported(`${path}.imagePullPolicy`, pull, ['Always', 'IfNotPresent', 'Never']));
  errs.push(...validateResources(ctr.resources as Obj | undefined, `${path}.resources`));
  return errs;
}

/** `validateContainers`: the regular containers of a pod or template. */
export function validateContainers(containers: Container[] | undefined, volumes: ReadonlySet<string>, path: string): FieldError[] {
  if (!containers || containers.length === 0) return [fieldErr.required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, volumes, p));
    if (names.has(c.name)) errs.push(fieldErr.duplicate(`${p}.name`, c.name));
    else names.add(c.name);
    const lc = c.lifecycle as Obj | undefined;
    if (lc) for (const k of ['postStart', 'preStop']) if (lc[k]) errs.push(...validateHandler(lc[k] as Obj, `${p}.lifecycle.${k}`));
    if (c.livenessProbe) errs.push(...validateProbe(c.livenessProbe, `${p}.livenessProbe`, 'liveness'));
    if (c.readinessProbe) errs.push(...validateProbe(c.readinessProbe, `${p}.readinessProbe`, 'readiness'));
    if (c.startupProbe) errs.push(...validateProbe(c.startupProbe, `${p}.startupProbe`, 'startup'));
    if ((c as unknown as Obj).restartPolicy !== undefined) errs.push(fieldErr.forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
  });
  errs.push(...hostPortConflicts(containers, path));
  return errs;
}

/** `validateInitContainers`: names unique across init and regular containers. */
export function validateInitContainers(init: Container[] | undefined, regular: Container[] | undefined, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name));
  (init ?? []).forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, volumes, p));
    const rp = (c as unknown as Obj).restartPolicy as string | undefined;
    if (rp !== undefined && rp !== 'Always') errs.push(fieldErr.unsupported(`${p}.restartPolicy`, rp, ['Always']));
    if (names.has(c.name)) errs.push(fieldErr.duplicate(`${p}.name`, c.name));
    else if (c.name) names.add(c.name);
    errs.push(...hostPortConflicts([c], path));
    if (rp === 'Always') {
      if (c.livenessProbe) errs.push(...validateProbe(c.livenessProbe, `${p}.livenessProbe`, 'liveness'));
      if (c.readinessProbe) errs.push(...validateProbe(c.readinessProbe, `${p}.readinessProbe`, 'readiness'));
      if (c.startupProbe) errs.push(...validateProbe(c.startupProbe, `${p}.startupProbe`, 'startup'));
    } else {
      for (const k of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (c[k]) errs.push(fieldErr.forbidden(`${p}.${k}`, 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

function hostPortConflicts(containers: Container[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((p, pi) => {
      if (!p.hostPort) return;
      const key = `${p.protocol ?? ''}/${p.hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(key)) errs.push(fieldErr.duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      else seen.add(key);
    });
  });
  return errs;
}

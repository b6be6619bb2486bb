/**
 * Node, Namespace, Event and Lease validation: the basics of `ValidateNode`,
 * `ValidateNamespace`, `ValidateEventCreate` and `ValidateLease`.
 */
import type { FieldError } from '../fielderrors';
import { fieldErr } from '../fielderrors';
import { subdomainErrors } from '../names';
import type { KObject, Taint } from '../types';
import { nonNegative } from './container';
import type { KindValidator } from './index';
import { labelValueErrors, qualifiedNameErrors } from './labels';

type Obj = Record<string, unknown>;

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** `validateNodeTaints` — reported under `metadata.taints`, exactly as the real code does. */
function validateTaints(taints: Taint[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const ip = `${path}[${i}]`;
    for (const m of qualifiedNameErrors(t.key ?? '')) errs.push(fieldErr.invalid(`${ip}.key`, t.key ?? '', m));
    const vm = labelValueErrors(t.value ?? '');
    if (vm.length) errs.push(fieldErr.invalid(`${ip}.value`, t.value ?? '', vm.join(';')));
    if (!t.effect) errs.push(fieldErr.required(`${ip}.effect`));
    else if (!EFFECTS.includes(t.effect)) errs.push(fieldErr.unsupported(`${ip}.effect`, t.effect, EFFECTS));
    const key = `${t.effect ?? ''}\u0000${t.key ?? ''}`;
    if (seen.has(key)) {
      const text = `core.Taint{Key:${JSON.stringify(t.key ?? '')}, Value:${JSON.stringify(t.value ?? '')}, Effect:${JSON.stringify(t.effect ?? '')}, TimeAdded:${t.timeAdded ? '(*v1.Time)(0xc000a2c1e0)' : '(*v1.Time)(nil)'}}`;
      errs.push({ type: 'Duplicate value', field: ip, valueText: text, detail: 'taints must be unique by key and effect pair' });
      return;
    }
    seen.add(key);
  });
  return errs;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$|^[0-9a-fA-F:]+\/\d{1,3}$/;

function validateNode(obj: KObject): FieldError[] {
  const spec = (obj.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  const taints = (spec.taints ?? []) as Taint[];
  if (taints.length) errs.push(...validateTaints(taints, 'metadata.taints'));
  const podCIDRs = (spec.podCIDRs ?? []) as string[];
  podCIDRs.forEach((c, i) => {
    if (!CIDR.test(c)) errs.push({ type: 'Invalid value', field: `spec.podCIDRs[${i}]`, valueText: `[]string{${podCIDRs.map((x) => JSON.stringify(x)).join(', ')}}`, detail: 'must be valid CIDR' });
  });
  return errs;
}

const nodeValidator: KindValidator = {
  validate: validateNode,
  validateUpdate(obj, old) {
    if (obj.spec === old.spec) return [];
    const errs = validateNode(obj);
    const prev = ((old.spec ?? {}) as Obj).podCIDRs as string[] | undefined;
    const next = ((obj.spec ?? {}) as Obj).podCIDRs as string[] | undefined;
    if (prev?.length && JSON.stringify(prev) !== JSON.stringify(next ?? [])) {
      errs.push(fieldErr.forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
    }
    return errs;
  },
};

/** Finalizers in `spec.finalizers` must be qualified names (`kubernetes` is the built-in one). */
function validateNamespace(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  (((obj.spec ?? {}) as Obj).finalizers as string[] | undefined ?? []).forEach((f, i) => {
    for (const m of qualifiedNameErrors(f)) errs.push(fieldErr.invalid(`spec.finalizers[${i}]`, f, m));
  });
  return errs;
}

/** Legacy (core/v1) events: the involved object must live in the event's namespace. */
function validateEvent(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const ns = obj.metadata?.namespace ?? '';
  const involved = (obj.involvedObject ?? {}) as Obj;
  const ins = (involved.namespace as string | undefined) ?? '';
  if (!obj.eventTime) {
    const ok = ins ? ns === ins : ns === '' || ns === 'default';
    if (!ok) errs.push(fieldErr.invalid('involvedObject.namespace', ins, 'does not match event.namespace'));
  } else {
    if (!obj.reportingComponent) errs.push(fieldErr.required('reportingComponent'));
    if (!obj.reportingInstance) errs.push(fieldErr.required('reportingInstance'));
    if (!obj.action) errs.push(fieldErr.required('action'));
    if (!obj.reason) errs.push(fieldErr.required('reason'));
  }
  for (const m of subdomainErrors(ns)) errs.push(fieldErr.invalid('namespace', ns, m));
  return errs;
}

function validateLease(obj: KObject): FieldError[] {
  const spec = (obj.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  const dur = spec.leaseDurationSeconds as number | undefined;
  if (dur !== undefined && dur !== null && dur <= 0) errs.push(fieldErr.invalid('spec.leaseDurationSeconds', dur, 'must be greater than 0'));
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions !== null) errs.push(...nonNegative(spec.leaseTransitions, 'spec.leaseTransitions'));
  return errs;
}

export const clusterValidators: Record<string, KindValidator> = {
  nodes: nodeValidator,
  namespaces: { validate: validateNamespace },
  events: { validate: validateEvent },
  leases: { validate: validateLease },
};

/**
 * Ingress and IngressClass validation (`pkg/apis/networking/validation/validation.go`), with the
 * real messages: pathType has no default in networking.k8s.io/v1 and is required; hosts are
 * DNS subdomains or `*.` wildcards and never IP addresses; one backend kind per backend.
 */
import type { Ingress, IngressBackend, IngressClass } from 'kubernetes-types/networking/v1';
import type { FieldError } from '../fielderrors';
import { fieldErr } from '../fielderrors';
import { subdomainErrors } from '../names';
import type { KObject } from '../types';
import { portNameErrors, portNumErrors } from './container';
import type { KindValidator } from './index';
import { isIPv4, serviceNameErrors } from './service';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const WILDCARD_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function validateBackend(b: IngressBackend, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const hasService = !!b.service;
  const hasResource = !!b.resource;
  if (hasService && hasResource) errs.push(fieldErr.invalid(path, '', 'cannot set both resource and service backends'));
  else if (!hasService && !hasResource) errs.push(fieldErr.invalid(path, '', 'one backend type must be specified'));
  if (b.service) {
    const s = b.service;
    if (!s.name) errs.push(fieldErr.required(`${path}.service.name`));
    else for (const m of serviceNameErrors(s.name)) errs.push(fieldErr.invalid(`${path}.service.name`, s.name, m));
    const port = s.port ?? {};
    const hasName = !!port.name;
    const hasNumber = port.number !== undefined && port.number !== null && port.number !== 0;
    if (hasName && hasNumber) errs.push(fieldErr.invalid(`${path}.service.port`, s.port, 'cannot set both port name & port number'));
    else if (hasName) for (const m of portNameErrors(port.name!)) errs.push(fieldErr.invalid(`${path}.service.port.name`, port.name, m));
    else if (hasNumber) for (const m of portNumErrors(port.number!)) errs.push(fieldErr.invalid(`${path}.service.port.number`, port.number, m));
    else errs.push(fieldErr.required(`${path}.service.port`, 'port name or number is required'));
  }
  return errs;
}

function validateHost(host: string, path: string): FieldError[] {
  if (isIPv4(host)) return [fieldErr.invalid(path, host, 'must be a DNS name, not an IP address')];
  if (host.includes('*')) {
    const ok = host.startsWith('*.') && subdomainErrors(host.slice(2)).length === 0;
    return ok ? [] : [fieldErr.invalid(path, host, WILDCARD_MSG)];
  }
  return subdomainErrors(host).map((m) => fieldErr.invalid(path, host, m));
}

export function validateIngress(obj: KObject): FieldError[] {
  const ing = obj as Ingress;
  const spec = ing.spec ?? {};
  const errs: FieldError[] = [];
  const rules = spec.rules ?? [];
  if (!rules.length && !spec.defaultBackend) {
    errs.push({ type: 'Invalid value', field: 'spec', valueText: 'networking.IngressSpec{...}', detail: 'either `defaultBackend` or `rules` must be specified' });
  }
  if (spec.defaultBackend) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((r, i) => {
    const rp = `spec.rules[${i}]`;
    if (r.host) errs.push(...validateHost(r.host, `${rp}.host`));
    if (!r.http) return;
    const paths = r.http.paths ?? [];
    if (!paths.length) errs.push(fieldErr.required(`${rp}.http.paths`));
    paths.forEach((p, j) => {
      const pp = `${rp}.http.paths[${j}]`;
      if (!p.pathType) errs.push(fieldErr.required(`${pp}.pathType`, 'pathType must be specified'));
      else if (!PATH_TYPES.includes(p.pathType)) errs.push(fieldErr.unsupported(`${pp}.pathType`, p.pathType, PATH_TYPES));
      if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
        if (!(p.path ?? '').startsWith('/')) errs.push(fieldErr.invalid(`${pp}.path`, p.path ?? '', 'must be an absolute path'));
        else if (/\/\/|\/\.\.?(\/|$)/.test(p.path!)) errs.push(fieldErr.invalid(`${pp}.path`, p.path, "must not contain '//'"));
      } else if (p.path && !p.path.startsWith('/')) errs.push(fieldErr.invalid(`${pp}.path`, p.path, 'must be an absolute path'));
      errs.push(...validateBackend(p.backend ?? {}, `${pp}.backend`));
    });
  });
  (spec.tls ?? []).forEach((t, i) => {
    (t.hosts ?? []).forEach((h, j) => errs.push(...validateHost(h, `spec.tls[${i}].hosts[${j}]`)));
    if (t.secretName) for (const m of subdomainErrors(t.secretName)) errs.push(fieldErr.invalid(`spec.tls[${i}].secretName`, t.secretName, m));
  });
  if (spec.ingressClassName) for (const m of subdomainErrors(spec.ingressClassName)) errs.push(fieldErr.invalid('spec.ingressClassName', spec.ingressClassName, m));
  return errs;
}

export function validateIngressClass(obj: KObject): FieldError[] {
  const ic = obj as IngressClass;
  const errs: FieldError[] = [];
  const controller = ic.spec?.controller;
  if (!controller) errs.push(fieldErr.required('spec.controller'));
  else if (controller.length > 250) errs.push(fieldErr.tooLong('spec.controller', 250));
  return errs;
}

function validateIngressClassUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = validateIngressClass(obj);
  const a = (obj as IngressClass).spec?.controller;
  const b = (old as IngressClass).spec?.controller;
  if (a !== b) errs.push(fieldErr.invalid('spec.controller', a ?? '', 'field is immutable'));
  return errs;
}

export const ingressValidators: Record<string, KindValidator> = {
  ingresses: { validate: validateIngress },
  ingressclasses: { validate: validateIngressClass, validateUpdate: validateIngressClassUpdate },
};

/**
 * Service, Endpoints and EndpointSlice validation (`ValidateService`, `ValidateEndpoints` in
 * `pkg/apis/core/validation/validation.go`, `pkg/apis/discovery/validation`), errors in the order
 * the real code appends them. ClusterIP and NodePort *allocation* errors (range, already
 * allocated) come from the API server's service storage (`network/ipam.ts`), not from here.
 */
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import type { FieldError } from '../fielderrors';
import { fieldErr } from '../fielderrors';
import { dns1035Errors, labelErrors, subdomainErrors } from '../names';
import type { KObject } from '../types';
import { portNameErrors, portNumErrors } from './container';
import { goIntOrString, goQuote, goStringSlice } from './gofmt';
import type { KindValidator } from './index';
import { validateLabels } from './labels';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IP_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

function portNumOrName(v: unknown, path: string): FieldError[] {
  if (typeof v === 'number') return portNumErrors(v).map((m) => fieldErr.invalid(path, v, m));
  if (typeof v === 'string') {
    if (/^\d+$/.test(v)) return portNumErrors(Number(v)).map((m) => fieldErr.invalid(path, Number(v), m));
    return portNameErrors(v).map((m) => fieldErr.invalid(path, v, m));
  }
  return [];
}

/** `core.ServicePort{...}` as Go prints it in a Duplicate value error. */
function goServicePort(p: ServicePort): string {
  return `core.ServicePort{Name:${goQuote(p.name ?? '')}, Protocol:${goQuote(p.protocol ?? '')}, AppProtocol:(*string)(nil), Port:${p.port}, TargetPort:${goIntOrString(p.targetPort ?? 0)}, NodePort:${p.nodePort ?? 0}}`;
}

function validateServicePort(p: ServicePort, requireName: boolean, isHeadless: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(fieldErr.required(`${path}.name`));
  else if (p.name) {
    // a Service port's name is a DNS-1123 label (validateServicePort); only named *target*
    // ports follow the stricter IANA_SVC_NAME rule of container ports
    for (const m of labelErrors(p.name)) errs.push(fieldErr.invalid(`${path}.name`, p.name, m));
    if (names.has(p.name)) errs.push(fieldErr.duplicate(`${path}.name`, p.name));
    else names.add(p.name);
  }
  for (const m of portNumErrors(p.port)) errs.push(fieldErr.invalid(`${path}.port`, p.port, m));
  if (!p.protocol) errs.push(fieldErr.required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(p.protocol)) errs.push(fieldErr.unsupported(`${path}.protocol`, p.protocol, PROTOCOLS));
  errs.push(...portNumOrName(p.targetPort, `${path}.targetPort`));
  void isHeadless;
  return errs;
}

export function validateService(obj: KObject): FieldError[] {
  const svc = obj as Service;
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  const type = spec.type ?? 'ClusterIP';
  const headless = spec.clusterIP === 'None';
  const ips = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);

  if (type === 'ExternalName') {
    if (ips.length && spec.clusterIP !== '') errs.push(fieldErr.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname) for (const m of subdomainErrors(cname)) errs.push(fieldErr.invalid('spec.externalName', cname, m));
    else errs.push(fieldErr.required('spec.externalName'));
  }

  const ports = spec.ports ?? [];
  if (!ports.length && !headless && type !== 'ExternalName') errs.push(fieldErr.required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, headless, names, `spec.ports[${i}]`)));

  if (spec.selector) errs.push(...validateLabels(spec.selector as Record<string, string>, 'spec.selector'));

  if (!spec.sessionAffinity) errs.push(fieldErr.required('spec.sessionAffinity'));
  else if (spec.sessionAffinity !== 'ClientIP' && spec.sessionAffinity !== 'None') errs.push(fieldErr.unsupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  if (spec.sessionAffinity === 'ClientIP') {
    const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (t === undefined || t === null) errs.push(fieldErr.required('spec.sessionAffinityConfig.clientIP.timeoutSeconds'));
    else if (!(t > 0 && t <= 86400)) errs.push(fieldErr.invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', t, 'must be greater than 0 and less than 86400'));
  } else if (spec.sessionAffinityConfig) {
    errs.push(fieldErr.forbidden('spec.sessionAffinityConfig', `must not be set when session affinity is ${spec.sessionAffinity ?? 'None'}`));
  }

  ips.forEach((ip, i) => {
    if (ip === 'None' && i === 0) return;
    if (!isIPv4(ip)) errs.push(fieldErr.invalid(`spec.clusterIPs[${i}]`, ip, IP_MSG));
  });
  if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
    errs.push(fieldErr.invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`));
  }

  if (!TYPES.includes(type)) errs.push(fieldErr.unsupported('spec.type', type, TYPES));
  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort) errs.push(fieldErr.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  if (type === 'NodePort' || type === 'LoadBalancer') {
    const seen = new Set<string>();
    ports.forEach((p, i) => {
      if (!p.nodePort) return;
      const key = `${p.protocol}/${p.nodePort}`;
      if (seen.has(key)) errs.push(fieldErr.duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
      seen.add(key);
    });
  }
  // the same port+protocol twice
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (portKeys.has(key)) errs.push({ type: 'Duplicate value', field: `spec.ports[${i}]`, valueText: goServicePort(p) });
    portKeys.add(key);
  });

  for (const [field, v] of [
    ['spec.externalTrafficPolicy', spec.externalTrafficPolicy],
    ['spec.internalTrafficPolicy', spec.internalTrafficPolicy],
  ] as const) {
    if (v !== undefined && v !== 'Cluster' && v !== 'Local') errs.push(fieldErr.unsupported(field, v, ['Cluster', 'Local']));
  }
  if (spec.externalTrafficPolicy && type !== 'NodePort' && type !== 'LoadBalancer') {
    errs.push(fieldErr.invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  }
  return errs;
}

/** ValidateServiceUpdate: clusterIP may not change once set (except to/from ExternalName). */
export function validateServiceUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = validateService(obj);
  const spec = (obj as Service).spec ?? {};
  const oldSpec = (old as Service).spec ?? {};
  if (oldSpec.type !== 'ExternalName' && spec.type !== 'ExternalName' && oldSpec.clusterIP && (spec.clusterIP ?? '') !== oldSpec.clusterIP) {
    errs.push({ type: 'Invalid value', field: 'spec.clusterIPs[0]', valueText: goStringSlice(spec.clusterIPs ?? []), detail: 'may not change once set' });
  }
  return errs;
}

// ---- Endpoints and EndpointSlices (written by controllers; light checks) ------------------------

function validateEndpoints(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const subsets = (obj.subsets ?? []) as { addresses?: { ip?: string }[]; notReadyAddresses?: { ip?: string }[]; ports?: { port?: number }[] }[];
  subsets.forEach((s, i) => {
    for (const [k, list] of [
      ['addresses', s.addresses],
      ['notReadyAddresses', s.notReadyAddresses],
    ] as const) {
      (list ?? []).forEach((a, j) => {
        if (!a.ip || !isIPv4(a.ip)) errs.push(fieldErr.invalid(`subsets[${i}].${k}[${j}].ip`, a.ip ?? '', IP_MSG));
      });
    }
    (s.ports ?? []).forEach((p, j) => {
      for (const m of portNumErrors(p.port ?? 0)) errs.push(fieldErr.invalid(`subsets[${i}].ports[${j}].port`, p.port ?? 0, m));
    });
  });
  return errs;
}

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

function validateEndpointSlice(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const at = obj.addressType as string | undefined;
  if (!at) errs.push(fieldErr.required('addressType'));
  else if (!ADDRESS_TYPES.includes(at)) errs.push(fieldErr.unsupported('addressType', at, ADDRESS_TYPES));
  const eps = (obj.endpoints ?? []) as { addresses?: string[] }[];
  if (eps.length > 1000) errs.push({ type: 'Too many', field: 'endpoints', detail: 'must have at most 1000 items' });
  eps.forEach((e, i) => {
    const addrs = e.addresses ?? [];
    if (!addrs.length) errs.push(fieldErr.required(`endpoints[${i}].addresses`, 'must contain at least 1 address'));
    addrs.forEach((a, j) => {
      if (at === 'IPv4' && !isIPv4(a)) errs.push(fieldErr.invalid(`endpoints[${i}].addresses[${j}]`, a, IP_MSG));
    });
  });
  return errs;
}

/** Service names are DNS-1035 labels; a backend reference to one is checked the same way. */
export function serviceNameErrors(name: string): string[] {
  return dns1035Errors(name);
}

export const serviceValidators: Record<string, KindValidator> = {
  services: { validate: validateService, validateUpdate: validateServiceUpdate },
  endpoints: { validate: validateEndpoints },
  endpointslices: { validate: validateEndpointSlice },
};

/** describe.go's Service and Ingress describers (describeService, describeIngressV1). */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Ingress, IngressBackend } from 'kubernetes-types/networking/v1';
import { ApiError } from '../../sim/api/errors';
import type { ApiClient } from '../../sim/apiserver/client';
import { formatLabels } from '../printers/table';
import { loadBalancerAddresses } from '../printers/network';
import type { DescribeInput } from './describers';
import { annotationsMultiline, describeEvents, DescribeWriter, labelsMultiline } from './writer';

function slicesOf(client: ApiClient, ns: string | undefined, service: string): EndpointSlice[] {
  return client.list<EndpointSlice>('endpointslices', ns, { labelSelector: `kubernetes.io/service-name=${service}` }).items;
}

const hostPort = (ip: string, port: number | undefined | null) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** `formatEndpointSlices`: ready endpoints of the port named `portName`, three then `+ N more...`. */
export function formatEndpointSlices(slices: readonly EndpointSlice[], portName: string): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const s of slices) {
    const ready = (s.endpoints ?? []).filter((e) => e.conditions?.ready !== false);
    if (!s.ports?.length) {
      for (const e of ready) {
        for (const a of e.addresses ?? []) {
          count++;
          if (list.length < max) list.push(a);
          else more = true;
        }
      }
      continue;
    }
    for (const p of s.ports) {
      if ((p.name ?? '') !== portName) continue;
      for (const e of ready) {
        const a = e.addresses?.[0];
        if (a === undefined) continue;
        count++;
        if (list.length < max) list.push(hostPort(a, p.port));
        else more = true;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

function ingressString(ingress: readonly { ip?: string; hostname?: string; ipMode?: string }[]): string {
  return ingress.map((i) => (i.ip || i.hostname || '') + (i.ipMode ? ` (${i.ipMode})` : '')).join(', ');
}

export function describeService(svc: Service, d: DescribeInput): string {
  const w = new DescribeWriter();
  const spec = svc.spec ?? {};
  w.write(0, `Name:\t${svc.metadata?.name}\n`);
  w.write(0, `Namespace:\t${svc.metadata?.namespace}\n`);
  labelsMultiline(w, 'Labels', svc.metadata?.labels);
  annotationsMultiline(w, 'Annotations', svc.metadata?.annotations);
  w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(0, `Type:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.write(0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
  if (spec.externalIPs?.length) w.write(0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(0, `IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`);
  const lb = svc.status?.loadBalancer?.ingress ?? [];
  if (lb.length) w.write(0, `LoadBalancer Ingress:\t${ingressString(lb)}\n`);
  const slices = slicesOf(d.client, svc.metadata?.namespace, svc.metadata?.name ?? '');
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    const proto = p.protocol ?? 'TCP';
    w.write(0, `Port:\t${name}\t${p.port}/${proto}\n`);
    w.write(0, `TargetPort:\t${p.targetPort ?? ''}/${proto}\n`);
    if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${proto}\n`);
    w.write(0, `Endpoints:\t${formatEndpointSlices(slices, p.name ?? '')}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
  if (spec.sessionAffinity && spec.sessionAffinity !== 'None') {
    w.write(0, `Session Affinity Timeout:\t${spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800}\n`);
  }
  if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if (spec.loadBalancerSourceRanges?.length) w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

function describeBackend(client: ApiClient, ns: string | undefined, b: IngressBackend): string {
  if (b.service) {
    const port = b.service.port?.number ? String(b.service.port.number) : (b.service.port?.name ?? '');
    const sb = `${b.service.name}:${port}`;
    let svc: Service;
    let slices: EndpointSlice[];
    try {
      slices = slicesOf(client, ns, b.service.name);
      svc = client.get<Service>('services', ns, b.service.name);
    } catch (e) {
      return `${sb} (<error: ${e instanceof ApiError ? e.message : String(e)}>)`;
    }
    let spName = '';
    for (const sp of svc.spec?.ports ?? []) {
      if (b.service.port?.number && b.service.port.number === sp.port) spName = sp.name ?? '';
      else if (b.service.port?.name && b.service.port.name === sp.name) spName = sp.name ?? '';
    }
    return `${sb} (${formatEndpointSlices(slices, spName)})`;
  }
  if (b.resource) return `APIGroup: ${b.resource.apiGroup ?? '<none>'}, Kind: ${b.resource.kind}, Name: ${b.resource.name}`;
  return '';
}

export function describeIngress(ing: Ingress, d: DescribeInput): string {
  const w = new DescribeWriter();
  const ns = ing.metadata?.namespace;
  w.write(0, `Name:\t${ing.metadata?.name}\n`);
  labelsMultiline(w, 'Labels', ing.metadata?.labels);
  w.write(0, `Namespace:\t${ns}\n`);
  w.write(0, `Address:\t${loadBalancerAddresses(ing.status?.loadBalancer?.ingress, true)}\n`);
  w.write(0, `Ingress Class:\t${ing.spec?.ingressClassName ?? '<none>'}\n`);
  const def = ing.spec?.defaultBackend ? describeBackend(d.client, ns, ing.spec.defaultBackend) : '<default>';
  w.write(0, `Default backend:\t${def}\n`);
  if (ing.spec?.tls?.length) {
    w.write(0, 'TLS:\n');
    for (const t of ing.spec.tls) {
      if (!t.secretName) w.write(1, `SNI routes ${(t.hosts ?? []).join(',')}\n`);
      else w.write(1, `${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n`);
    }
  }
  w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(1, '----\t----\t--------\n');
  let count = 0;
  for (const r of ing.spec?.rules ?? []) {
    if (!r.http) continue;
    count++;
    w.write(1, `${r.host || '*'}\t\n`);
    for (const p of r.http.paths ?? []) w.write(2, `\t${p.path ?? ''} \t${describeBackend(d.client, ns, p.backend)}\n`);
  }
  if (!count) w.write(1, `*\t*\t${def}\n`);
  annotationsMultiline(w, 'Annotations', ing.metadata?.annotations);
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

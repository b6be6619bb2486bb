/**
 * Services, Endpoints, EndpointSlices, Ingresses and IngressClasses (printers.go: printService,
 * printEndpoints, printEndpointSlice, printIngress, printIngressClass). The API server always
 * prints with `Wide: true`, so the 16-character clipping of load-balancer addresses never shows
 * through `kubectl get` (the server's Table is what kubectl prints).
 */
import type { Endpoints, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Ingress, IngressClass, IngressRule } from 'kubernetes-types/networking/v1';
import { since } from './duration';
import { AGE_DESCRIPTION } from './pods';
import { col, formatLabels, NAME_COLUMN, type ColumnDefinition, type PrintOptions, type TableRow } from './table';

const AGE = () => col('Age', 'string', 0, AGE_DESCRIPTION);
const LB_WIDTH = 16;

export const SERVICE_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Type', 'string', 0, 'type determines how the Service is exposed. Defaults to ClusterIP.'),
  col('Cluster-IP', 'string', 0, 'clusterIP is the IP address of the service and is usually assigned randomly.'),
  col('External-IP', 'string', 0, 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
  col('Port(s)', 'string', 0, 'The list of ports that are exposed by this service.'),
  AGE(),
  col('Selector', 'string', 1, 'Route service traffic to pods with label keys and values matching this selector.'),
];

export const ENDPOINTS_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Endpoints', 'string', 0, 'The set of all endpoints is the union of all subsets.'),
  AGE(),
];

export const ENDPOINTSLICE_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('AddressType', 'string', 0, 'addressType specifies the type of address carried by this EndpointSlice.'),
  col('Ports', 'string', 0, 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
  col('Endpoints', 'string', 0, 'endpoints is a list of unique endpoints in this slice.'),
  AGE(),
];

export const INGRESS_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Class', 'string', 0, 'The name of the IngressClass resource that should be used for this Ingress'),
  col('Hosts', 'string', 0, 'Hosts that incoming requests are matched against before the ingress rule'),
  col('Address', 'string', 0, 'Address is a list containing ingress points for the load-balancer'),
  col('Ports', 'string', 0, 'Ports of TLS configurations that open'),
  AGE(),
];

export const INGRESSCLASS_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Controller', 'string', 0, 'Controller that is responsible for handling this class'),
  col('Parameters', 'string', 0, 'A reference to a resource with additional parameters'),
  AGE(),
];

/** `loadBalancerStatusStringer`: IPs (else hostnames), de-duplicated and sorted, comma-joined. */
export function loadBalancerAddresses(ingress: readonly { ip?: string; hostname?: string }[] | undefined, wide: boolean): string {
  const set = new Set<string>();
  for (const i of ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  let r = [...set].sort().join(',');
  if (!wide && r.length > LB_WIDTH) r = r.slice(0, LB_WIDTH - 3) + '...';
  return r;
}

/** `getServiceExternalIP`. */
export function serviceExternalIP(svc: Service, wide: boolean): string {
  const ext = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc.status?.loadBalancer?.ingress, wide);
      if (ext.length) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
  }
  return '<unknown>';
}

/** `makePortString`: `80/TCP`, `80:31234/TCP`, comma-joined. */
export function servicePorts(svc: Service): string {
  return (svc.spec?.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

export function serviceRow(svc: Service, o: PrintOptions): TableRow {
  const cells: (string | number)[] = [
    svc.metadata?.name ?? '',
    svc.spec?.type ?? '',
    svc.spec?.clusterIPs?.[0] ?? '<none>',
    serviceExternalIP(svc, !!o.wide),
    servicePorts(svc) || '<none>',
    since(svc.metadata?.creationTimestamp, o.nowMs),
  ];
  if (o.wide) cells.push(formatLabels(svc.spec?.selector));
  return { cells, object: svc };
}

/** `formatEndpoints`: the first three `ip:port`s, then `+ N more...`; no subsets → `<none>`. */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    if (!ss.ports?.length) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip.includes(':') ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export function endpointsRow(ep: Endpoints, o: PrintOptions): TableRow {
  return { cells: [ep.metadata?.name ?? '', formatEndpoints(ep), since(ep.metadata?.creationTimestamp, o.nowMs)], object: ep };
}

/** `listWithMoreString`: empty → `<unset>`. */
function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret || '<unset>';
}

function cappedList(values: string[], max = 3): string {
  return listWithMore(values.slice(0, max), values.length > max, values.length, max);
}

export function endpointSliceRow(s: EndpointSlice, o: PrintOptions): TableRow {
  const ports = (s.ports ?? []).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : p.name !== undefined && p.name !== null ? p.name : '*'));
  const addrs = (s.endpoints ?? []).flatMap((e) => e.addresses ?? []);
  return { cells: [s.metadata?.name ?? '', s.addressType ?? '', cappedList(ports), cappedList(addrs), since(s.metadata?.creationTimestamp, o.nowMs)], object: s };
}

/** `formatHosts`: hosts of the first three rules, `*` when none has a host, `+ N more...`. */
export function formatHosts(rules: readonly IngressRule[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const r of rules ?? []) {
    if (list.length === max) more = true;
    if (!more && r.host) list.push(r.host);
  }
  if (!list.length) return '*';
  const ret = list.join(',');
  return more ? `${ret} + ${(rules ?? []).length - max} more...` : ret;
}

export function ingressRow(ing: Ingress, o: PrintOptions): TableRow {
  const cells = [
    ing.metadata?.name ?? '',
    ing.spec?.ingressClassName ?? '<none>',
    formatHosts(ing.spec?.rules),
    loadBalancerAddresses(ing.status?.loadBalancer?.ingress, !!o.wide),
    ing.spec?.tls?.length ? '80, 443' : '80',
    since(ing.metadata?.creationTimestamp, o.nowMs),
  ];
  return { cells, object: ing };
}

export function ingressClassRow(ic: IngressClass, o: PrintOptions): TableRow {
  const p = ic.spec?.parameters;
  let params = '<none>';
  if (p) params = `${p.kind}${p.apiGroup ? '.' + p.apiGroup : ''}/${p.name}`;
  return { cells: [ic.metadata?.name ?? '', ic.spec?.controller ?? '', params, since(ic.metadata?.creationTimestamp, o.nowMs)], object: ic };
}

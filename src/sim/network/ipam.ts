/**
 * The API server's service storage: ClusterIP and NodePort allocation
 * (`pkg/registry/core/service/storage/alloc.go`, `ipallocator`, `portallocator`).
 *
 * Nothing is kept outside the store: what is allocated is read from the Services that exist, so
 * a snapshot needs no extra state and a deleted Service frees its IP and ports at once (the real
 * repair loops reach the same end a few minutes later).
 *
 * Bands (KEP-3070 / KEP-3668): the low static band is left for explicit picks; automatic
 * allocation takes a random free value from the upper dynamic band and only falls back to the
 * static band when the upper one is full.
 */
import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1';
import { fieldErr } from '../api/fielderrors';
import { invalid } from '../api/errors';
import { resourceInfo } from '../api/resources';
import type { KObject } from '../api/types';
import type { Random } from '../random';
import type { Store } from '../store/store';
import { goStringSlice } from '../api/validation/gofmt';

/** kubeadm's `--service-cluster-ip-range`. */
export const SERVICE_CIDR = '10.96.0.0/12';
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
/** The `kubernetes` Service takes the first address, kube-dns conventionally the tenth. */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const KUBE_DNS_IP = '10.96.0.10';

const BASE = ipToInt('10.96.0.0');
const SIZE = 1 << 20; // /12
/** usable offsets 1 .. SIZE-2 (network and broadcast excluded) */
const STATIC_IPS = Math.min(Math.max(16, Math.floor(SIZE / 16)), 256);
const PORTS = NODE_PORT_MAX - NODE_PORT_MIN + 1;
const STATIC_PORTS = PORTS < 16 ? 0 : Math.min(Math.max(16, Math.floor(PORTS / 32)), 128);

export function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

export function intToIp(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function inServiceRange(ip: string): boolean {
  const off = ipToInt(ip) - BASE;
  return off >= 1 && off <= SIZE - 2;
}

function needsClusterIP(spec: ServiceSpec): boolean {
  return (spec.type ?? 'ClusterIP') !== 'ExternalName';
}

function needsNodePorts(spec: ServiceSpec): boolean {
  const t = spec.type ?? 'ClusterIP';
  return t === 'NodePort' || (t === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
}

interface Used {
  ips: Set<number>;
  ports: Set<number>;
}

/** Everything allocated now, except what `own` (the Service being updated) holds. */
function usedBy(store: Store, own?: { ns: string; name: string }): Used {
  const ips = new Set<number>();
  const ports = new Set<number>();
  for (const o of store.iterate<Service>('services')) {
    if (own && o.metadata?.namespace === own.ns && o.metadata?.name === own.name) continue;
    const spec = o.spec ?? {};
    for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) if (ip !== 'None') ips.add(ipToInt(ip));
    for (const p of spec.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
  }
  return { ips, ports };
}

/** A random free value in [lo, hi], scanning forward from a random start (the bitmap's strategy). */
function pickFree(random: Random, lo: number, hi: number, taken: (v: number) => boolean): number | null {
  const n = hi - lo + 1;
  if (n <= 0) return null;
  const start = random.int(n);
  for (let i = 0; i < n; i++) {
    const v = lo + ((start + i) % n);
    if (!taken(v)) return v;
  }
  return null;
}

function invalidService(name: string, field: string, value: unknown, detail: string, valueText?: string): never {
  throw invalid(resourceInfo('services')!, name, [{ ...fieldErr.invalid(field, value, detail), valueText }]);
}

function allocateIP(svc: Service, spec: ServiceSpec, used: Used, random: Random): ServiceSpec {
  const name = svc.metadata?.name ?? '';
  const want = spec.clusterIP;
  if (want === 'None') return { ...spec, clusterIPs: ['None'] };
  if (want) {
    const text = goStringSlice(spec.clusterIPs ?? [want]);
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(want)) return { ...spec, clusterIPs: spec.clusterIPs ?? [want] }; // validation reports it
    if (!inServiceRange(want)) {
      invalidService(name, 'spec.clusterIPs', undefined, `failed to allocate IP ${want}: the provided IP (${want}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`, text);
    }
    if (used.ips.has(ipToInt(want))) invalidService(name, 'spec.clusterIPs', undefined, `failed to allocate IP ${want}: provided IP is already allocated`, text);
    return { ...spec, clusterIPs: [want] };
  }
  const taken = (off: number) => used.ips.has(BASE + off);
  const off = pickFree(random, STATIC_IPS + 1, SIZE - 2, taken) ?? pickFree(random, 1, STATIC_IPS, taken);
  if (off === null) throw invalid(resourceInfo('services')!, name, [fieldErr.invalid('spec.clusterIPs', undefined, 'failed to allocate a serviceIP: range is full')]);
  const ip = intToIp(BASE + off);
  return { ...spec, clusterIP: ip, clusterIPs: [ip] };
}

function allocatePorts(svc: Service, ports: ServicePort[], used: Used, random: Random): ServicePort[] {
  const name = svc.metadata?.name ?? '';
  const mine = new Set<number>();
  const out = ports.map((p, i) => {
    if (!p.nodePort) return p;
    const np = p.nodePort;
    const field = `spec.ports[${i}].nodePort`;
    if (np < NODE_PORT_MIN || np > NODE_PORT_MAX) {
      invalidService(name, field, np, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`);
    }
    if (used.ports.has(np)) invalidService(name, field, np, 'provided port is already allocated');
    mine.add(np);
    return p;
  });
  const taken = (v: number) => used.ports.has(v) || mine.has(v);
  return out.map((p) => {
    if (p.nodePort) return p;
    const np = pickFree(random, NODE_PORT_MIN + STATIC_PORTS, NODE_PORT_MAX, taken) ?? pickFree(random, NODE_PORT_MIN, NODE_PORT_MIN + STATIC_PORTS - 1, taken);
    if (np === null) throw invalid(resourceInfo('services')!, name, [fieldErr.invalid('spec.ports', undefined, 'failed to allocate a nodePort: range is full')]);
    mine.add(np);
    return { ...p, nodePort: np };
  });
}

function withFamilies(spec: ServiceSpec): ServiceSpec {
  if (!needsClusterIP(spec)) return spec;
  return { ...spec, ipFamilies: spec.ipFamilies ?? ['IPv4'], ipFamilyPolicy: spec.ipFamilyPolicy ?? 'SingleStack' };
}

/**
 * The service storage's part of a write: on create allocate; on update keep what was allocated
 * (a PUT without clusterIP keeps the old one), release what the new type no longer needs, and
 * allocate what it newly needs. Runs after defaulting and before validation, as BeginCreate /
 * BeginUpdate do.
 */
export function allocateService(obj: KObject, store: Store, random: Random, op: 'create' | 'update', old?: KObject): KObject {
  const svc = obj as Service;
  let spec: ServiceSpec = { ...(svc.spec ?? {}) };
  const oldSpec: ServiceSpec | undefined = op === 'update' ? ((old as Service | undefined)?.spec ?? {}) : undefined;
  const own = op === 'update' ? { ns: old?.metadata?.namespace ?? '', name: old?.metadata?.name ?? '' } : undefined;

  if (oldSpec) {
    // patchAllocatedValues: the user did not repeat what the server allocated
    if (needsClusterIP(oldSpec) && needsClusterIP(spec) && !spec.clusterIP) {
      spec.clusterIP = oldSpec.clusterIP;
      spec.clusterIPs = oldSpec.clusterIPs;
    }
    if (needsNodePorts(oldSpec) && needsNodePorts(spec)) {
      const byName = new Map((oldSpec.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]));
      const inNew = new Set((spec.ports ?? []).map((p) => p.nodePort).filter(Boolean));
      spec.ports = (spec.ports ?? []).map((p) => {
        const prev = byName.get(p.name ?? '');
        return !p.nodePort && prev && !inNew.has(prev) ? { ...p, nodePort: prev } : p;
      });
    }
    // dropTypeDependentFields: what the new type does not use goes, if the user left it as it was
    if (needsNodePorts(oldSpec) && !needsNodePorts(spec)) {
      const same = (spec.ports ?? []).every((p) => !p.nodePort || (oldSpec.ports ?? []).some((q) => q.nodePort === p.nodePort));
      if (same) spec.ports = (spec.ports ?? []).map((p) => (p.nodePort ? { ...p, nodePort: undefined } : p));
    }
    const external = (x: ServiceSpec) => x.type === 'NodePort' || x.type === 'LoadBalancer';
    if (external(oldSpec) && !external(spec) && spec.externalTrafficPolicy === oldSpec.externalTrafficPolicy) delete spec.externalTrafficPolicy;
    if (needsClusterIP(oldSpec) && !needsClusterIP(spec)) {
      if (!spec.clusterIP || spec.clusterIP === oldSpec.clusterIP) {
        delete spec.clusterIP;
        delete spec.clusterIPs;
        delete spec.ipFamilies;
        delete spec.ipFamilyPolicy;
        delete spec.internalTrafficPolicy;
      }
    }
  }

  const used = usedBy(store, own);
  if (needsClusterIP(spec)) {
    const keep = oldSpec && needsClusterIP(oldSpec) && spec.clusterIP === oldSpec.clusterIP && spec.clusterIP;
    if (!keep) spec = allocateIP(svc, spec, used, random);
    spec = withFamilies(spec);
  }
  // the Service's own ports are not in `used` (usedBy skips it), so kept values pass as they are
  if (needsNodePorts(spec)) spec.ports = allocatePorts(svc, spec.ports ?? [], used, random);
  const out: KObject = { ...svc, spec };
  return out;
}

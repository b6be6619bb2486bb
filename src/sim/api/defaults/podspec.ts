/**
 * PodSpec defaulting (`pkg/apis/core/v1/defaults.go` + the declarative `+default` markers).
 * Two flavours, as in the real code: a pod template gets the PodSpec defaults only; a Pod also
 * gets `SetDefaults_Pod` (enableServiceLinks, requests copied from limits). Copy-on-write all the
 * way down, so a pod whose containers are the (defaulted, frozen) template's keeps that array.
 */
import type { Container, PodSpec, Probe } from '../types';
import { QUANTITY_REGEX_TEXT, canonicalQuantity } from './canonical';
import { Draft, EMPTY, mapSame } from './cow';

type Obj = Record<string, unknown>;

/** A quantity the API server could not decode; the defaulter entry turns it into a 400. */
export class QuantityDecodeError extends Error {
  constructor() {
    super(`quantities must match the regular expression '${QUANTITY_REGEX_TEXT}'`);
  }
}

/** The tag `parsers.ParseImageName` finds: `latest` when there is neither tag nor digest. */
export function imageTag(image: string | undefined): string {
  if (!image) return '';
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  if (colon >= 0) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

/**
 * Arrays already known to be fully defaulted for pods: O(1) for a pod's later writes. Bounded and
 * cleared when full rather than weak — a weak entry per pod costs GC work at 150,000 pods.
 */
const podDefaultedContainers = new Set<object>();
const DEFAULTED_MAX = 50_000;

export function defaultPodSpec(spec: PodSpec, forPod: boolean): PodSpec {
  const d = new Draft(spec as PodSpec & Obj);
  d.setDefault('dnsPolicy', 'ClusterFirst');
  d.setDefault('restartPolicy', 'Always');
  if (!d.get('securityContext')) d.set('securityContext', EMPTY as PodSpec['securityContext']);
  if (d.get('terminationGracePeriodSeconds') === undefined || d.get('terminationGracePeriodSeconds') === null) d.set('terminationGracePeriodSeconds', 30);
  d.setDefault('schedulerName', 'default-scheduler');
  if (forPod && (d.get('enableServiceLinks') === undefined || d.get('enableServiceLinks') === null)) d.set('enableServiceLinks', true);
  const hostNetwork = forPod && spec.hostNetwork === true;
  d.set('containers', defaultContainers(spec.containers, forPod, hostNetwork) as Container[]);
  if (spec.initContainers) d.set('initContainers', defaultContainers(spec.initContainers, forPod, hostNetwork));
  if (spec.volumes) d.set('volumes', mapSame(spec.volumes as unknown as Obj[], defaultVolume) as PodSpec['volumes']);
  return d.value;
}

function defaultContainers(list: Container[] | undefined, forPod: boolean, hostNetwork: boolean): Container[] | undefined {
  if (!list) return list;
  if (forPod && !hostNetwork && podDefaultedContainers.has(list)) return list;
  const out = mapSame(list, (c) => defaultContainer(c, forPod, hostNetwork));
  // only frozen arrays can be trusted to stay defaulted
  if (out === list && forPod && !hostNetwork && Object.isFrozen(list)) {
    if (podDefaultedContainers.size >= DEFAULTED_MAX) podDefaultedContainers.clear();
    podDefaultedContainers.add(list);
  }
  return out;
}

export function defaultContainer(c: Container, forPod: boolean, hostNetwork = false): Container {
  if (!c || typeof c !== 'object') return c;
  const d = new Draft(c as Container & Obj);
  if (!c.imagePullPolicy) d.set('imagePullPolicy', imageTag(c.image) === 'latest' ? 'Always' : 'IfNotPresent');
  d.setDefault('terminationMessagePath', '/dev/termination-log');
  d.setDefault('terminationMessagePolicy', 'File');
  if (c.ports) {
    d.set(
      'ports',
      mapSame(c.ports, (p) => {
        if (!p || typeof p !== 'object') return p;
        let q = p;
        if (!q.protocol) q = { ...q, protocol: 'TCP' };
        // SetDefaults_Pod: with host networking every container port is a host port
        if (hostNetwork && !q.hostPort && q.containerPort) q = { ...q, hostPort: q.containerPort };
        return q;
      }),
    );
  }
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    if (c[key]) d.set(key, defaultProbe(c[key]!));
  }
  if (c.lifecycle) d.set('lifecycle', defaultLifecycle(c.lifecycle as Obj) as Container['lifecycle']);
  d.set('resources', defaultResources(c.resources as Obj | undefined, forPod) as Container['resources']);
  if (c.env) d.set('env', mapSame(c.env as unknown as Obj[], defaultEnvVar) as Container['env']);
  return d.value;
}

export function defaultProbe(p: Probe): Probe {
  if (!p || typeof p !== 'object') return p;
  const d = new Draft(p as Probe & Obj);
  if (!p.timeoutSeconds) d.set('timeoutSeconds', 1);
  if (!p.periodSeconds) d.set('periodSeconds', 10);
  if (!p.successThreshold) d.set('successThreshold', 1);
  if (!p.failureThreshold) d.set('failureThreshold', 3);
  if (p.httpGet) d.set('httpGet', defaultHTTPGet(p.httpGet as unknown as Obj) as unknown as Probe["httpGet"]);
  return d.value;
}

/** SetDefaults_HTTPGetAction: path `/`, scheme HTTP (probes and lifecycle hooks alike). */
function defaultHTTPGet(h: Obj): Obj {
  if (!h || typeof h !== 'object') return h;
  const d = new Draft(h);
  d.setDefault('path', '/');
  d.setDefault('scheme', 'HTTP');
  return d.value;
}

function defaultLifecycle(l: Obj): Obj {
  if (!l || typeof l !== 'object') return l;
  const d = new Draft(l);
  for (const key of ['postStart', 'preStop']) {
    const h = l[key] as Obj | undefined;
    if (!h?.httpGet) continue;
    const g = defaultHTTPGet(h.httpGet as Obj);
    if (g !== h.httpGet) d.set(key, { ...h, httpGet: g });
  }
  return d.value;
}

function defaultEnvVar(e: Obj): Obj {
  const fieldRef = (e?.valueFrom as Obj | undefined)?.fieldRef as Obj | undefined;
  if (!fieldRef || fieldRef.apiVersion) return e;
  // SetDefaults_ObjectFieldSelector
  return { ...e, valueFrom: { ...(e.valueFrom as Obj), fieldRef: { ...fieldRef, apiVersion: 'v1' } } };
}

function canonicalList(list: Obj | undefined): Obj | undefined {
  if (!list || typeof list !== 'object') return list;
  let out: Obj | null = null;
  for (const [k, v] of Object.entries(list)) {
    const c = canonicalQuantity(v);
    if (c === null) throw new QuantityDecodeError();
    if (c !== v) {
      out ??= { ...list };
      out[k] = c;
    }
  }
  return out ?? list;
}

/**
 * Container resources: `{}` when absent (Go serialises the struct), quantities canonical, and
 * — for Pods only — every limit without a request gets that request (SetDefaults_Pod).
 */
function defaultResources(r: Obj | undefined, forPod: boolean): Obj {
  if (!r || typeof r !== 'object') return EMPTY;
  const d = new Draft(r);
  const limits = canonicalList(r.limits as Obj | undefined);
  if (r.limits !== undefined) d.set('limits', limits);
  let requests = canonicalList(r.requests as Obj | undefined);
  if (forPod && limits) {
    for (const [k, v] of Object.entries(limits)) {
      if (requests && k in requests) continue;
      requests = { ...(requests ?? {}), [k]: v };
    }
  }
  if (requests !== undefined) d.set('requests', requests);
  return d.value;
}

const VOLUME_SOURCES = [
  // the order ValidateVolumes checks them in (the second one found is the one reported)
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO',
  'csi', 'ephemeral', 'image',
] as const;

export const VOLUME_SOURCE_KEYS: readonly string[] = VOLUME_SOURCES;

/** SetDefaults_Volume and the volume-source defaults (file modes 0644, hostPath type ""). */
function defaultVolume(v: Obj): Obj {
  if (!v || typeof v !== 'object') return v;
  const d = new Draft(v);
  if (!VOLUME_SOURCES.some((k) => v[k] !== undefined && v[k] !== null)) d.set('emptyDir', EMPTY);
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = v[key] as Obj | undefined;
    if (src && typeof src === 'object') {
      let next = src.defaultMode === undefined || src.defaultMode === null ? { ...src, defaultMode: 420 } : src;
      if (key === 'projected') next = defaultProjected(next);
      if (key === 'downwardAPI') next = defaultDownwardItems(next);
      d.set(key, next);
    }
  }
  const hostPath = v.hostPath as Obj | undefined;
  if (hostPath && typeof hostPath === 'object' && hostPath.type === undefined) d.set('hostPath', { ...hostPath, type: '' });
  return d.value;
}

function defaultDownwardItems(src: Obj): Obj {
  const items = mapSame(src.items as Obj[] | undefined, (it) => {
    const ref = it?.fieldRef as Obj | undefined;
    return ref && !ref.apiVersion ? { ...it, fieldRef: { ...ref, apiVersion: 'v1' } } : it;
  });
  return items === src.items ? src : { ...src, items };
}

function defaultProjected(src: Obj): Obj {
  const sources = mapSame(src.sources as Obj[] | undefined, (s) => {
    const tok = s?.serviceAccountToken as Obj | undefined;
    if (tok && (tok.expirationSeconds === undefined || tok.expirationSeconds === null)) return { ...s, serviceAccountToken: { ...tok, expirationSeconds: 3600 } };
    const dapi = s?.downwardAPI as Obj | undefined;
    if (dapi) {
      const next = defaultDownwardItems(dapi);
      if (next !== dapi) return { ...s, downwardAPI: next };
    }
    return s;
  });
  return sources === src.sources ? src : { ...src, sources };
}

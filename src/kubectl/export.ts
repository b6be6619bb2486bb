/**
 * "Take it to a real cluster": the learner's own objects as clean multi-document YAML that
 * `kubectl apply -f` accepts on kind or minikube. Left out is everything a real cluster makes by
 * itself — what controllers own (Pods of ReplicaSets/StatefulSets/DaemonSets/Jobs, ReplicaSets of
 * Deployments, Jobs of CronJobs, ControllerRevisions), EndpointSlices/Endpoints, Events, Leases,
 * Nodes, VolumeAttachments, provisioned PVs, the PVCs a StatefulSet's claim templates made,
 * mirror pods, the system namespaces and what lives in them, the `kubernetes` Service and the
 * `kube-root-ca.crt` ConfigMaps. Fields only a server sets (status, uid, resourceVersion,
 * allocated clusterIPs and nodePorts, a scheduled pod's nodeName, admission's token volume and
 * tolerations, ...) are dropped, so the real API server fills them in afresh.
 */
import { DEFAULT_TOLERATIONS } from '../sim/apiserver/admission';
import { SYSTEM_NAMESPACES } from '../sim/apiserver/apiserver';
import { RESOURCES } from '../sim/api/resources';
import type { KObject } from '../sim/api/types';
import type { Store } from '../sim/store/store';
import { deepEqual } from '../sim/util/immutable';
import { rfc3339 } from '../sim/util/time';
import { toYaml } from './printers/yaml';

/** Namespaces a real cluster has already, or that an add-on (ingress-nginx) installs. */
const SYSTEM_NS = new Set([...SYSTEM_NAMESPACES.filter((n) => n !== 'default'), 'ingress-nginx']);

/** Never the learner's: made by controllers, kubelets or the cluster itself. */
const SKIP_RESOURCES = new Set(['events', 'leases', 'nodes', 'endpoints', 'endpointslices', 'controllerrevisions', 'volumeattachments']);

/** Apply order: what others refer to comes first (as Helm installs). */
const KIND_ORDER = [
  'Namespace',
  'StorageClass',
  'IngressClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'ConfigMap',
  'Secret',
  'Service',
  'PodDisruptionBudget',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Pod',
  'HorizontalPodAutoscaler',
  'Ingress',
];

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Annotations servers and controllers write. */
const SERVER_ANNOTATIONS = new Set([
  LAST_APPLIED,
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'pv.kubernetes.io/bind-completed',
  'pv.kubernetes.io/bound-by-controller',
  'pv.kubernetes.io/provisioned-by',
  'volume.beta.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/selected-node',
]);
const SERVER_FINALIZERS = new Set(['kubernetes.io/pvc-protection', 'kubernetes.io/pv-protection', 'foregroundDeletion', 'orphan']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function isControlledPod(o: KObject): boolean {
  return !!o.metadata?.ownerReferences?.some((r) => r.controller) || !!o.metadata?.annotations?.['kubernetes.io/config.mirror'];
}

/** Whether an object is the learner's to take along. */
export function isUserObject(resource: string, o: KObject, store?: Pick<Store, 'list'>): boolean {
  if (SKIP_RESOURCES.has(resource)) return false;
  const md = o.metadata ?? {};
  if (md.deletionTimestamp) return false;
  if (md.namespace && SYSTEM_NS.has(md.namespace)) return false;
  if (resource === 'namespaces') return md.name !== 'default' && !SYSTEM_NS.has(md.name ?? '');
  // anything a controller owns is made again by the real controller
  if (md.ownerReferences?.some((r) => r.controller)) return false;
  switch (resource) {
    case 'pods':
      return !isControlledPod(o);
    case 'services':
      return !(md.namespace === 'default' && md.name === 'kubernetes');
    case 'configmaps':
      return md.name !== 'kube-root-ca.crt';
    case 'persistentvolumes':
      return !md.annotations?.['pv.kubernetes.io/provisioned-by'];
    case 'persistentvolumeclaims':
      return !(store && madeByStatefulSet(o, store));
    case 'storageclasses':
      // kind and minikube ship their own `standard` default class
      return !(md.name === 'standard' && md.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
    case 'ingressclasses':
      return md.labels?.['app.kubernetes.io/name'] !== 'ingress-nginx';
  }
  return true;
}

/** `<template>-<statefulset>-<ordinal>`: the claim a StatefulSet's volumeClaimTemplates made. */
function madeByStatefulSet(pvc: KObject, store: Pick<Store, 'list'>): boolean {
  const name = pvc.metadata?.name ?? '';
  for (const sts of store.list('statefulsets', pvc.metadata?.namespace)) {
    const spec = sts.spec as { volumeClaimTemplates?: KObject[] } | undefined;
    for (const t of spec?.volumeClaimTemplates ?? []) {
      const prefix = `${t.metadata?.name}-${sts.metadata?.name}-`;
      if (name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length))) return true;
    }
  }
  return false;
}

// ---- cleaning -------------------------------------------------------------------------------

function del(o: Obj | undefined, key: string, when?: unknown): void {
  if (!o || !(key in o)) return;
  if (when === undefined || deepEqual(o[key], when)) delete o[key];
}

/** What the learner wrote, when they used `kubectl apply` (its annotation records it). */
function lastApplied(o: KObject): Obj | undefined {
  const text = o.metadata?.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function cleanContainer(c: Obj): void {
  del(c, 'terminationMessagePath', '/dev/termination-log');
  del(c, 'terminationMessagePolicy', 'File');
  // the server derives it from the tag again (Always for :latest, else IfNotPresent)
  del(c, 'imagePullPolicy');
  del(c, 'resources', {});
  if (Array.isArray(c.ports)) for (const p of c.ports) if (isObj(p)) del(p, 'protocol', 'TCP');
  if (Array.isArray(c.volumeMounts)) {
    c.volumeMounts = c.volumeMounts.filter((m) => !(isObj(m) && typeof m.name === 'string' && m.name.startsWith('kube-api-access-')));
    if (!(c.volumeMounts as unknown[]).length) delete c.volumeMounts;
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = c[probe];
    if (!isObj(p)) continue;
    del(p, 'timeoutSeconds', 1);
    del(p, 'periodSeconds', 10);
    del(p, 'successThreshold', 1);
    del(p, 'failureThreshold', 3);
    for (const h of ['httpGet', 'tcpSocket', 'grpc']) if (isObj(p[h])) del(p[h] as Obj, 'scheme', 'HTTP');
  }
}

function cleanPodSpec(s: Obj, standalone: boolean): void {
  del(s, 'restartPolicy', 'Always');
  del(s, 'terminationGracePeriodSeconds', 30);
  del(s, 'dnsPolicy', 'ClusterFirst');
  del(s, 'securityContext', {});
  del(s, 'schedulerName', 'default-scheduler');
  del(s, 'enableServiceLinks', true);
  del(s, 'preemptionPolicy', 'PreemptLowerPriority');
  del(s, 'priority', 0);
  if (s.serviceAccountName === 'default') {
    delete s.serviceAccountName;
    delete s.serviceAccount;
  } else if (s.serviceAccount === s.serviceAccountName) delete s.serviceAccount;
  if (standalone) {
    // the scheduler's choice: a real cluster has other nodes
    delete s.nodeName;
    // admission adds the two 300 s NoExecute tolerations on its own
    if (Array.isArray(s.tolerations)) {
      s.tolerations = s.tolerations.filter((t) => !DEFAULT_TOLERATIONS.some((d) => deepEqual(d, t)));
      if (!(s.tolerations as unknown[]).length) delete s.tolerations;
    }
  }
  if (Array.isArray(s.volumes)) {
    s.volumes = s.volumes.filter((v) => !(isObj(v) && typeof v.name === 'string' && v.name.startsWith('kube-api-access-')));
    if (!(s.volumes as unknown[]).length) delete s.volumes;
  }
  for (const k of ['containers', 'initContainers']) if (Array.isArray(s[k])) for (const c of s[k] as unknown[]) if (isObj(c)) cleanContainer(c);
}

function cleanTemplate(t: unknown): void {
  if (!isObj(t)) return;
  if (isObj(t.metadata)) {
    del(t.metadata as Obj, 'creationTimestamp');
    if (!Object.keys(t.metadata as Obj).length) delete t.metadata;
  }
  if (isObj(t.spec)) cleanPodSpec(t.spec as Obj, false);
}

function cleanService(spec: Obj, wrote: Obj | undefined): void {
  const w = (wrote?.spec ?? {}) as Obj;
  if (spec.clusterIP !== 'None' && w.clusterIP === undefined) {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else if (w.clusterIPs === undefined) delete spec.clusterIPs;
  del(spec, 'type', 'ClusterIP');
  del(spec, 'sessionAffinity', 'None');
  del(spec, 'internalTrafficPolicy', 'Cluster');
  del(spec, 'externalTrafficPolicy', 'Cluster');
  del(spec, 'allocateLoadBalancerNodePorts', true);
  del(spec, 'ipFamilyPolicy', 'SingleStack');
  if (w.ipFamilies === undefined) delete spec.ipFamilies;
  const wPorts = Array.isArray(w.ports) ? (w.ports as Obj[]) : [];
  if (Array.isArray(spec.ports))
    for (const p of spec.ports as Obj[]) {
      const mine = wPorts.find((x) => x.port === p.port && (x.name ?? '') === (p.name ?? ''));
      if (mine?.nodePort === undefined) delete p.nodePort;
      del(p, 'protocol', 'TCP');
      if (p.targetPort === p.port) delete p.targetPort;
    }
}

/** One object, cleaned of what only a server sets. */
export function cleanForExport(o: KObject): KObject {
  const c = JSON.parse(JSON.stringify(o)) as Obj;
  const wrote = lastApplied(o);
  delete c.status;
  const md = (c.metadata ?? {}) as Obj;
  for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'ownerReferences', 'deletionTimestamp', 'deletionGracePeriodSeconds']) delete md[k];
  if (isObj(md.annotations)) {
    for (const k of Object.keys(md.annotations)) if (SERVER_ANNOTATIONS.has(k)) delete (md.annotations as Obj)[k];
    if (!Object.keys(md.annotations).length) delete md.annotations;
  }
  if (Array.isArray(md.finalizers)) {
    md.finalizers = md.finalizers.filter((f) => !SERVER_FINALIZERS.has(f as string));
    if (!(md.finalizers as unknown[]).length) delete md.finalizers;
  }
  if (c.kind === 'Namespace') {
    if (isObj(md.labels)) {
      del(md.labels as Obj, 'kubernetes.io/metadata.name');
      if (!Object.keys(md.labels).length) delete md.labels;
    }
    delete c.spec; // finalizers: [kubernetes]
  }
  const spec = isObj(c.spec) ? (c.spec as Obj) : undefined;
  switch (c.kind) {
    case 'Pod':
      if (spec) cleanPodSpec(spec, true);
      break;
    case 'Service':
      if (spec) cleanService(spec, wrote);
      break;
    case 'Deployment':
      if (spec) {
        del(spec, 'revisionHistoryLimit', 10);
        del(spec, 'progressDeadlineSeconds', 600);
        del(spec, 'strategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
        cleanTemplate(spec.template);
      }
      break;
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      if (spec) {
        del(spec, 'revisionHistoryLimit', 10);
        del(spec, 'podManagementPolicy', 'OrderedReady');
        cleanTemplate(spec.template);
        if (c.kind === 'Job' && isObj(spec.selector) && !wrote?.spec) {
          // the Job controller generates its selector and labels (controller-uid); the real one will too
          delete spec.selector;
          const t = spec.template as Obj | undefined;
          const labels = isObj(t?.metadata) ? ((t!.metadata as Obj).labels as Obj | undefined) : undefined;
          if (labels) for (const k of Object.keys(labels)) if (k.includes('controller-uid') || k === 'job-name' || k === 'batch.kubernetes.io/job-name') delete labels[k];
        }
        if (Array.isArray(spec.volumeClaimTemplates))
          for (const t of spec.volumeClaimTemplates as Obj[]) {
            delete t.status;
            if (isObj(t.metadata)) del(t.metadata as Obj, 'creationTimestamp');
          }
      }
      break;
    case 'CronJob':
      if (spec && isObj(spec.jobTemplate) && isObj((spec.jobTemplate as Obj).spec)) cleanTemplate(((spec.jobTemplate as Obj).spec as Obj).template);
      break;
    case 'PersistentVolumeClaim':
      if (spec && !((wrote?.spec ?? {}) as Obj).volumeName) delete spec.volumeName;
      break;
  }
  return c as KObject;
}

// ---- the document ---------------------------------------------------------------------------

export interface ExportOptions {
  /** absolute ms for the header's "exported at" (cluster time or the wall clock; omit for none) */
  nowMs?: number;
}

/** The learner's objects, cleaned, in apply order. */
export function exportObjects(store: Pick<Store, 'list'>): KObject[] {
  const out: KObject[] = [];
  for (const r of RESOURCES) for (const o of store.list(r.resource)) if (isUserObject(r.resource, o, store)) out.push(cleanForExport(o));
  const rank = (k: string | undefined) => {
    const i = KIND_ORDER.indexOf(k ?? '');
    return i < 0 ? KIND_ORDER.length : i;
  };
  return out.sort((a, b) => rank(a.kind) - rank(b.kind) || (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '') || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

export const EXPORT_HEADER = [
  '# Your objects from the Kubernetes playground, ready for a real cluster.',
  '#',
  '# Try them on a local cluster:',
  '#   kind create cluster              # or: minikube start',
  '#   kubectl apply -f playground.yaml',
  '#',
  '# Left out on purpose: what the cluster makes by itself (Pods of Deployments, ReplicaSets,',
  '# EndpointSlices, Events, Nodes, ...) and fields only a server sets (status, uid, clusterIP).',
  '# An Ingress needs an ingress controller (kind: ingress-nginx; minikube addons enable ingress).',
];

/** Multi-document YAML of the learner's objects, with a short header on applying it. */
export function exportYaml(store: Pick<Store, 'list'>, opts: ExportOptions = {}): string {
  const objects = exportObjects(store);
  const header = [...EXPORT_HEADER];
  if (opts.nowMs !== undefined) header.splice(1, 0, `# Exported ${rfc3339(opts.nowMs)}: ${objects.length} object${objects.length === 1 ? '' : 's'}.`);
  return `${header.join('\n')}\n${objects.map((o) => `---\n${toYaml(o)}`).join('')}`;
}

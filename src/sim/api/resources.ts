/**
 * The resources the API server serves, with the facts discovery, kubectl and error messages need.
 * `qualified` is how the API names the resource in errors: `deployments.apps`, or `pods` for core.
 */
export interface ResourceInfo {
  /** plural resource name: `pods` */
  resource: string;
  singular: string;
  kind: string;
  /** '' for the core group */
  group: string;
  version: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  subresources: string[];
  /** in `kubectl api-resources` and `kubectl get all` order of appearance */
  categories?: string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCES: readonly ResourceInfo[] = [
  { resource: 'namespaces', singular: 'namespace', kind: 'Namespace', group: '', version: 'v1', namespaced: false, shortNames: ['ns'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['status', 'finalize'] },
  { resource: 'nodes', singular: 'node', kind: 'Node', group: '', version: 'v1', namespaced: false, shortNames: ['no'], verbs: ALL_VERBS, subresources: ['status', 'proxy'] },
  { resource: 'pods', singular: 'pod', kind: 'Pod', group: '', version: 'v1', namespaced: true, shortNames: ['po'], verbs: ALL_VERBS, subresources: ['status', 'binding', 'eviction', 'log'], categories: ['all'] },
  { resource: 'events', singular: 'event', kind: 'Event', group: '', version: 'v1', namespaced: true, shortNames: ['ev'], verbs: ALL_VERBS, subresources: [] },
  { resource: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', group: 'apps', version: 'v1', namespaced: true, shortNames: ['rs'], verbs: ALL_VERBS, subresources: ['status', 'scale'], categories: ['all'] },
  { resource: 'deployments', singular: 'deployment', kind: 'Deployment', group: 'apps', version: 'v1', namespaced: true, shortNames: ['deploy'], verbs: ALL_VERBS, subresources: ['status', 'scale'], categories: ['all'] },
  { resource: 'leases', singular: 'lease', kind: 'Lease', group: 'coordination.k8s.io', version: 'v1', namespaced: true, shortNames: [], verbs: ALL_VERBS, subresources: [] },
  { resource: 'services', singular: 'service', kind: 'Service', group: '', version: 'v1', namespaced: true, shortNames: ['svc'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['status', 'proxy'], categories: ['all'] },
  { resource: 'endpoints', singular: 'endpoints', kind: 'Endpoints', group: '', version: 'v1', namespaced: true, shortNames: ['ep'], verbs: ALL_VERBS, subresources: [] },
  { resource: 'configmaps', singular: 'configmap', kind: 'ConfigMap', group: '', version: 'v1', namespaced: true, shortNames: ['cm'], verbs: ALL_VERBS, subresources: [] },
  { resource: 'secrets', singular: 'secret', kind: 'Secret', group: '', version: 'v1', namespaced: true, shortNames: [], verbs: ALL_VERBS, subresources: [] },
  { resource: 'persistentvolumes', singular: 'persistentvolume', kind: 'PersistentVolume', group: '', version: 'v1', namespaced: false, shortNames: ['pv'], verbs: ALL_VERBS, subresources: ['status'] },
  { resource: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', kind: 'PersistentVolumeClaim', group: '', version: 'v1', namespaced: true, shortNames: ['pvc'], verbs: ALL_VERBS, subresources: ['status'] },
  { resource: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', group: 'discovery.k8s.io', version: 'v1', namespaced: true, shortNames: [], verbs: ALL_VERBS, subresources: [] },
  { resource: 'ingresses', singular: 'ingress', kind: 'Ingress', group: 'networking.k8s.io', version: 'v1', namespaced: true, shortNames: ['ing'], verbs: ALL_VERBS, subresources: ['status'] },
  { resource: 'ingressclasses', singular: 'ingressclass', kind: 'IngressClass', group: 'networking.k8s.io', version: 'v1', namespaced: false, shortNames: [], verbs: ALL_VERBS, subresources: [] },
  { resource: 'storageclasses', singular: 'storageclass', kind: 'StorageClass', group: 'storage.k8s.io', version: 'v1', namespaced: false, shortNames: ['sc'], verbs: ALL_VERBS, subresources: [] },
  { resource: 'volumeattachments', singular: 'volumeattachment', kind: 'VolumeAttachment', group: 'storage.k8s.io', version: 'v1', namespaced: false, shortNames: [], verbs: ALL_VERBS, subresources: ['status'] },
  { resource: 'statefulsets', singular: 'statefulset', kind: 'StatefulSet', group: 'apps', version: 'v1', namespaced: true, shortNames: ['sts'], verbs: ALL_VERBS, subresources: ['status', 'scale'], categories: ['all'] },
  { resource: 'daemonsets', singular: 'daemonset', kind: 'DaemonSet', group: 'apps', version: 'v1', namespaced: true, shortNames: ['ds'], verbs: ALL_VERBS, subresources: ['status'], categories: ['all'] },
  { resource: 'controllerrevisions', singular: 'controllerrevision', kind: 'ControllerRevision', group: 'apps', version: 'v1', namespaced: true, shortNames: [], verbs: ALL_VERBS, subresources: [] },
  { resource: 'jobs', singular: 'job', kind: 'Job', group: 'batch', version: 'v1', namespaced: true, shortNames: [], verbs: ALL_VERBS, subresources: ['status'], categories: ['all'] },
  { resource: 'cronjobs', singular: 'cronjob', kind: 'CronJob', group: 'batch', version: 'v1', namespaced: true, shortNames: ['cj'], verbs: ALL_VERBS, subresources: ['status'], categories: ['all'] },
  { resource: 'poddisruptionbudgets', singular: 'poddisruptionbudget', kind: 'PodDisruptionBudget', group: 'policy', version: 'v1', namespaced: true, shortNames: ['pdb'], verbs: ALL_VERBS, subresources: ['status'] },
  { resource: 'horizontalpodautoscalers', singular: 'horizontalpodautoscaler', kind: 'HorizontalPodAutoscaler', group: 'autoscaling', version: 'v2', namespaced: true, shortNames: ['hpa'], verbs: ALL_VERBS, subresources: ['status'], categories: ['all'] },
];

const byResource = new Map<string, ResourceInfo>();
const byKind = new Map<string, ResourceInfo>();
for (const r of RESOURCES) {
  byResource.set(r.resource, r);
  byKind.set(`${r.group}/${r.kind}`, r);
}

export function resourceInfo(resource: string): ResourceInfo | undefined {
  return byResource.get(resource);
}

/** The resource for an apiVersion + kind, e.g. `apps/v1` + `Deployment`. */
export function resourceForKind(apiVersion: string | undefined, kind: string | undefined): ResourceInfo | undefined {
  if (!apiVersion || !kind) return undefined;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const info = byKind.get(`${group}/${kind}`);
  return info && info.version === version ? info : undefined;
}

export function apiVersionOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** `deployments.apps`, or `pods` for the core group: how Status messages name a resource. */
export function qualifiedResource(info: ResourceInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** `Deployment.apps`, or `Pod`: how Invalid messages name a kind. */
export function qualifiedKind(info: ResourceInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

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

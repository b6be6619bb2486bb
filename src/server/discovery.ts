/**
 * API discovery, both forms kubectl v1.32 understands: the aggregated documents
 * (`apidiscovery.k8s.io/v2` APIGroupDiscoveryList on `/api` and `/apis`, one request for the
 * whole server) and the legacy ones (`APIVersions`, `APIGroupList`, one `APIResourceList` per
 * group-version), all derived from `src/sim/api/resources.ts`.
 */
import { METRICS_RESOURCES } from '../kubectl/commands/info';
import { RESOURCES, type ResourceInfo } from '../sim/api/resources';

export { METRICS_RESOURCES };

interface Kind {
  group: string;
  version: string;
  kind: string;
}

/** What each subresource answers with and allows, as the real registry declares it. */
function subresourceFacts(info: ResourceInfo, sub: string): { kind: Kind; verbs: string[] } {
  const own = { group: info.group, version: info.version, kind: info.kind };
  switch (sub) {
    case 'status':
      return { kind: own, verbs: ['get', 'patch', 'update'] };
    case 'scale':
      return { kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] };
    case 'eviction':
      return { kind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] };
    case 'binding':
      return { kind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] };
    case 'log':
      return { kind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get'] };
    case 'finalize':
      return { kind: own, verbs: ['update'] };
    case 'proxy':
      return { kind: { group: '', version: 'v1', kind: `${info.kind}ProxyOptions` }, verbs: ['create', 'delete', 'get', 'patch', 'update'] };
    default:
      return { kind: own, verbs: ['get'] };
  }
}


/** The real server's order of groups in discovery (by APIService priority). */
const GROUP_ORDER = ['', 'apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'discovery.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io', 'metrics.k8s.io'];

export class Discovery {
  readonly resources: readonly ResourceInfo[];

  constructor(withMetrics: boolean) {
    this.resources = withMetrics ? [...RESOURCES, ...METRICS_RESOURCES] : RESOURCES;
  }

  /** group → versions (each group serves one version here) in discovery order. */
  groups(): { group: string; versions: string[] }[] {
    const map = new Map<string, string[]>();
    for (const r of this.resources) {
      const vs = map.get(r.group) ?? [];
      if (!vs.includes(r.version)) vs.push(r.version);
      map.set(r.group, vs);
    }
    const rank = (g: string) => (GROUP_ORDER.includes(g) ? GROUP_ORDER.indexOf(g) : GROUP_ORDER.length);
    return [...map].map(([group, versions]) => ({ group, versions })).sort((a, b) => rank(a.group) - rank(b.group) || (a.group < b.group ? -1 : 1));
  }

  find(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.resources.find((r) => r.group === group && r.version === version && r.resource === resource);
  }

  servesGroupVersion(group: string, version: string): boolean {
    return this.resources.some((r) => r.group === group && r.version === version);
  }

  private inGroupVersion(group: string, version: string): ResourceInfo[] {
    return this.resources.filter((r) => r.group === group && r.version === version).sort((a, b) => (a.resource < b.resource ? -1 : 1));
  }

  // ---- legacy ---------------------------------------------------------------------------------

  apiVersions(serverAddress: string) {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
  }

  apiGroupList() {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: this.groups()
        .filter((g) => g.group !== '')
        .map((g) => {
          const versions = g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v }));
          return { name: g.group, versions, preferredVersion: versions[0] };
        }),
    };
  }

  apiGroup(group: string) {
    const g = this.groups().find((x) => x.group === group);
    if (!g) return undefined;
    const versions = g.versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
    return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions, preferredVersion: versions[0] };
  }

  apiResourceList(group: string, version: string) {
    const resources: Record<string, unknown>[] = [];
    for (const r of this.inGroupVersion(group, version)) {
      resources.push({
        name: r.resource,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
        ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
        ...(r.categories?.length ? { categories: r.categories } : {}),
      });
      for (const sub of r.subresources) {
        const f = subresourceFacts(r, sub);
        const foreign = f.kind.group !== r.group || f.kind.version !== r.version;
        resources.push({
          name: `${r.resource}/${sub}`,
          singularName: '',
          namespaced: r.namespaced,
          ...(foreign ? { group: f.kind.group, version: f.kind.version } : {}),
          kind: f.kind.kind,
          verbs: f.verbs,
        });
      }
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
  }

  // ---- aggregated (apidiscovery.k8s.io/v2) ----------------------------------------------------

  aggregated(legacy: boolean) {
    const items = this.groups()
      .filter((g) => (legacy ? g.group === '' : g.group !== ''))
      .map((g) => ({
        metadata: { name: g.group, creationTimestamp: null },
        versions: g.versions.map((v) => ({
          version: v,
          resources: this.inGroupVersion(g.group, v).map((r) => ({
            resource: r.resource,
            responseKind: { group: r.group, version: r.version, kind: r.kind },
            scope: r.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: r.singular,
            verbs: r.verbs,
            ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
            ...(r.categories?.length ? { categories: r.categories } : {}),
            ...(r.subresources.length
              ? {
                  subresources: r.subresources.map((sub) => {
                    const f = subresourceFacts(r, sub);
                    return { subresource: sub, responseKind: f.kind, verbs: f.verbs };
                  }),
                }
              : {}),
          })),
          freshness: 'Current',
        })),
      }));
    return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
  }
}

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

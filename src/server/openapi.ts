/**
 * OpenAPI v3, as much as kubectl needs: `/openapi/v3` lists a document per group-version, and
 * each document names the paths of its resources with their operations. kubectl reads the PATCH
 * operation's parameters to learn that the server validates (`fieldValidation`), so `kubectl
 * apply -f` hands validation to the server instead of refusing with "failed to download
 * openapi". Schemas are deliberately shallow (top-level fields, the rest preserved): the API
 * server's own validation gives the field errors.
 */
import type { ResourceInfo } from '../sim/api/resources';
import type { Discovery } from './discovery';

const PACKAGE: Record<string, string> = {
  '': 'io.k8s.api.core',
  'coordination.k8s.io': 'io.k8s.api.coordination',
  'discovery.k8s.io': 'io.k8s.api.discovery',
  'networking.k8s.io': 'io.k8s.api.networking',
  'storage.k8s.io': 'io.k8s.api.storage',
  'metrics.k8s.io': 'io.k8s.metrics.pkg.apis.metrics',
};

export function schemaName(info: ResourceInfo): string {
  return `${PACKAGE[info.group] ?? `io.k8s.api.${info.group}`}.${info.version}.${info.kind}`;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** `api/v1`, `apis/apps/v1`: the keys of `/openapi/v3`. */
export function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** A stable hash per document, so kubectl's cache knows when to refetch. */
function hashOf(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16).toUpperCase().padStart(8, '0').repeat(16);
}

const query = (name: string, description: string, type = 'string') => ({ name, in: 'query', description, schema: { type, uniqueItems: true } });
const WRITE_PARAMS = [
  query('dryRun', 'When present, indicates that modifications should not be persisted.'),
  query('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  query('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict'),
];

export class OpenApi {
  private docs = new Map<string, { text: string; hash: string }>();

  constructor(private readonly discovery: Discovery) {}

  root() {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const g of this.discovery.groups()) {
      for (const v of g.versions) {
        const p = gvPath(g.group, v);
        paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${this.doc(g.group, v).hash}` };
      }
    }
    return { paths };
  }

  /** The document for `api/v1` or `apis/<group>/<version>`, or undefined. */
  docFor(path: string): string | undefined {
    const m = /^api\/([^/]+)$/.exec(path) ?? /^apis\/([^/]+)\/([^/]+)$/.exec(path);
    if (!m) return undefined;
    const [group, version] = m.length === 3 ? [m[1], m[2]] : ['', m[1]];
    if (!this.discovery.servesGroupVersion(group, version)) return undefined;
    return this.doc(group, version).text;
  }

  private doc(group: string, version: string): { text: string; hash: string } {
    const key = `${group}/${version}`;
    let d = this.docs.get(key);
    if (!d) {
      const text = JSON.stringify(this.build(group, version));
      d = { text, hash: hashOf(text) };
      this.docs.set(key, d);
    }
    return d;
  }

  private build(group: string, version: string) {
    const infos = this.discovery.resources.filter((r) => r.group === group && r.version === version);
    const paths: Record<string, unknown> = {};
    const schemas: Record<string, unknown> = {
      [OBJECT_META]: { description: 'ObjectMeta is metadata that all persisted resources must have.', type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    };
    const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
    for (const r of infos) {
      const gvk = { group: r.group, version: r.version, kind: r.kind };
      const ref = { $ref: `#/components/schemas/${schemaName(r)}` };
      const body = { content: { '*/*': { schema: ref } }, required: true };
      const ok = { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } };
      const op = (action: string, verb: string, params: unknown[] = [], withBody = false) => ({
        description: `${verb} ${r.kind}`,
        operationId: `${verb}${r.kind}`,
        ...(withBody ? { requestBody: body } : {}),
        responses: ok,
        parameters: params,
        'x-kubernetes-action': action,
        'x-kubernetes-group-version-kind': gvk,
      });
      const collection = r.namespaced ? `${base}/namespaces/{namespace}/${r.resource}` : `${base}/${r.resource}`;
      const can = (v: string) => r.verbs.includes(v);
      paths[collection] = {
        ...(can('list') ? { get: op('list', 'list') } : {}),
        ...(can('create') ? { post: op('post', 'create', WRITE_PARAMS, true) } : {}),
        ...(can('deletecollection') ? { delete: op('deletecollection', 'deletecollection') } : {}),
        parameters: [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string' } }].filter(() => r.namespaced),
      };
      paths[`${collection}/{name}`] = {
        ...(can('get') ? { get: op('get', 'read') } : {}),
        ...(can('update') ? { put: op('put', 'replace', WRITE_PARAMS, true) } : {}),
        ...(can('patch') ? { patch: op('patch', 'patch', [...WRITE_PARAMS, query('force', 'Force is going to "force" Apply requests.', 'boolean')], true) } : {}),
        ...(can('delete') ? { delete: op('delete', 'delete') } : {}),
        parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
      };
      schemas[schemaName(r)] = {
        description: `${r.kind} (served by the playground's simulated API server)`,
        type: 'object',
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { allOf: [{ $ref: `#/components/schemas/${OBJECT_META}` }], default: {} },
        },
        'x-kubernetes-preserve-unknown-fields': true,
        'x-kubernetes-group-version-kind': [gvk],
      };
    }
    return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.2' }, paths, components: { schemas } };
  }
}

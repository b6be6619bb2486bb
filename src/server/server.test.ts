/**
 * The HTTP API without kubectl: discovery, Table and Status shapes, watch streams (410 Expired
 * as an ERROR event), protobuf bodies, and refusing connections while kube-apiserver is down.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../sim/cluster';
import { decodeProtobuf } from './protobuf';
import { startApiServer, type RunningApiServer } from './server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (r: Response | Promise<Response>): Promise<any> => (await r).json();

let server: RunningApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(cluster?: Cluster) {
  server = await startApiServer({ seed: 3, cluster });
  return server;
}

describe('HTTP API', () => {
  it('serves version, legacy and aggregated discovery', async () => {
    const s = await start();
    expect(await json(fetch(`${s.url}/version`))).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.2' });
    const core = await json(fetch(`${s.url}/api/v1`));
    expect(core.resources).toContainEqual({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    const agg = await fetch(`${s.url}/apis`, { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
    expect(agg.headers.get('content-type')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const apps = (await json(agg)).items.find((g: { metadata: { name: string } }) => g.metadata.name === 'apps');
    const deploy = apps.versions[0].resources.find((r: { resource: string }) => r.resource === 'deployments');
    expect(deploy).toMatchObject({ scope: 'Namespaced', shortNames: ['deploy'], subresources: [{ subresource: 'status' }, { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' } }] });
    const openapi = await json(fetch(`${s.url}/openapi/v3`));
    const doc = await json(fetch(`${s.url}${openapi.paths['apis/apps/v1'].serverRelativeURL}`));
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters.map((p: { name: string }) => p.name)).toContain('fieldValidation');
  });

  it('serves /openapi/v2 as gnostic protobuf (what kubectl validates a List with) and as JSON', async () => {
    const s = await start();
    const pb = await fetch(`${s.url}/openapi/v2`, { headers: { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' } });
    expect(pb.status).toBe(200);
    expect(pb.headers.get('content-type')).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    // field 1 (swagger) = "2.0", field 2 (info) = { title "Kubernetes", version "v1.32.2" }
    const info = Buffer.concat([Buffer.from([0x0a, 10]), Buffer.from('Kubernetes'), Buffer.from([0x12, 7]), Buffer.from('v1.32.2')]);
    expect(Buffer.from(await pb.arrayBuffer())).toEqual(Buffer.concat([Buffer.from([0x0a, 3]), Buffer.from('2.0'), Buffer.from([0x12, info.length]), info]));
    expect(await json(fetch(`${s.url}/openapi/v2`, { headers: { Accept: 'application/json' } }))).toMatchObject({ swagger: '2.0', info: { version: 'v1.32.2' } });
  });

  it('answers Status errors and Tables', async () => {
    const s = await start();
    const nf = await fetch(`${s.url}/apis/apps/v1/namespaces/default/deployments/web`);
    expect(nf.status).toBe(404);
    expect(await json(nf)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', message: 'deployments.apps "web" not found', code: 404 });
    const t = await json(fetch(`${s.url}/api/v1/nodes?labelSelector=node-role.kubernetes.io/control-plane`, { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } }));
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime']);
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0].cells.slice(0, 3)).toEqual(['control-plane', 'Ready', 'control-plane']);
    expect(t.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'control-plane' } });
    const bad = await fetch(`${s.url}/api/v1/namespaces/default/pods/x`, { method: 'PATCH', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
    expect(bad.status).toBe(415);
  });

  it('streams a watch and ends an expired one with a 410 ERROR event', async () => {
    const s = await start(Cluster.create({ seed: 3, historyCapacity: 5 }));
    const res = await fetch(`${s.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1`);
    expect(res.status).toBe(200);
    const line = JSON.parse((await res.text()).trim());
    expect(line).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    const rv = s.cluster.store.revision;
    const w = await fetch(`${s.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&timeoutSeconds=1`);
    const created = await fetch(`${s.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'b' } }) });
    expect(created.status).toBe(201);
    const events = (await w.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED cm']);
  });

  it('reads protobuf bodies the way kubectl create sends them', () => {
    // `kubectl create deployment web --image=nginx --replicas=3`'s body, field by field
    const bytes = (fields: number[][]) => Buffer.from(fields.flat());
    const str = (n: number, s: string) => [(n << 3) | 2, s.length, ...Buffer.from(s)];
    const varint = (v: number): number[] => (v < 128 ? [v] : [(v & 0x7f) | 0x80, ...varint(v >> 7)]);
    const msg = (n: number, b: number[]) => [(n << 3) | 2, ...varint(b.length), ...b];
    const labels = msg(11, [...str(1, 'app'), ...str(2, 'web')]);
    const meta = [...str(1, 'web'), ...str(2, ''), 7 << 3, 0, ...msg(8, []), ...labels];
    const container = [...str(1, 'nginx'), ...str(2, 'nginx'), ...msg(8, []), ...varint(16 << 3), 0];
    const spec = [1 << 3, 3, ...msg(2, msg(1, [...str(1, 'app'), ...str(2, 'web')])), ...msg(3, [...msg(1, [...msg(8, []), ...labels]), ...msg(2, msg(2, container))]), ...msg(4, str(1, '')), 7 << 3, 0];
    const raw = [...msg(1, meta), ...msg(2, spec), ...msg(3, [])];
    const body = bytes([[...Buffer.from('k8s\0', 'latin1')], msg(1, [...str(1, 'apps/v1'), ...str(2, 'Deployment')]), msg(2, raw)]);
    expect(decodeProtobuf(body)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } }, strategy: {} },
      status: {},
    });
  });

  it('refuses connections while the kube-apiserver process is stopped', async () => {
    const s = await start();
    const url = `${s.url}/version`;
    s.cluster.infra.setProcess('control-plane', 'kube-apiserver', false);
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(url)).rejects.toThrow();
    s.cluster.infra.setProcess('control-plane', 'kube-apiserver', true);
    await new Promise((r) => setTimeout(r, 50));
    expect((await fetch(url)).status).toBe(200);
  });
});

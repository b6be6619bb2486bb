/**
 * The EndpointSlice controller (`pkg/controller/endpointslice`): for every Service with a
 * selector, slices named `<svc>-<5 chars>` listing the selected pods that have an IP and have not
 * finished, with conditions ready / serving / terminating, nodeName, zone and targetRef, at most
 * 100 endpoints per slice, one set of slices per resolved port list. A Service whose selector
 * matches nothing keeps one empty placeholder slice, as the real controller does.
 */
import type { Node, Service } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { isNotFound } from '../api/errors';
import type { KObject } from '../api/types';
import type { ClusterContext } from '../context';
import { Controller, splitKey } from '../controllers/controller';
import { deepEqual } from '../util/immutable';
import { endpointGroups, type EndpointInfo, type ResolvedPort } from './endpointset';
import { ServicePodIndex } from './podindex';

export const MAX_ENDPOINTS_PER_SLICE = 100;
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';

interface DesiredSlice {
  ports: ResolvedPort[] | undefined;
  endpoints: EndpointInfo[];
}

export class EndpointSliceController extends Controller {
  private readonly index: ServicePodIndex;

  constructor(ctx: ClusterContext) {
    super('endpointslice', ctx, 'endpoint-slice-controller');
    this.index = new ServicePodIndex(ctx.store, (key) => this.queue.add(key));
    // someone deleted or edited one of our slices: put it right
    ctx.store.subscribe('endpointslices', (e) => {
      const s = e.object as EndpointSlice;
      const svc = s.metadata?.labels?.[LABEL_SERVICE_NAME];
      if (svc && s.metadata?.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME && e.type !== 'ADDED') this.queue.add(`${s.metadata?.namespace}/${svc}`);
    });
  }

  protected allKeys(): Iterable<string> {
    return [...this.index.keys()];
  }

  protected restoreExtra(): void {
    this.index.rebuild();
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const svc = this.ctx.store.get<Service>('services', ns, name);
    if (!svc) return; // the garbage collector removes the slices it owned
    const existing = this.ctx.store
      .dependents<EndpointSlice>(svc.metadata!.uid!)
      .filter((o) => o.kind === 'EndpointSlice' && o.metadata?.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME)
      .sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
    const selector = svc.spec?.selector;
    if (!selector || !Object.keys(selector).length || svc.spec?.type === 'ExternalName') {
      for (const s of existing) this.deleteSlice(s);
      return;
    }
    const desired: DesiredSlice[] = [];
    for (const g of endpointGroups(svc, this.index.podsOf(key), true)) {
      for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) desired.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
    }
    if (!desired.length) desired.push({ ports: undefined, endpoints: [] });

    desired.forEach((d, i) => {
      const body = this.sliceBody(svc, d);
      const cur = existing[i];
      if (!cur) {
        this.client.create('endpointslices', ns, { ...body, metadata: { ...body.metadata, generateName: `${name}-` } });
        return;
      }
      const same =
        deepEqual(cur.endpoints ?? [], body.endpoints ?? []) &&
        deepEqual(cur.ports ?? null, body.ports ?? null) &&
        deepEqual(cur.metadata?.labels, body.metadata?.labels) &&
        cur.addressType === body.addressType;
      if (same) return;
      const next: KObject = { ...cur, ...body, metadata: { ...cur.metadata, labels: body.metadata?.labels } };
      if (!body.ports) delete next.ports;
      this.client.update('endpointslices', ns, next);
    });
    for (const s of existing.slice(desired.length)) this.deleteSlice(s);
  }

  private deleteSlice(s: EndpointSlice): void {
    try {
      this.client.delete('endpointslices', s.metadata?.namespace, s.metadata!.name!);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  private sliceBody(svc: Service, d: DesiredSlice): EndpointSlice & KObject {
    const md = svc.metadata!;
    const labels: Record<string, string> = { ...(md.labels ?? {}), [LABEL_SERVICE_NAME]: md.name!, [LABEL_MANAGED_BY]: CONTROLLER_NAME };
    if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    const slice: EndpointSlice & KObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        namespace: md.namespace,
        labels,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: md.name!, uid: md.uid!, controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints: d.endpoints.map((e) => this.endpointOf(svc, e)),
    };
    if (d.ports) slice.ports = d.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol }));
    return slice;
  }

  private endpointOf(svc: Service, e: EndpointInfo): Endpoint {
    const pod = e.pod;
    const nodeName = pod.spec!.nodeName!;
    const out: Endpoint = {
      addresses: [e.ip],
      conditions: { ready: e.ready, serving: e.serving, terminating: e.terminating },
    };
    // a pod with hostname + subdomain naming this Service gets a DNS name of its own
    if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata?.name) out.hostname = pod.spec.hostname;
    out.nodeName = nodeName;
    out.targetRef = { kind: 'Pod', namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, uid: pod.metadata!.uid! };
    const zone = this.ctx.store.get<Node>('nodes', '', nodeName)?.metadata?.labels?.['topology.kubernetes.io/zone'];
    if (zone) out.zone = zone;
    return out;
  }
}

/**
 * The legacy Endpoints controller (`pkg/controller/endpoint`), still run in v1.32 so that
 * `kubectl get endpoints` works: one Endpoints object per selector Service, named like it, with
 * `addresses` (ready pods) and `notReadyAddresses`, one subset per resolved port list, capped at
 * 1000 addresses (annotation `endpoints.kubernetes.io/over-capacity: truncated`). Terminating
 * pods are left out unless the Service publishes not-ready addresses.
 *
 * The `kubernetes` Service has no selector: the API server itself keeps its Endpoints pointing at
 * the control plane's address, port 6443 — done here once the control-plane machine is known.
 */
import type { EndpointAddress, Endpoints, EndpointSubset, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { ConnectionRefusedError, isNotFound } from '../api/errors';
import type { KObject } from '../api/types';
import type { ClusterContext } from '../context';
import { Controller, splitKey } from '../controllers/controller';
import { deepEqual } from '../util/immutable';
import { endpointGroups } from './endpointset';
import { LABEL_SERVICE_NAME } from './endpointslices';
import { ServicePodIndex } from './podindex';

export const MAX_ENDPOINTS = 1000;
const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';

export class EndpointsController extends Controller {
  private readonly index: ServicePodIndex;
  private apiserverEndpointsDone = false;

  constructor(ctx: ClusterContext) {
    super('endpoints', ctx, 'endpoint-controller');
    this.index = new ServicePodIndex(ctx.store, (key) => this.queue.add(key));
    ctx.store.subscribe('endpoints', (e) => {
      if (e.type === 'DELETED') this.queue.add(`${e.object.metadata?.namespace}/${e.object.metadata?.name}`);
    });
  }

  process_(): boolean {
    let did = false;
    if (!this.apiserverEndpointsDone) {
      try {
        did = this.apiserverEndpoints();
      } catch (e) {
        this.apiserverEndpointsDone = false; // the API server is away: try again on the next pass
        if (!(e instanceof ConnectionRefusedError)) this.ctx.reportFault(this.name, e);
      }
    }
    return super.process_() || did;
  }

  protected allKeys(): Iterable<string> {
    return [...this.index.keys()];
  }

  protected extraState(): Record<string, unknown> {
    return { apiserverEndpointsDone: this.apiserverEndpointsDone };
  }

  protected restoreExtra(s: Record<string, unknown>): void {
    this.apiserverEndpointsDone = s.apiserverEndpointsDone === true;
    this.index.rebuild();
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const svc = this.ctx.store.get<Service>('services', ns, name);
    const cur = this.ctx.store.get<Endpoints>('endpoints', ns, name);
    if (!svc) {
      if (cur && name !== 'kubernetes') this.remove(ns, name);
      return;
    }
    const selector = svc.spec?.selector;
    if (!selector || !Object.keys(selector).length || svc.spec?.type === 'ExternalName') return; // user-managed
    const publish = svc.spec?.publishNotReadyAddresses === true;
    let total = 0;
    let truncated = false;
    const subsets: EndpointSubset[] = [];
    for (const g of endpointGroups(svc, this.index.podsOf(key), publish)) {
      const ready: EndpointAddress[] = [];
      const notReady: EndpointAddress[] = [];
      for (const e of g.endpoints) {
        if (total >= MAX_ENDPOINTS) {
          truncated = true;
          break;
        }
        total++;
        const pod = e.pod;
        const addr: EndpointAddress = { ip: e.ip };
        if (pod.spec?.hostname && pod.spec.subdomain === name) addr.hostname = pod.spec.hostname;
        addr.nodeName = pod.spec!.nodeName!;
        addr.targetRef = { kind: 'Pod', namespace: ns, name: pod.metadata!.name!, uid: pod.metadata!.uid! };
        (e.ready ? ready : notReady).push(addr);
      }
      if (!ready.length && !notReady.length) continue;
      const subset: EndpointSubset = {};
      if (ready.length) subset.addresses = ready.sort(byIP);
      if (notReady.length) subset.notReadyAddresses = notReady.sort(byIP);
      subset.ports = g.ports.map((p) => (p.name ? { name: p.name, port: p.port, protocol: p.protocol } : { port: p.port, protocol: p.protocol }));
      subsets.push(subset);
    }
    const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}) };
    if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    const annotations: Record<string, string> = { ...(cur?.metadata?.annotations ?? {}) };
    if (truncated) annotations[OVER_CAPACITY] = 'truncated';
    else delete annotations[OVER_CAPACITY];
    const body: Endpoints & KObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace: ns, ...(Object.keys(labels).length ? { labels } : {}), ...(Object.keys(annotations).length ? { annotations } : {}) },
    };
    if (subsets.length) body.subsets = subsets;
    if (!cur) {
      this.client.create('endpoints', ns, body);
      return;
    }
    if (deepEqual(cur.subsets ?? [], subsets) && deepEqual(cur.metadata?.labels ?? {}, labels) && deepEqual(cur.metadata?.annotations ?? {}, annotations)) return;
    const next: KObject = { ...cur, metadata: { ...cur.metadata, labels: Object.keys(labels).length ? labels : undefined, annotations: Object.keys(annotations).length ? annotations : undefined }, subsets: body.subsets };
    if (!body.subsets) delete next.subsets;
    this.client.update('endpoints', ns, next);
  }

  private remove(ns: string, name: string): void {
    try {
      this.client.delete('endpoints', ns, name);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** The API server's own endpoint reconciler for `default/kubernetes`. */
  private apiserverEndpoints(): boolean {
    const cp = this.ctx.infra.controlPlane();
    if (!cp || !this.ctx.store.get('services', 'default', 'kubernetes')) return false;
    this.apiserverEndpointsDone = true;
    const ip = cp.internalIP;
    const client = this.ctx.client('kube-apiserver');
    if (!this.ctx.store.get('endpoints', 'default', 'kubernetes')) {
      client.create('endpoints', 'default', {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
        subsets: [{ addresses: [{ ip }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
      });
    }
    if (!this.ctx.store.get('endpointslices', 'default', 'kubernetes')) {
      const slice: EndpointSlice & KObject = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { [LABEL_SERVICE_NAME]: 'kubernetes' } },
        addressType: 'IPv4',
        endpoints: [{ addresses: [ip], conditions: { ready: true } }],
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
      };
      client.create('endpointslices', 'default', slice);
    }
    return true;
  }
}

function byIP(a: EndpointAddress, b: EndpointAddress): number {
  const x = a.ip.split('.').map(Number);
  const y = b.ip.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/**
 * ingress-nginx (its controller pod is the `ingress-nginx-controller` Deployment installed at
 * bootstrap) plus the cloud load-balancer stand-in (`cloudlb.ts`) that gives LoadBalancer
 * Services their external IP.
 *
 * The controller serves Ingresses whose class is `nginx` (directly or through the default-class
 * admission) and ignores the rest — their ADDRESS stays empty. While a controller pod runs it
 * writes the load balancer's IP into `status.loadBalancer.ingress` of the Ingresses it serves.
 * For traffic it picks the backend by host and path (`ingressroute.ts`) and proxies straight to
 * the Service's ready endpoints, round-robin — not through the ClusterIP: 503 when there are
 * none or the Service does not exist.
 */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1';
import { isPodReady } from '../api/podutil';
import type { Component } from '../component';
import type { ClusterContext } from '../context';
import { deepEqual } from '../util/immutable';
import { LEGACY_CLASS_ANNOTATION } from './admission';
import { INGRESS_CLASS, INGRESS_CONTROLLER, INGRESS_NAMESPACE, INGRESS_SERVICE, installIngressNginx } from './bootstrap';
import { reconcileLoadBalancers } from './cloudlb';
import { LABEL_SERVICE_NAME } from './endpointslices';
import { matchIngress, type Route } from './ingressroute';
import type { Backend } from './proxyrules';
import { networkOf } from './registry';

export type BackendPick = { ok: true; route: Route; backend: Backend; service: string } | { ok: false; status: 404 | 503; route: Route | null; service: string };

interface Plan {
  route?: Route;
  ready?: Backend[];
  fail?: BackendPick;
  rrKey: string;
  service: string;
}

interface State {
  lbKeys: string[];
  statusDirty: boolean;
  rr: [string, number][];
}

export class IngressController implements Component {
  readonly name = 'ingress-nginx';
  readonly process = 'always';
  private lbKeys = new Set<string>();
  private statusDirty = true;
  private rr = new Map<string, number>();
  private served: Ingress[] | null = null;
  /** `host path` → route and ready endpoints, as the controller's informers last saw them */
  private plans = new Map<string, Plan>();

  constructor(readonly ctx: ClusterContext) {
    networkOf(ctx).ingress = this;
    ctx.store.subscribe('services', (e) => {
      const s = e.object as Service;
      if (e.type !== 'DELETED') this.lbKeys.add(`${s.metadata?.namespace}/${s.metadata?.name}`);
      if (s.metadata?.namespace === INGRESS_NAMESPACE) this.statusDirty = true;
      this.plans.clear();
    });
    const ingressChanged = () => {
      this.statusDirty = true;
      this.served = null;
    };
    ctx.store.subscribe('ingresses', ingressChanged);
    ctx.store.subscribe('ingressclasses', ingressChanged);
    ctx.store.subscribe('endpointslices', () => this.plans.clear());
    ctx.store.subscribe('pods', (e) => {
      if (e.object.metadata?.namespace === INGRESS_NAMESPACE) this.statusDirty = true;
    });
  }

  bootstrap(): void {
    installIngressNginx(this.ctx.client('kubectl-client-side-apply'));
  }

  process_(): boolean {
    let did = false;
    if (this.lbKeys.size) {
      const keys = [...this.lbKeys];
      this.lbKeys.clear();
      try {
        did = reconcileLoadBalancers(this.ctx.store, this.ctx.client('cloud-controller-manager'), keys) || did;
      } catch (e) {
        this.ctx.reportFault('cloud-controller-manager', e);
      }
    }
    if (this.statusDirty && this.controllerPods().length) {
      this.statusDirty = false;
      try {
        did = this.writeStatuses() || did;
      } catch (e) {
        this.statusDirty = true;
        this.ctx.reportFault(this.name, e);
      }
    }
    return did;
  }

  resync(): void {
    this.statusDirty = true;
    for (const s of this.ctx.store.iterate<Service>('services')) this.lbKeys.add(`${s.metadata?.namespace}/${s.metadata?.name}`);
  }

  /** The controller pods that run and are Ready (the load balancer's healthy targets). */
  controllerPods(): Pod[] {
    const out: Pod[] = [];
    for (const p of this.ctx.store.iterate<Pod>('pods', INGRESS_NAMESPACE)) {
      if (p.metadata?.labels?.['app.kubernetes.io/component'] !== 'controller' || p.metadata?.deletionTimestamp || !isPodReady(p)) continue;
      if (!this.ctx.infra.get(p.spec?.nodeName ?? '')?.powered) continue;
      out.push(p);
    }
    return out;
  }

  /** The load balancer's IP (EXTERNAL-IP of the controller's Service), if it has one yet. */
  address(): string | undefined {
    return this.ctx.store.get<Service>('services', INGRESS_NAMESPACE, INGRESS_SERVICE)?.status?.loadBalancer?.ingress?.[0]?.ip;
  }

  /** Whether this controller owns the Ingress (class `nginx`, by name or by legacy annotation). */
  serves(ing: Ingress): boolean {
    const cls = ing.spec?.ingressClassName ?? ing.metadata?.annotations?.[LEGACY_CLASS_ANNOTATION];
    if (!cls) return false;
    if (ing.spec?.ingressClassName) {
      const ic = this.ctx.store.get<IngressClass>('ingressclasses', '', cls);
      return ic?.spec?.controller === INGRESS_CONTROLLER;
    }
    return cls === INGRESS_CLASS;
  }

  private servedIngresses(): Ingress[] {
    if (!this.served) {
      this.served = [...this.ctx.store.iterate<Ingress>('ingresses')].filter((i) => this.serves(i));
      this.plans.clear();
    }
    return this.served;
  }

  private writeStatuses(): boolean {
    const ip = this.address();
    const want = ip ? { ingress: [{ ip }] } : {};
    const client = this.ctx.client('nginx-ingress-controller');
    let wrote = false;
    for (const ing of this.servedIngresses()) {
      if (deepEqual(ing.status?.loadBalancer ?? {}, want)) continue;
      client.updateStatus('ingresses', ing.metadata?.namespace, { ...ing, status: { ...(ing.status ?? {}), loadBalancer: want } });
      wrote = true;
    }
    return wrote;
  }

  /** The backend for a request that reached a controller pod (round-robin over ready endpoints). */
  pick(host: string, path: string): BackendPick {
    const served = this.servedIngresses();
    const rk = `${host} ${path}`;
    let plan = this.plans.get(rk);
    if (!plan) this.plans.set(rk, (plan = this.plan(served, host, path)));
    if (!plan.ready) return plan.fail!;
    const n = this.rr.get(plan.rrKey) ?? 0;
    this.rr.set(plan.rrKey, n + 1);
    return { ok: true, route: plan.route!, backend: plan.ready[n % plan.ready.length], service: plan.service };
  }

  /** What nginx's configuration says for a host and path: cached until Ingresses, Services or slices change. */
  private plan(served: Ingress[], host: string, path: string): Plan {
    const route = matchIngress(served, host, path);
    if (!route?.backend.service) return { fail: { ok: false, status: 404, route, service: '' }, rrKey: '', service: '' };
    const ref = route.backend.service;
    const svcKey = `${route.namespace}/${ref.name}`;
    const fail: BackendPick = { ok: false, status: 503, route, service: svcKey };
    const svc = this.ctx.store.get<Service>('services', route.namespace, ref.name);
    if (!svc) return { fail, rrKey: '', service: svcKey };
    const sp = (svc.spec?.ports ?? []).find((p) => (ref.port?.name ? p.name === ref.port.name : p.port === ref.port?.number));
    if (!sp) return { fail, rrKey: '', service: svcKey };
    const ready: Backend[] = [];
    for (const s of this.ctx.store.iterate<EndpointSlice>('endpointslices', route.namespace)) {
      if (s.metadata?.labels?.[LABEL_SERVICE_NAME] !== ref.name) continue;
      const port = (s.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? ''))?.port;
      if (!port) continue;
      for (const e of s.endpoints ?? []) {
        if (e.conditions?.ready === false) continue;
        ready.push({ ip: e.addresses[0], port, node: e.nodeName ?? '', pod: e.targetRef?.uid ?? '' });
      }
    }
    if (!ready.length) return { fail, rrKey: '', service: svcKey };
    return { route, ready, rrKey: `${svcKey}:${sp.port}`, service: svcKey };
  }

  snapshot(): State {
    return { lbKeys: [...this.lbKeys], statusDirty: this.statusDirty, rr: [...this.rr] };
  }

  restore(raw: unknown): void {
    const s = raw as State;
    this.lbKeys = new Set(s.lbKeys);
    this.statusDirty = s.statusDirty;
    this.rr = new Map(s.rr);
    this.served = null;
    this.plans.clear();
  }
}

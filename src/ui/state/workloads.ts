/**
 * Pure views of workloads and their wiring for the canvas: a Deployment's "ready / desired" and
 * its ReplicaSets (the side-by-side pair of a rollout), a Service's ready endpoints per node
 * (from its EndpointSlices, as kube-proxy sees them), the pods that mount a claim, and what the
 * current selection relates to (for highlights). No React, no store.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import type { KObject } from '../../sim/api/types';
import type { Table } from './mirror';
import type { Selection } from './selection';

export const idOf = (o: KObject | undefined): string => `${o?.metadata?.namespace ?? ''}/${o?.metadata?.name ?? ''}`;

export function controllerOf(o: KObject | undefined): { kind: string; name: string; uid: string } | undefined {
  const ref = o?.metadata?.ownerReferences?.find((r) => r.controller);
  return ref ? { kind: ref.kind, name: ref.name, uid: ref.uid } : undefined;
}

export function revisionOf(rs: ReplicaSet): number {
  return Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
}

/** A Deployment's ReplicaSets, newest revision first; old ones only while they still have pods. */
export function replicaSetsOf(replicasets: Table, dep: Deployment): ReplicaSet[] {
  const uid = dep.metadata?.uid;
  const ns = dep.metadata?.namespace;
  const out: ReplicaSet[] = [];
  for (const id in replicasets) {
    const rs = replicasets[id] as ReplicaSet;
    if (rs.metadata?.namespace !== ns || controllerOf(rs)?.uid !== uid) continue;
    out.push(rs);
  }
  out.sort((a, b) => revisionOf(b) - revisionOf(a));
  return out.filter((rs, i) => i === 0 || (rs.spec?.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0);
}

export interface DeploymentFigures {
  desired: number;
  ready: number;
  updated: number;
  available: number;
  /** a rollout is under way: more than one ReplicaSet holds pods, or updated < desired */
  rolling: boolean;
  /** the Progressing condition says the deadline passed */
  stalled: boolean;
}

export function deploymentFigures(dep: Deployment, sets: ReplicaSet[]): DeploymentFigures {
  const desired = dep.spec?.replicas ?? 1;
  const st = dep.status ?? {};
  const progressing = st.conditions?.find((c) => c.type === 'Progressing');
  const busy = sets.filter((rs) => (rs.status?.replicas ?? 0) > 0 || (rs.spec?.replicas ?? 0) > 0).length > 1;
  return {
    desired,
    ready: st.readyReplicas ?? 0,
    updated: st.updatedReplicas ?? 0,
    available: st.availableReplicas ?? 0,
    rolling: busy || (st.updatedReplicas ?? 0) < desired,
    stalled: progressing?.reason === 'ProgressDeadlineExceeded',
  };
}

/** Ready endpoints of a Service per node, from its EndpointSlices (`kubernetes.io/service-name`). */
export function endpointsByNode(slices: Table, svc: Service): { byNode: Record<string, number>; pods: Set<string>; podsByNode: Record<string, string[]>; ready: number; notReady: number } {
  const name = svc.metadata?.name;
  const ns = svc.metadata?.namespace;
  const byNode: Record<string, number> = {};
  const pods = new Set<string>();
  /** node → names of the pods behind its ready endpoints (where their answers come from) */
  const podsByNode: Record<string, string[]> = {};
  let ready = 0;
  let notReady = 0;
  for (const id in slices) {
    const s = slices[id] as EndpointSlice;
    if (s.metadata?.namespace !== ns || s.metadata?.labels?.['kubernetes.io/service-name'] !== name) continue;
    for (const e of s.endpoints ?? []) {
      if (e.conditions?.ready === false) {
        notReady++;
        continue;
      }
      ready++;
      if (e.nodeName) byNode[e.nodeName] = (byNode[e.nodeName] ?? 0) + 1;
      if (e.targetRef?.name) {
        pods.add(`${e.targetRef.namespace ?? ns}/${e.targetRef.name}`);
        if (e.nodeName) (podsByNode[e.nodeName] ??= []).push(e.targetRef.name);
      }
    }
  }
  return { byNode, pods, podsByNode, ready, notReady };
}

/** The Services an Ingress sends to (default backend and every rule path). */
export function ingressBackends(ing: Ingress): string[] {
  const ns = ing.metadata?.namespace ?? 'default';
  const out = new Set<string>();
  const add = (name: string | undefined) => name && out.add(`${ns}/${name}`);
  add(ing.spec?.defaultBackend?.service?.name);
  for (const r of ing.spec?.rules ?? []) for (const p of r.http?.paths ?? []) add(p.backend.service?.name);
  return [...out];
}

/** `ns/name` of the claims a pod mounts. */
export function claimsOf(pod: Pod): string[] {
  const ns = pod.metadata?.namespace ?? 'default';
  return (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [`${ns}/${v.persistentVolumeClaim.claimName}`] : []));
}

/** Does the pod's selector match these labels (matchLabels only: what the canvas needs)? */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || !Object.keys(selector).length) return false;
  for (const k in selector) if (labels?.[k] !== selector[k]) return false;
  return true;
}

/**
 * Whether a pod belongs to what is selected: its Deployment (through the ReplicaSet, by name
 * prefix `<deployment>-<hash>` as the controller names them, plus the owner uid when known), its
 * ReplicaSet, or a Service that selects it.
 */
export function podRelated(sel: Selection, pod: Pod, objects: { replicasets: Table; services: Table }): boolean {
  if (!sel || sel.kind !== 'object') return false;
  const owner = controllerOf(pod);
  const ns = pod.metadata?.namespace ?? '';
  if (sel.resource === 'replicasets') return owner?.kind === 'ReplicaSet' && `${ns}/${owner.name}` === sel.id;
  if (sel.resource === 'deployments') {
    if (owner?.kind !== 'ReplicaSet') return false;
    const rs = objects.replicasets[`${ns}/${owner.name}`];
    const depOwner = controllerOf(rs);
    return depOwner?.kind === 'Deployment' && `${ns}/${depOwner.name}` === sel.id;
  }
  if (sel.resource === 'services') {
    const svc = objects.services[sel.id] as Service | undefined;
    return !!svc && svc.metadata?.namespace === ns && selects(svc.spec?.selector, pod.metadata?.labels);
  }
  if (sel.resource === 'persistentvolumeclaims') return claimsOf(pod).includes(sel.id);
  return false;
}

/** Past this many nodes or pods, machines show aggregate bars and counts instead of chips. */
export const LOD_NODES = 40;
export const LOD_PODS = 1000;

export function aggregateMode(nodes: number, pods: number): boolean {
  return nodes > LOD_NODES || pods > LOD_PODS;
}

/** Namespaces the platform owns; their Deployments and Services are hidden unless asked for. */
export const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'ingress-nginx', 'local-path-storage']);

/** Whether an object id (`ns/name`) of this resource gets a card by default. */
export function shownByDefault(resource: string, id: string): boolean {
  const ns = id.slice(0, id.indexOf('/'));
  if (SYSTEM_NAMESPACES.has(ns)) return false;
  // the API server's own Service: its endpoint is the control plane, not a pod
  return !(resource === 'services' && id === 'default/kubernetes');
}

/**
 * The compact pod the page mirrors: just what the canvas draws — kubectl's STATUS / READY /
 * RESTARTS, the node, the owner, requests for the usage bars, claims for the disks — in the
 * real object's shape (a subset of a Pod), so the same pure views work on both. A full pod is
 * ~3 KB of JSON; this is ~1 KB, and a cluster of 150,000 pods streams accordingly. The inspector
 * fetches the full object on demand (`get`, `get -o yaml`, `describe`).
 *
 * Cached per object identity: store objects are frozen and shared, so a pod that did not change
 * is never reduced twice.
 */
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1';

const cache = new WeakMap<object, Pod>();

function container(c: Container): Container {
  const out: Container = { name: c.name, image: c.image };
  const req = c.resources?.requests;
  if (req) out.resources = { requests: req };
  if (c.restartPolicy) out.restartPolicy = c.restartPolicy;
  return out;
}

function state(s: ContainerState | undefined): ContainerState | undefined {
  if (!s) return undefined;
  if (s.running) return { running: { startedAt: s.running.startedAt } };
  if (s.waiting) return { waiting: s.waiting.reason ? { reason: s.waiting.reason } : {} };
  if (s.terminated) {
    const t = s.terminated;
    return { terminated: { exitCode: t.exitCode, reason: t.reason, signal: t.signal, finishedAt: t.finishedAt } };
  }
  return {};
}

function containerStatus(cs: ContainerStatus): ContainerStatus {
  // image and imageID are left out: the spec names the image, describe shows the digest
  const out = { name: cs.name, ready: cs.ready, restartCount: cs.restartCount } as ContainerStatus;
  if (cs.started !== undefined) out.started = cs.started;
  const st = state(cs.state);
  if (st) out.state = st;
  const t = cs.lastState?.terminated;
  if (t) out.lastState = { terminated: { exitCode: t.exitCode, reason: t.reason, finishedAt: t.finishedAt } };
  return out;
}

function condition(c: PodCondition): PodCondition {
  return c.reason ? { type: c.type, status: c.status, reason: c.reason } : { type: c.type, status: c.status };
}

export function podView(pod: Pod): Pod {
  const hit = cache.get(pod);
  if (hit) return hit;
  const md = pod.metadata ?? {};
  const spec = pod.spec;
  const st = pod.status;
  const claims = spec?.volumes?.filter((v) => v.persistentVolumeClaim);
  const view: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: md.name,
      namespace: md.namespace,
      uid: md.uid,
      resourceVersion: md.resourceVersion,
      creationTimestamp: md.creationTimestamp,
      ...(md.deletionTimestamp ? { deletionTimestamp: md.deletionTimestamp, deletionGracePeriodSeconds: md.deletionGracePeriodSeconds } : {}),
      ...(md.labels ? { labels: md.labels } : {}),
      ...(md.ownerReferences ? { ownerReferences: md.ownerReferences.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, uid: o.uid, controller: o.controller })) } : {}),
    },
    spec: {
      containers: (spec?.containers ?? []).map(container),
      ...(spec?.initContainers?.length ? { initContainers: spec.initContainers.map(container) } : {}),
      ...(spec?.nodeName ? { nodeName: spec.nodeName } : {}),
      ...(spec?.overhead ? { overhead: spec.overhead } : {}),
      ...(claims?.length ? { volumes: claims.map((v) => ({ name: v.name, persistentVolumeClaim: v.persistentVolumeClaim })) } : {}),
    },
    status: st
      ? {
          phase: st.phase,
          ...(st.reason ? { reason: st.reason } : {}),
          ...(st.podIP ? { podIP: st.podIP } : {}),
          ...(st.conditions ? { conditions: st.conditions.map(condition) } : {}),
          ...(st.containerStatuses ? { containerStatuses: st.containerStatuses.map(containerStatus) } : {}),
          ...(st.initContainerStatuses ? { initContainerStatuses: st.initContainerStatuses.map(containerStatus) } : {}),
        }
      : {},
  };
  cache.set(pod, view);
  return view;
}

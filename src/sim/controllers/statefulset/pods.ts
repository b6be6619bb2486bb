/**
 * The identity of a StatefulSet's pods (`stateful_set_utils.go`): name `<set>-<ordinal>`, the
 * labels `statefulset.kubernetes.io/pod-name` and `apps.kubernetes.io/pod-index`, hostname and
 * subdomain for per-pod DNS, and one PVC per volumeClaimTemplate named
 * `<template>-<set>-<ordinal>` that outlives the pod.
 */
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { KObject, Pod, PodTemplateSpec } from '../../api/types';
import { ownerRef, REVISION_LABEL } from '../history';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export function podName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata?.name}-${ordinal}`;
}

/** The ordinal of a pod of this set, or -1 when its name does not parse as `<set>-<n>`. */
export function ordinalOf(set: StatefulSet, pod: Pod): number {
  const prefix = `${set.metadata?.name}-`;
  const name = pod.metadata?.name ?? '';
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : -1;
}

export function claimName(templateName: string, set: StatefulSet, ordinal: number): string {
  return `${templateName}-${set.metadata?.name}-${ordinal}`;
}

/** The claims the pod of `ordinal` uses (`getPersistentVolumeClaims`). */
export function claimsFor(set: StatefulSet, ordinal: number): PersistentVolumeClaim[] {
  const templates = set.spec?.volumeClaimTemplates ?? [];
  const selectorLabels = set.spec?.selector?.matchLabels ?? {};
  const policy = set.spec?.persistentVolumeClaimRetentionPolicy;
  return templates.map((t) => {
    const name = claimName(t.metadata?.name ?? '', set, ordinal);
    const claim: PersistentVolumeClaim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name,
        namespace: set.metadata?.namespace,
        labels: { ...(t.metadata?.labels ?? {}), ...selectorLabels },
        annotations: t.metadata?.annotations,
      },
      spec: t.spec,
    };
    // whenDeleted: Delete makes the set own its claims, so the garbage collector removes them
    if (policy?.whenDeleted === 'Delete') claim.metadata = { ...claim.metadata, ownerReferences: [{ ...ownerRef(set as KObject), blockOwnerDeletion: true, controller: true }] };
    return claim;
  });
}

/** `newVersionedStatefulSetPod`: the pod of `ordinal` built from `template` of revision `revision`. */
export function newPod(set: StatefulSet, template: PodTemplateSpec | undefined, ordinal: number, revision: string): Pod {
  const name = podName(set, ordinal);
  const t = template ?? {};
  const claims = new Map((set.spec?.volumeClaimTemplates ?? []).map((c) => [c.metadata?.name ?? '', claimName(c.metadata?.name ?? '', set, ordinal)]));
  const volumes = (t.spec?.volumes ?? []).filter((v) => !claims.has(v.name));
  for (const [vol, claim] of claims) volumes.push({ name: vol, persistentVolumeClaim: { claimName: claim } });
  const spec = { ...(t.spec ?? { containers: [] }), hostname: name, subdomain: set.spec?.serviceName || undefined, volumes: volumes.length ? volumes : undefined };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: set.metadata?.namespace,
      labels: { ...(t.metadata?.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_LABEL]: revision },
      annotations: t.metadata?.annotations,
      ownerReferences: [ownerRef(set as KObject)],
    },
    spec,
  };
}

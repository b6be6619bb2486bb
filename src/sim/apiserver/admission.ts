/**
 * Mutating admission plugins that run on every pod create, as the default kube-apiserver
 * configuration enables them: ServiceAccount (service account name and the token volume),
 * Priority (the built-in system classes' values, else 0), DefaultTolerationSeconds
 * (not-ready/unreachable for 300 s).
 */
import type { KObject, PodSpec, Toleration } from '../api/types';
import type { ApiServer } from './apiserver';
import { strategyFor } from './strategies';

/** The two tolerations DefaultTolerationSeconds adds: frozen and shared by every pod. */
export const DEFAULT_TOLERATIONS: readonly Toleration[] = Object.freeze([
  Object.freeze({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }),
  Object.freeze({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }),
]) as readonly Toleration[];

/** The PriorityClasses every cluster has (`scheduling.k8s.io/v1`, created by the API server). */
const SYSTEM_PRIORITIES: Readonly<Record<string, number>> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

export function admit(resource: string, obj: KObject, api: ApiServer, op: 'create' | 'update', _old?: KObject): KObject {
  const storage = strategyFor(resource).admit;
  if (storage) return storage(obj, api, op, _old);
  if (resource !== 'pods' || op !== 'create') return obj;
  let spec = obj.spec as PodSpec;
  if (!spec) return obj;
  const patch: Partial<PodSpec> = {};
  // ServiceAccount admission leaves mirror pods alone (the kubelet would reject a changed spec)
  const mirror = !!obj.metadata?.annotations?.['kubernetes.io/config.mirror'];
  if (!spec.serviceAccountName && !mirror) patch.serviceAccountName = 'default';
  if (spec.priority === undefined) patch.priority = SYSTEM_PRIORITIES[spec.priorityClassName ?? ''] ?? 0;
  const tolerations = spec.tolerations ?? [];
  const hasNotReady = tolerations.some((t) => tolerates(t, 'node.kubernetes.io/not-ready'));
  const hasUnreachable = tolerations.some((t) => tolerates(t, 'node.kubernetes.io/unreachable'));
  if (!hasNotReady || !hasUnreachable) {
    if (!tolerations.length) patch.tolerations = DEFAULT_TOLERATIONS as Toleration[];
    else {
      patch.tolerations = [...tolerations];
      if (!hasNotReady) patch.tolerations.push(DEFAULT_TOLERATIONS[0]);
      if (!hasUnreachable) patch.tolerations.push(DEFAULT_TOLERATIONS[1]);
    }
  }
  if (!mirror && spec.automountServiceAccountToken !== false && !(spec.volumes ?? []).some((v) => v.name.startsWith('kube-api-access-'))) {
    const volName = `kube-api-access-${api.random.nameSuffix(5)}`;
    patch.volumes = [...(spec.volumes ?? []), serviceAccountVolume(volName)];
    const mount = { name: volName, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
    patch.containers = spec.containers?.map((c) => ({ ...c, volumeMounts: [...(c.volumeMounts ?? []), mount] }));
  }
  spec = { ...spec, ...patch };
  return { ...obj, spec };
}

function tolerates(t: Toleration, key: string): boolean {
  return (t.operator === 'Exists' && !t.key) || (t.key === key && (!t.effect || t.effect === 'NoExecute'));
}

const PROJECTED_SOURCES = Object.freeze([
  Object.freeze({ serviceAccountToken: Object.freeze({ expirationSeconds: 3607, path: 'token' }) }),
  Object.freeze({ configMap: Object.freeze({ name: 'kube-root-ca.crt', items: Object.freeze([Object.freeze({ key: 'ca.crt', path: 'ca.crt' })]) }) }),
  Object.freeze({
    downwardAPI: Object.freeze({
      items: Object.freeze([Object.freeze({ path: 'namespace', fieldRef: Object.freeze({ apiVersion: 'v1', fieldPath: 'metadata.namespace' }) })]),
    }),
  }),
]);

const PROJECTED = Object.freeze({ defaultMode: 420, sources: PROJECTED_SOURCES as never });

function serviceAccountVolume(name: string) {
  return { name, projected: PROJECTED };
}

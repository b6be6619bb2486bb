/**
 * Pod, Node and Namespace defaulting (`pkg/apis/core/v1/defaults.go`).
 */
import type { KObject, PodSpec } from '../types';
import { defaultPodSpec } from './podspec';

type Obj = Record<string, unknown>;

export function defaultPod(obj: KObject): KObject {
  const spec = (obj.spec && typeof obj.spec === 'object' ? obj.spec : {}) as PodSpec;
  const next = defaultPodSpec(spec, true);
  return next === obj.spec ? obj : { ...obj, spec: next };
}

/** SetDefaults_NodeStatus: allocatable is the capacity when the kubelet reports none. */
export function defaultNode(obj: KObject): KObject {
  const status = obj.status as Obj | undefined;
  if (!status || status.allocatable || !status.capacity) return obj;
  return { ...obj, status: { ...status, allocatable: status.capacity } };
}

/**
 * SetDefaults_Namespace: the `kubernetes.io/metadata.name` label always equals the name (it is
 * put back if a user removes or changes it); SetDefaults_NamespaceStatus: phase Active.
 */
export function defaultNamespace(obj: KObject): KObject {
  let out = obj;
  const name = obj.metadata?.name;
  if (name && obj.metadata?.labels?.['kubernetes.io/metadata.name'] !== name) {
    out = { ...out, metadata: { ...obj.metadata, labels: { ...(obj.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': name } } };
  }
  const status = out.status as Obj | undefined;
  if (!status?.phase) out = { ...out, status: { ...(status ?? {}), phase: 'Active' } };
  return out;
}

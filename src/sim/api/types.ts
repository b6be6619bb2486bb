/**
 * The Kubernetes API types the simulation speaks, from `kubernetes-types` (no runtime cost).
 * Objects are plain JSON; the store treats them as immutable.
 */
export type { ObjectMeta, OwnerReference, LabelSelector, Status, Time } from 'kubernetes-types/meta/v1';
export type {
  Pod,
  PodSpec,
  PodStatus,
  PodCondition,
  PodTemplateSpec,
  Container,
  ContainerStatus,
  ContainerState,
  Node,
  NodeCondition,
  NodeSpec,
  NodeStatus,
  Taint,
  Toleration,
  Namespace,
  Event,
  Probe,
  Binding,
  ObjectReference,
} from 'kubernetes-types/core/v1';
export type { Deployment, DeploymentSpec, DeploymentStatus, DeploymentCondition, ReplicaSet, ReplicaSetSpec, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
export type { Lease } from 'kubernetes-types/coordination/v1';
export type { Eviction } from 'kubernetes-types/policy/v1';
export type { Scale } from 'kubernetes-types/autoscaling/v1';

import type { ObjectMeta } from 'kubernetes-types/meta/v1';

/**
 * Any object the API server stores: the shape every kind shares. The index signature is `any` so
 * that the typed kinds (interfaces without index signatures) are assignable to it; code that reads
 * a field of a KObject narrows it to the kind's type first.
 */
export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

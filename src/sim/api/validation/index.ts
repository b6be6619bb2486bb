/**
 * Per-kind validation, keyed by resource. Each validator returns every field error it finds
 * (the API server reports them all at once, in the order the real validators append them).
 * ObjectMeta is validated by the API server itself (meta.ts) before these run.
 */
import type { FieldError } from '../fielderrors';
import type { KObject } from '../types';
import { clusterValidators } from './cluster';
import { controllerValidators } from './controllers';
import { ingressValidators } from './ingress';
import { podValidator } from './pod';
import { serviceValidators } from './service';
import { storageValidators } from './storage';
import { deploymentValidator, replicaSetValidator } from './workloads';

export interface KindValidator {
  validate(obj: KObject): FieldError[];
  /** update rules (immutable fields) plus `validate`; defaults to `validate` */
  validateUpdate?(obj: KObject, old: KObject): FieldError[];
}

export const validators: Record<string, KindValidator> = {
  pods: podValidator,
  deployments: deploymentValidator,
  replicasets: replicaSetValidator,
  ...clusterValidators,
  ...controllerValidators,
  ...serviceValidators,
  ...ingressValidators,
  ...storageValidators,
};

/**
 * Per-kind defaulting (`pkg/apis/<group>/v1/defaults.go`), keyed by resource. Copy-on-write: a
 * defaulter returns its input unchanged when every default is already set, so objects made
 * from a template keep sharing the template's parts.
 */
import { badRequest } from '../errors';
import type { KObject } from '../types';
import { defaultNamespace, defaultNode, defaultPod } from './core';
import { defaultService } from './network';
import { QuantityDecodeError } from './podspec';
import { defaultClaim, defaultSecret, defaultStorageClass, defaultVolume } from './storage';
import { defaultDeployment, defaultReplicaSet } from './workloads';
import { defaultDaemonSet, defaultStatefulSet } from './apps';
import { defaultHPA } from './autoscaling';
import { defaultCronJob, defaultJob } from './batch';

export type Defaulter = (obj: KObject) => KObject;

/**
 * Decoding happens before defaulting in the real server; a malformed quantity fails there with a
 * 400, which we raise from here (the first place that reads quantities).
 */
function decoding(fn: Defaulter): Defaulter {
  return (obj) => {
    try {
      return fn(obj);
    } catch (e) {
      if (!(e instanceof QuantityDecodeError)) throw e;
      const kind = obj.kind ?? '';
      const version = (obj.apiVersion ?? 'v1').split('/').pop();
      throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${e.message}`);
    }
  };
}

export const defaulters: Record<string, Defaulter> = {
  pods: decoding(defaultPod),
  deployments: decoding(defaultDeployment),
  replicasets: decoding(defaultReplicaSet),
  statefulsets: decoding(defaultStatefulSet),
  daemonsets: decoding(defaultDaemonSet),
  jobs: decoding(defaultJob),
  cronjobs: decoding(defaultCronJob),
  horizontalpodautoscalers: defaultHPA,
  nodes: defaultNode,
  namespaces: defaultNamespace,
  services: defaultService,
  persistentvolumeclaims: decoding(defaultClaim),
  persistentvolumes: decoding(defaultVolume),
  storageclasses: defaultStorageClass,
  secrets: defaultSecret,
};

/**
 * Per-kind defaulting (`pkg/apis/<group>/v1/defaults.go`), keyed by resource. Copy-on-write: a
 * defaulter returns its input unchanged when every default is already set, so objects made
 * from a template keep sharing the template's parts.
 */
import { badRequest } from '../errors';
import type { KObject } from '../types';
import { defaultNamespace, defaultNode, defaultPod } from './core';
import { QuantityDecodeError } from './podspec';
import { defaultDeployment, defaultReplicaSet } from './workloads';

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
  nodes: defaultNode,
  namespaces: defaultNamespace,
};

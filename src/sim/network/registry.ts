/**
 * How the network parts of one cluster find each other: the traffic simulator asks kube-proxy
 * for a node's rules and the ingress controller for its loaded configuration. Keyed by the
 * cluster's context, so two clusters in one process never meet. Holds references only, no state.
 */
import type { ClusterContext } from '../context';
import type { IngressController } from './ingresscontroller';
import type { KubeProxies } from './kubeproxy';

export interface NetworkParts {
  proxies?: KubeProxies;
  ingress?: IngressController;
}

const parts = new WeakMap<ClusterContext, NetworkParts>();

export function networkOf(ctx: ClusterContext): NetworkParts {
  let p = parts.get(ctx);
  if (!p) parts.set(ctx, (p = {}));
  return p;
}

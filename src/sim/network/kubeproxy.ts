// Placeholder until the real component lands; it does nothing.
import type { Component } from '../component';
import type { ClusterContext } from '../context';

export class KubeProxies implements Component {
  readonly name = 'kube-proxy';
  readonly process = 'kubelet';
  constructor(readonly ctx: ClusterContext) {}
  process_(): boolean {
    return false;
  }
}

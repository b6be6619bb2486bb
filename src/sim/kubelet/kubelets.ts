// Placeholder until the real component lands; it does nothing.
import type { Component } from '../component';
import type { ClusterContext } from '../context';

export class Kubelets implements Component {
  readonly name = 'kubelet';
  readonly process = 'kubelet';
  constructor(readonly ctx: ClusterContext) {}
  process_(): boolean {
    return false;
  }
}

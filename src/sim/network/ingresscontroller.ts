// Placeholder until the real component lands; it does nothing.
import type { Component } from '../component';
import type { ClusterContext } from '../context';

export class IngressController implements Component {
  readonly name = 'ingress-nginx';
  readonly process = 'always';
  constructor(readonly ctx: ClusterContext) {}
  process_(): boolean {
    return false;
  }
}

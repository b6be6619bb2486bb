// Placeholder until the real component lands; it does nothing.
import type { Component } from '../component';
import type { ClusterContext } from '../context';

export class Scheduler implements Component {
  readonly name = 'scheduler';
  readonly process = 'kube-scheduler';
  constructor(readonly ctx: ClusterContext) {}
  process_(): boolean {
    return false;
  }
}

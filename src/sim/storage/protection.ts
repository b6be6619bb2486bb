// Placeholder until the real component lands; it does nothing.
import type { Component } from '../component';
import type { ClusterContext } from '../context';

export class VolumeProtectionController implements Component {
  readonly name = 'volume-protection';
  readonly process = 'kube-controller-manager';
  constructor(readonly ctx: ClusterContext) {}
  process_(): boolean {
    return false;
  }
}

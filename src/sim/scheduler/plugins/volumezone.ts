/**
 * VolumeZone (`plugins/volumezone`): a bound volume labelled with a zone or region
 * (`topology.kubernetes.io/zone`, the deprecated `failure-domain.beta.kubernetes.io/*`) can only
 * be used from nodes with the same label value (`a__b` lists several) — `node(s) had no
 * available volume zone`. Volumes that express their topology as node affinity are
 * VolumeBinding's business.
 */
import type { Store } from '../../store/store';
import { podClaims, type PV, type PVC } from '../../storage/util';
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { status, type CycleState, type FilterPlugin, type Status } from '../types';

export const REASON_ZONE_CONFLICT = 'node(s) had no available volume zone';
const ZONE_CONFLICT = status('UnschedulableAndUnresolvable', REASON_ZONE_CONFLICT);
const TOPOLOGY_LABELS = ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region'];

export class VolumeZone implements FilterPlugin {
  readonly name = 'VolumeZone';

  constructor(private readonly store: Store) {}

  preFilter(pod: PodInfo, state: CycleState): 'skip' | void {
    const claims = podClaims(pod.pod);
    if (!claims.length) return 'skip';
    const wants: [string, string[]][] = [];
    for (const c of claims) {
      const vn = this.store.get<PVC>('persistentvolumeclaims', pod.namespace, c)?.spec?.volumeName;
      const labels = vn ? this.store.get<PV>('persistentvolumes', '', vn)?.metadata?.labels : undefined;
      if (!labels) continue;
      for (const k of TOPOLOGY_LABELS) if (labels[k]) wants.push([k, labels[k].split('__')]);
    }
    if (!wants.length) return 'skip';
    state.volumeZones = wants;
  }

  filter(_pod: PodInfo, node: NodeInfo, state: CycleState): Status | null {
    for (const [k, values] of state.volumeZones as [string, string[]][]) {
      const v = node.labels[k];
      if (v === undefined || !values.includes(v)) return ZONE_CONFLICT;
    }
    return null;
  }
}

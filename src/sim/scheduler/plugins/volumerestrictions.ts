/**
 * VolumeRestrictions (`plugins/volumerestrictions`): a ReadWriteOncePod claim already used by a
 * scheduled pod makes the new pod unschedulable everywhere (`node has pod using
 * PersistentVolumeClaim with the same name and ReadWriteOncePod access mode`). Unschedulable,
 * not unresolvable: preempting the holder would help. (The inline GCE/EBS/RBD/iSCSI disk
 * conflicts of the real plugin have no volumes here to apply to.)
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { Store } from '../../store/store';
import { podActive, podClaims, type PVC } from '../../storage/util';
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { status, type CycleState, type FilterPlugin, type Status } from '../types';

export const REASON_RWOP_CONFLICT = 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';
const RWOP_CONFLICT = status('Unschedulable', REASON_RWOP_CONFLICT);

export class VolumeRestrictions implements FilterPlugin {
  readonly name = 'VolumeRestrictions';

  constructor(private readonly store: Store) {}

  preFilter(pod: PodInfo, state: CycleState): 'skip' | void {
    const claims = podClaims(pod.pod);
    if (!claims.length) return 'skip';
    const rwop = claims.filter((c) => this.store.get<PVC>('persistentvolumeclaims', pod.namespace, c)?.spec?.accessModes?.includes('ReadWriteOncePod'));
    if (!rwop.length) return 'skip';
    for (const p of this.store.iterate<Pod>('pods', pod.namespace)) {
      if (p.metadata?.uid === pod.uid || !p.spec?.nodeName || !podActive(p)) continue;
      if (podClaims(p).some((c) => rwop.includes(c))) {
        state.rwopConflict = true;
        return;
      }
    }
    return 'skip';
  }

  filter(_pod: PodInfo, _node: NodeInfo, state: CycleState): Status | null {
    return state.rwopConflict ? RWOP_CONFLICT : null;
  }
}

/**
 * NodeVolumeLimits (`plugins/nodevolumelimits`, CSI): a node can hold only so many attached
 * disks of one driver. The network-disk driver reports 39 per node (the real value comes from
 * CSINode `allocatable.count`; 39 is EBS's classic limit). Counts the distinct attachable volumes
 * of the pods on the node plus the pod's new ones: `node(s) exceed max volume count`.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { Store } from '../../store/store';
import { classOf, isAttachable, NETWORK_DISK, podClaims, type PV, type PVC } from '../../storage/util';
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { status, type CycleState, type FilterPlugin, type Status } from '../types';

export const NETWORK_DISK_LIMIT = 39;
export const REASON_MAX_VOLUMES = 'node(s) exceed max volume count';
const MAX_VOLUMES = status('Unschedulable', REASON_MAX_VOLUMES);

export class NodeVolumeLimits implements FilterPlugin {
  readonly name = 'NodeVolumeLimits';

  constructor(private readonly store: Store) {}

  /** Attachable volumes a pod uses: bound ones by PV name, unbound network-disk claims by claim. */
  private volumesOf(pod: Pod): string[] {
    const out: string[] = [];
    const ns = pod.metadata?.namespace ?? 'default';
    for (const c of podClaims(pod)) {
      const pvc = this.store.get<PVC>('persistentvolumeclaims', ns, c);
      if (!pvc) continue;
      const vn = pvc.spec?.volumeName;
      const pv = vn ? this.store.get<PV>('persistentvolumes', '', vn) : undefined;
      if (pv ? isAttachable(pv) : classOf(this.store, pvc)?.provisioner === NETWORK_DISK) out.push(pv ? `pv/${vn}` : `claim/${ns}/${c}`);
    }
    return out;
  }

  preFilter(pod: PodInfo, state: CycleState): 'skip' | void {
    if (!podClaims(pod.pod).length) return 'skip';
    const mine = this.volumesOf(pod.pod);
    if (!mine.length) return 'skip';
    state.attachable = mine;
  }

  filter(_pod: PodInfo, node: NodeInfo, state: CycleState): Status | null {
    const mine = state.attachable as string[];
    const used = new Set<string>();
    for (const p of this.store.podsOn<Pod>(node.name)) if (podClaims(p).length) for (const v of this.volumesOf(p)) used.add(v);
    let n = used.size;
    for (const v of mine) if (!used.has(v)) n++;
    return n > NETWORK_DISK_LIMIT ? MAX_VOLUMES : null;
  }
}

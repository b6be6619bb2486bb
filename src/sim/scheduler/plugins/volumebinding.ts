/**
 * VolumeBinding (`plugins/volumebinding`): a pod's PersistentVolumeClaims decide where it may
 * run.
 * - PreFilter: a missing claim → `persistentvolumeclaim "data" not found`; an unbound claim of an
 *   Immediate class (or none) → `pod has unbound immediate PersistentVolumeClaims` (the PV
 *   controller binds those, not the scheduler).
 * - Filter: bound volumes must allow the node (`node(s) had volume node affinity conflict`);
 *   WaitForFirstConsumer claims need an Available volume reachable from the node or a class that
 *   can provision there (`node(s) didn't find available persistent volumes to bind`).
 * - PreBind: binds the chosen static volume (claimRef), or annotates the claim with
 *   `volume.kubernetes.io/selected-node` so the provisioner creates one there; the pod is bound
 *   only once all its claims are Bound (the scheduler retries it as claim/volume events arrive,
 *   as the real PreBind polls).
 */
import type { ApiClient } from '../../apiserver/client';
import type { Store } from '../../store/store';
import {
  ANN_BOUND_BY_CONTROLLER,
  ANN_SELECTED_NODE,
  classOf,
  findMatchingVolume,
  isDelayBinding,
  NO_PROVISIONER,
  podClaims,
  volumeNodeAffinityMatches,
  type PV,
  type PVC,
} from '../../storage/util';
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { status, type CycleState, type FilterPlugin, type Status } from '../types';

export const REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
const NODE_CONFLICT = status('UnschedulableAndUnresolvable', REASON_NODE_CONFLICT);
const BIND_CONFLICT = status('UnschedulableAndUnresolvable', REASON_BIND_CONFLICT);
const MISSING_PV = status('UnschedulableAndUnresolvable', 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)');
const UNBOUND_IMMEDIATE = status('UnschedulableAndUnresolvable', REASON_UNBOUND_IMMEDIATE);

interface BindingState {
  bound: PV[];
  missingPV: boolean;
  delayed: PVC[];
}

export class VolumeBinding implements FilterPlugin {
  readonly name = 'VolumeBinding';

  constructor(
    private readonly store: Store,
    private readonly client: ApiClient,
  ) {}

  preFilter(pod: PodInfo, state: CycleState): 'skip' | Status | void {
    const claims = podClaims(pod.pod);
    if (!claims.length) return 'skip';
    const s: BindingState = { bound: [], missingPV: false, delayed: [] };
    for (const name of claims) {
      const pvc = this.store.get<PVC>('persistentvolumeclaims', pod.namespace, name);
      if (!pvc) return status('UnschedulableAndUnresolvable', `persistentvolumeclaim "${name}" not found`);
      if (pvc.metadata?.deletionTimestamp) return status('UnschedulableAndUnresolvable', `persistentvolumeclaim "${name}" is being deleted`);
      const vn = pvc.spec?.volumeName;
      if (vn) {
        const pv = this.store.get<PV>('persistentvolumes', '', vn);
        if (pv) s.bound.push(pv);
        else s.missingPV = true;
      } else if (isDelayBinding(this.store, pvc)) s.delayed.push(pvc);
      else return UNBOUND_IMMEDIATE;
    }
    state.volumeBinding = s;
  }

  filter(_pod: PodInfo, node: NodeInfo, state: CycleState): Status | null {
    const s = state.volumeBinding as BindingState;
    const n = node.node;
    if (!n) return BIND_CONFLICT;
    if (s.missingPV) return MISSING_PV;
    for (const pv of s.bound) if (!volumeNodeAffinityMatches(pv, n)) return NODE_CONFLICT;
    if (!s.delayed.length) return null;
    const chosen = new Set<string>();
    for (const pvc of s.delayed) {
      const selected = pvc.metadata?.annotations?.[ANN_SELECTED_NODE];
      if (selected) {
        // provisioning for this claim is under way on the node chosen earlier
        if (selected !== node.name) return BIND_CONFLICT;
        continue;
      }
      const pv = findMatchingVolume(pvc, this.store.iterate<PV>('persistentvolumes'), n, chosen, true);
      if (pv) {
        chosen.add(pv.metadata?.name ?? '');
        continue;
      }
      if (!this.canProvision(pvc, n.metadata?.labels ?? {})) return BIND_CONFLICT;
    }
    return null;
  }

  /** `checkVolumeProvisions`: a class with a provisioner, whose allowed topologies include the node. */
  private canProvision(pvc: PVC, labels: Record<string, string>): boolean {
    const sc = classOf(this.store, pvc);
    if (!sc || sc.provisioner === NO_PROVISIONER) return false;
    const terms = sc.allowedTopologies;
    if (!terms?.length) return true;
    return terms.some((t) => (t.matchLabelExpressions ?? []).every((e) => e.values.includes(labels[e.key] ?? '\u0000')));
  }

  /**
   * PreBind on `node`: start binding what is not bound yet. Returns true while the pod must wait
   * for its claims to become Bound.
   */
  preBind(pod: PodInfo, node: NodeInfo): boolean {
    const claims = podClaims(pod.pod);
    if (!claims.length) return false;
    let wait = false;
    const chosen = new Set<string>();
    for (const name of claims) {
      const pvc = this.store.get<PVC>('persistentvolumeclaims', pod.namespace, name);
      if (!pvc) continue;
      if (pvc.spec?.volumeName) {
        if (pvc.status?.phase !== 'Bound') wait = true;
        continue;
      }
      wait = true;
      if (!isDelayBinding(this.store, pvc) || !node.node) continue;
      const ann = pvc.metadata?.annotations ?? {};
      if (ann[ANN_SELECTED_NODE]) continue; // provisioning asked for already
      const pv = findMatchingVolume(pvc, this.store.iterate<PV>('persistentvolumes'), node.node, chosen, true);
      try {
        if (pv) {
          chosen.add(pv.metadata?.name ?? '');
          if (pv.spec?.claimRef) continue;
          const claimRef = { kind: 'PersistentVolumeClaim', namespace: pod.namespace, name, uid: pvc.metadata?.uid, apiVersion: 'v1', resourceVersion: pvc.metadata?.resourceVersion };
          this.client.update('persistentvolumes', undefined, { ...pv, metadata: { ...pv.metadata, annotations: { ...pv.metadata?.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' } }, spec: { ...pv.spec, claimRef } });
        } else {
          this.client.update('persistentvolumeclaims', pod.namespace, { ...pvc, metadata: { ...pvc.metadata, annotations: { ...ann, [ANN_SELECTED_NODE]: node.name } } });
        }
      } catch {
        // a conflict: the next attempt looks again
      }
    }
    return wait;
  }
}

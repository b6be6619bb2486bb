/**
 * `rollout status` for StatefulSets and DaemonSets (rollout_status.go's StatefulSetStatusViewer
 * and DaemonSetStatusViewer): the message for one observed state and whether it is final.
 */
import type { DaemonSet, StatefulSet } from 'kubernetes-types/apps/v1';

export interface RolloutStatus {
  message: string;
  done: boolean;
  error?: string;
}

export function statefulSetStatus(sts: StatefulSet): RolloutStatus {
  const spec = sts.spec;
  const st = sts.status ?? { replicas: 0 };
  if (spec?.updateStrategy?.type !== 'RollingUpdate') return { message: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  if (!st.observedGeneration || (sts.metadata?.generation ?? 0) > st.observedGeneration) return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = spec.replicas;
  const ready = st.readyReplicas ?? 0;
  if (replicas !== undefined && replicas !== null && ready < replicas) return { message: `Waiting for ${replicas - ready} pods to be ready...\n`, done: false };
  const ru = spec.updateStrategy.rollingUpdate;
  const updated = st.updatedReplicas ?? 0;
  if (ru) {
    if (replicas !== undefined && replicas !== null && ru.partition !== undefined && ru.partition !== null && updated < replicas - ru.partition) {
      return { message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - ru.partition} new pods have been updated...\n`, done: false };
    }
    return { message: `partitioned roll out complete: ${updated} new pods have been updated...\n`, done: true };
  }
  if (st.updateRevision !== st.currentRevision) return { message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${st.updateRevision}...\n`, done: false };
  return { message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`, done: true };
}

export function daemonSetStatus(ds: DaemonSet): RolloutStatus {
  const name = ds.metadata?.name;
  const st = ds.status;
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') return { message: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  if ((ds.metadata?.generation ?? 0) <= (st?.observedGeneration ?? 0)) {
    const desired = st?.desiredNumberScheduled ?? 0;
    const updated = st?.updatedNumberScheduled ?? 0;
    const available = st?.numberAvailable ?? 0;
    if (updated < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`, done: false };
    if (available < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...\n`, done: false };
    return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
}

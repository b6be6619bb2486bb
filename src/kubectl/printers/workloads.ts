/**
 * Deployment and ReplicaSet rows (`printDeployment`, `printReplicaSet`), and the helpers the
 * wide columns share: container names, images, and the selector as `LabelSelector.String()`.
 */
import type { Container, Deployment, LabelSelector, ReplicaSet } from '../../sim/api/types';
import { since } from './duration';
import { AGE_DESCRIPTION } from './pods';
import { col, NAME_COLUMN, type ColumnDefinition, type PrintOptions, type TableRow } from './table';

const WIDE = [
  col('Containers', 'string', 1, 'Names of each container in the template.'),
  col('Images', 'string', 1, 'Images referenced by each container in the template.'),
  col('Selector', 'string', 1, 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
];

export const DEPLOYMENT_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Ready', 'string', 0, 'Number of the pod with ready state'),
  col('Up-to-date', 'integer', 0, 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
  col('Available', 'integer', 0, 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
  col('Age', 'string', 0, AGE_DESCRIPTION),
  ...WIDE,
];

export const REPLICASET_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Desired', 'integer', 0, 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller'),
  col('Current', 'integer', 0, 'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller'),
  col('Ready', 'integer', 0, 'readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.'),
  col('Age', 'string', 0, AGE_DESCRIPTION),
  ...WIDE,
];

/** `metav1.LabelSelectorAsSelector(s).String()`: requirements sorted by key. */
export function selectorString(s: LabelSelector | undefined): string {
  if (!s) return '<none>';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of s.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    const text = e.operator === 'In' ? `${e.key} in (${vals})` : e.operator === 'NotIn' ? `${e.key} notin (${vals})` : e.operator === 'Exists' ? e.key : `!${e.key}`;
    reqs.push({ key: e.key, text });
  }
  if (!reqs.length) return '';
  return reqs
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(',');
}

export function containerCells(cs: readonly Container[] | undefined): [string, string] {
  return [(cs ?? []).map((c) => c.name).join(','), (cs ?? []).map((c) => c.image ?? '').join(',')];
}

export function deploymentRow(d: Deployment, o: PrintOptions): TableRow {
  const st = d.status ?? {};
  const cells: (string | number)[] = [d.metadata?.name ?? '', `${st.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, st.updatedReplicas ?? 0, st.availableReplicas ?? 0, since(d.metadata?.creationTimestamp, o.nowMs)];
  if (o.wide) cells.push(...containerCells(d.spec?.template?.spec?.containers), selectorString(d.spec?.selector));
  return { cells, object: d };
}

export function replicaSetRow(rs: ReplicaSet, o: PrintOptions): TableRow {
  const st = rs.status ?? { replicas: 0 };
  const cells: (string | number)[] = [rs.metadata?.name ?? '', rs.spec?.replicas ?? 0, st.replicas ?? 0, st.readyReplicas ?? 0, since(rs.metadata?.creationTimestamp, o.nowMs)];
  if (o.wide) cells.push(...containerCells(rs.spec?.template?.spec?.containers), selectorString(rs.spec?.selector));
  return { cells, object: rs };
}

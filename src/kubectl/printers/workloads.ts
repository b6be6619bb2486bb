/**
 * Deployment, ReplicaSet, StatefulSet, DaemonSet and ControllerRevision rows (printers.go), and
 * the helpers the wide columns share: container names, images, and the selector as `LabelSelector.String()`.
 */
import type { ControllerRevision, DaemonSet, StatefulSet } from 'kubernetes-types/apps/v1';
import { controllerOf } from '../../sim/api/podutil';
import type { Container, Deployment, LabelSelector, ReplicaSet } from '../../sim/api/types';
import { since } from './duration';
import { AGE_DESCRIPTION } from './pods';
import { col, formatLabels, NAME_COLUMN, type ColumnDefinition, type PrintOptions, type TableRow } from './table';

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
  if (o.wide) cells.push(...containerCells(d.spec?.template?.spec?.containers), formatLabelSelector(d.spec?.selector));
  return { cells, object: d };
}

export function replicaSetRow(rs: ReplicaSet, o: PrintOptions): TableRow {
  const st = rs.status ?? { replicas: 0 };
  const cells: (string | number)[] = [rs.metadata?.name ?? '', rs.spec?.replicas ?? 0, st.replicas ?? 0, st.readyReplicas ?? 0, since(rs.metadata?.creationTimestamp, o.nowMs)];
  if (o.wide) cells.push(...containerCells(rs.spec?.template?.spec?.containers), formatLabelSelector(rs.spec?.selector));
  return { cells, object: rs };
}

/** `metav1.FormatLabelSelector`: the selector string, `<none>` when it selects everything. */
export function formatLabelSelector(s: LabelSelector | undefined): string {
  return selectorString(s) || '<none>';
}

export const STATEFULSET_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Ready', 'string', 0, 'Number of the pod with ready state'),
  col('Age', 'string', 0, AGE_DESCRIPTION),
  WIDE[0],
  WIDE[1],
];

export const DAEMONSET_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Desired', 'integer', 0, 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
  col('Current', 'integer', 0, 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
  col('Ready', 'integer', 0, 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
  col('Up-to-date', 'integer', 0, 'The total number of nodes that are running updated daemon pod'),
  col('Available', 'integer', 0, 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
  col('Node Selector', 'string', 0, "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
  col('Age', 'string', 0, AGE_DESCRIPTION),
  WIDE[0],
  WIDE[1],
  col('Selector', 'string', 1, 'A label query over pods that are managed by the daemon set. Must match in order to be controlled.'),
];

export const CONTROLLERREVISION_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Controller', 'string', 0, 'Controller of the object'),
  col('Revision', 'string', 0, 'Revision indicates the revision of the state represented by Data.'),
  col('Age', 'string', 0, AGE_DESCRIPTION),
];

export function statefulSetRow(s: StatefulSet, o: PrintOptions): TableRow {
  const cells: (string | number)[] = [s.metadata?.name ?? '', `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, since(s.metadata?.creationTimestamp, o.nowMs)];
  if (o.wide) cells.push(...containerCells(s.spec?.template?.spec?.containers));
  return { cells, object: s };
}

export function daemonSetRow(d: DaemonSet, o: PrintOptions): TableRow {
  const st = d.status;
  const cells: (string | number)[] = [
    d.metadata?.name ?? '',
    st?.desiredNumberScheduled ?? 0,
    st?.currentNumberScheduled ?? 0,
    st?.numberReady ?? 0,
    st?.updatedNumberScheduled ?? 0,
    st?.numberAvailable ?? 0,
    formatLabels(d.spec?.template?.spec?.nodeSelector),
    since(d.metadata?.creationTimestamp, o.nowMs),
  ];
  if (o.wide) cells.push(...containerCells(d.spec?.template?.spec?.containers), formatLabelSelector(d.spec?.selector));
  return { cells, object: d };
}

/** CONTROLLER as `formatResourceName`: `daemonset.apps/fluentd`. */
export function controllerRevisionRow(cr: ControllerRevision, o: PrintOptions): TableRow {
  const ref = controllerOf(cr);
  let controller = '<none>';
  if (ref) {
    const slash = ref.apiVersion.indexOf('/');
    const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
    controller = `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
  }
  return { cells: [cr.metadata?.name ?? '', controller, cr.revision ?? 0, since(cr.metadata?.creationTimestamp, o.nowMs)], object: cr };
}

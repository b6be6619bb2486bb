/**
 * `printTable(resource, objects, options)`: the server-side Table for a list of objects, as the
 * API server's printers build it — the same rows for the terminal and for the HTTP API's
 * `application/json;as=Table` responses.
 */
import type { KObject } from '../../sim/api/types';
import { EVENT_COLUMNS, eventRow } from './events';
import { DEFAULT_COLUMNS, defaultRow, LEASE_COLUMNS, leaseRow, NAMESPACE_COLUMNS, namespaceRow } from './misc';
import { NODE_COLUMNS, nodeRow } from './nodes';
import { POD_COLUMNS, podRow } from './pods';
import type { ColumnDefinition, PrintOptions, Table, TableRow } from './table';
import { CONTROLLERREVISION_COLUMNS, controllerRevisionRow, DAEMONSET_COLUMNS, daemonSetRow, DEPLOYMENT_COLUMNS, deploymentRow, REPLICASET_COLUMNS, replicaSetRow, STATEFULSET_COLUMNS, statefulSetRow } from './workloads';
import { ENDPOINTS_COLUMNS, endpointsRow, ENDPOINTSLICE_COLUMNS, endpointSliceRow, INGRESS_COLUMNS, ingressRow, INGRESSCLASS_COLUMNS, ingressClassRow, SERVICE_COLUMNS, serviceRow } from './network';
import { CONFIGMAP_COLUMNS, configMapRow, PV_COLUMNS, pvRow, PVC_COLUMNS, pvcRow, SECRET_COLUMNS, secretRow, STORAGECLASS_COLUMNS, storageClassRow } from './storage';
import { CRONJOB_COLUMNS, cronJobRow, JOB_COLUMNS, jobRow } from './batch';
import { HPA_COLUMNS, hpaRow, PDB_COLUMNS, pdbRow } from './autoscaling';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RowFn = (obj: any, o: PrintOptions) => TableRow;

const PRINTERS: Record<string, { columns: ColumnDefinition[]; row: RowFn }> = {
  pods: { columns: POD_COLUMNS, row: podRow },
  deployments: { columns: DEPLOYMENT_COLUMNS, row: deploymentRow },
  replicasets: { columns: REPLICASET_COLUMNS, row: replicaSetRow },
  nodes: { columns: NODE_COLUMNS, row: nodeRow },
  events: { columns: EVENT_COLUMNS, row: eventRow },
  namespaces: { columns: NAMESPACE_COLUMNS, row: namespaceRow },
  leases: { columns: LEASE_COLUMNS, row: leaseRow },
  services: { columns: SERVICE_COLUMNS, row: serviceRow },
  endpoints: { columns: ENDPOINTS_COLUMNS, row: endpointsRow },
  endpointslices: { columns: ENDPOINTSLICE_COLUMNS, row: endpointSliceRow },
  ingresses: { columns: INGRESS_COLUMNS, row: ingressRow },
  ingressclasses: { columns: INGRESSCLASS_COLUMNS, row: ingressClassRow },
  configmaps: { columns: CONFIGMAP_COLUMNS, row: configMapRow },
  secrets: { columns: SECRET_COLUMNS, row: secretRow },
  persistentvolumes: { columns: PV_COLUMNS, row: pvRow },
  persistentvolumeclaims: { columns: PVC_COLUMNS, row: pvcRow },
  storageclasses: { columns: STORAGECLASS_COLUMNS, row: storageClassRow },
  statefulsets: { columns: STATEFULSET_COLUMNS, row: statefulSetRow },
  daemonsets: { columns: DAEMONSET_COLUMNS, row: daemonSetRow },
  controllerrevisions: { columns: CONTROLLERREVISION_COLUMNS, row: controllerRevisionRow },
  jobs: { columns: JOB_COLUMNS, row: jobRow },
  cronjobs: { columns: CRONJOB_COLUMNS, row: cronJobRow },
  poddisruptionbudgets: { columns: PDB_COLUMNS, row: pdbRow },
  horizontalpodautoscalers: { columns: HPA_COLUMNS, row: hpaRow },
};

export function columnsFor(resource: string): ColumnDefinition[] {
  return (PRINTERS[resource] ?? { columns: DEFAULT_COLUMNS }).columns;
}

/**
 * Rows always carry every column's cell (as the API server's TableConvertor prints with
 * Wide: true); the client hides priority-1 columns unless `-o wide`.
 */
export function printTable(resource: string, objects: readonly KObject[], options: PrintOptions): Table {
  const p = PRINTERS[resource] ?? { columns: DEFAULT_COLUMNS, row: defaultRow };
  return { columns: p.columns, rows: objects.map((o) => p.row(o, { ...options, wide: true })) };
}

export { printTableText, tabwrite, tableLines, formatLabels } from './table';
export type { ColumnDefinition, PrintOptions, Table, TableRow, TextOptions } from './table';
export { humanDuration, since } from './duration';
export { podSummary } from './pods';

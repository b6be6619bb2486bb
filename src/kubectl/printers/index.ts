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
import { DEPLOYMENT_COLUMNS, deploymentRow, REPLICASET_COLUMNS, replicaSetRow } from './workloads';

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

/** Namespaces (`NAME STATUS AGE`) and Leases (`NAME HOLDER AGE`). */
import type { KObject, Lease, Namespace } from '../../sim/api/types';
import { since } from './duration';
import { AGE_DESCRIPTION } from './pods';
import { col, NAME_COLUMN, type ColumnDefinition, type PrintOptions, type TableRow } from './table';

export const NAMESPACE_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Status', 'string', 0, 'The status of the namespace'),
  col('Age', 'string', 0, AGE_DESCRIPTION),
];

export const LEASE_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Holder', 'string', 0, 'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.'),
  col('Age', 'string', 0, AGE_DESCRIPTION),
];

/** What the server prints for kinds without a printer of their own. */
export const DEFAULT_COLUMNS: ColumnDefinition[] = [NAME_COLUMN(), col('Age', 'string', 0, AGE_DESCRIPTION)];

export function namespaceRow(n: Namespace, o: PrintOptions): TableRow {
  return { cells: [n.metadata?.name ?? '', n.status?.phase ?? '', since(n.metadata?.creationTimestamp, o.nowMs)], object: n };
}

export function leaseRow(l: Lease, o: PrintOptions): TableRow {
  return { cells: [l.metadata?.name ?? '', l.spec?.holderIdentity ?? '', since(l.metadata?.creationTimestamp, o.nowMs)], object: l };
}

export function defaultRow(obj: KObject, o: PrintOptions): TableRow {
  return { cells: [obj.metadata?.name ?? '', since(obj.metadata?.creationTimestamp, o.nowMs)], object: obj };
}

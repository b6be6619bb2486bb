/**
 * The server-side Table (meta.k8s.io/v1 `Table`) and its text rendering as kubectl's
 * HumanReadablePrinter does it: upper-cased headers, columns of priority > 0 only with `-o wide`,
 * Go's tabwriter (minwidth 6, padding 3, the last column unpadded), `NAMESPACE` first with `-A`,
 * `LABELS` last with `--show-labels`.
 */
import type { KObject } from '../../sim/api/types';
import { tabwriter } from './tabwriter';

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number | boolean;

export interface TableRow {
  cells: Cell[];
  object: KObject;
}

export interface Table {
  columns: ColumnDefinition[];
  rows: TableRow[];
}

export interface PrintOptions {
  /** absolute ms of now, from the cluster */
  nowMs: number;
  /** `-o wide`: the server includes the priority-1 cells */
  wide?: boolean;
}

export function col(name: string, type: ColumnDefinition['type'] = 'string', priority = 0, description = '', format = ''): ColumnDefinition {
  return { name, type, format, description, priority };
}

export const NAME_COLUMN = (description = 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names') =>
  col('Name', 'string', 0, description, 'name');

/** kubectl get's tabwriter settings (minwidth 6, padding 3) over rows of cells. */
export function tabwrite(lines: string[][]): string {
  return tabwriter(lines.map((cells) => cells.join('\t') + '\n').join(''), 6, 3);
}

export interface TextOptions {
  wide?: boolean;
  noHeaders?: boolean;
  /** prepend NAMESPACE */
  withNamespace?: boolean;
  showLabels?: boolean;
  /** `pod/` prefix on names, when several kinds are printed */
  kindPrefix?: string;
}

/** Labels as `k=v,k2=v2` (sorted by key), `<none>` when empty: the LABELS column. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (!keys.length) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** The lines (cells) of a table as kubectl prints it, header first unless `noHeaders`. */
export function tableLines(table: Table, o: TextOptions = {}): string[][] {
  const shown = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => o.wide || c.priority === 0);
  const lines: string[][] = [];
  if (!o.noHeaders) {
    const h = shown.map(({ c }) => c.name.toUpperCase());
    if (o.withNamespace) h.unshift('NAMESPACE');
    if (o.showLabels) h.push('LABELS');
    lines.push(h);
  }
  for (const r of table.rows) {
    const cells = shown.map(({ c, i }) => {
      const v = r.cells[i];
      const s = v === undefined || v === null ? '' : String(v);
      return c.format === 'name' && o.kindPrefix ? o.kindPrefix + s : s;
    });
    if (o.withNamespace) cells.unshift(r.object.metadata?.namespace ?? '');
    if (o.showLabels) cells.push(formatLabels(r.object.metadata?.labels));
    lines.push(cells);
  }
  return lines;
}

export function printTableText(table: Table, o: TextOptions = {}): string {
  return tabwrite(tableLines(table, o));
}

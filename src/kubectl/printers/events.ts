/**
 * `printEvent`: LAST SEEN / TYPE / REASON / OBJECT / MESSAGE (+ SUBOBJECT, SOURCE, FIRST SEEN,
 * COUNT, NAME wide). kubectl does not sort events itself: they come in the API server's list
 * order (etcd key order, i.e. by name), which `get` reproduces.
 */
import type { Event } from '../../sim/api/types';
import { since } from './duration';
import { col, type ColumnDefinition, type PrintOptions, type TableRow } from './table';

export const EVENT_COLUMNS: ColumnDefinition[] = [
  col('Last Seen', 'string', 0, 'The time at which the most recent occurrence of this event was recorded.'),
  col('Type', 'string', 0, 'Type of this event (Normal, Warning), new types could be added in the future.'),
  col('Reason', 'string', 0, 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
  col('Object', 'string', 0, 'The object that this event is about.'),
  col('Subobject', 'string', 1, 'The subobject that this event is about (fieldPath).'),
  col('Source', 'string', 1, 'The component reporting this event. Should be a short machine understandable string.'),
  col('Message', 'string', 0, 'A human-readable description of the status of this operation.'),
  col('First Seen', 'string', 1, 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
  col('Count', 'string', 1, 'The number of times this event has occurred.'),
  col('Name', 'string', 1, 'Name must be unique within a namespace.', 'name'),
];

/** `formatEventSource`: `component, host`, falling back to the reporting controller. */
export function eventSource(e: Event): string {
  const component = e.source?.component || e.reportingComponent || '';
  const host = e.source?.host || e.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

export interface EventTimes {
  first: string;
  last: string;
  count: number;
}

export function eventTimes(e: Event, nowMs: number): EventTimes {
  const first = e.firstTimestamp ? since(e.firstTimestamp, nowMs) : since(e.eventTime, nowMs);
  let last = e.lastTimestamp ? since(e.lastTimestamp, nowMs) : first;
  let count = e.count ?? 0;
  if (e.series) {
    last = since(e.series.lastObservedTime, nowMs);
    count = e.series.count ?? 0;
  } else if (count === 0) count = 1;
  return { first, last, count };
}

export function eventRow(e: Event, o: PrintOptions): TableRow {
  const t = eventTimes(e, o.nowMs);
  const io = e.involvedObject ?? {};
  const target = io.name ? `${(io.kind ?? '').toLowerCase()}/${io.name}` : (io.kind ?? '').toLowerCase();
  const message = (e.message ?? '').trim();
  const cells: (string | number)[] = o.wide
    ? [t.last, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', eventSource(e), message, t.first, t.count, e.metadata?.name ?? '']
    : [t.last, e.type ?? '', e.reason ?? '', target, message];
  return { cells, object: e };
}

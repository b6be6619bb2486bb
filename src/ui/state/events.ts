/**
 * The event lists the panels show, newest first. Selectors run on every store update (~30 a
 * second under churn) while the events table changes at most every 250 ms (sync.ts): sorting
 * 300 events with a date parse per comparison on each update was wasted work. A list is built
 * once per events-table identity (the mirror copies the table when an event changes) and keeps
 * its identity until then, so the panels re-render only when their events do.
 */
import type { Event } from 'kubernetes-types/core/v1';
import type { Table } from './mirror';

/** When the event was last seen, as kubectl's LAST SEEN reads it (ms since the epoch). */
export function lastSeen(e: Event): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  return t ? Date.parse(t as string) : 0;
}

function newestFirst(events: Event[]): Event[] {
  const at = new Map<Event, number>();
  for (const e of events) at.set(e, lastSeen(e));
  return events.sort((a, b) => at.get(b)! - at.get(a)!);
}

/** A selector of the table's events that recomputes only when the table itself changes. */
function perTable<T>(compute: (events: Event[]) => T): (table: Table) => T {
  let seen: Table | undefined;
  let out: T;
  return (table) => {
    if (table !== seen) {
      seen = table;
      out = compute(Object.values(table) as Event[]);
    }
    return out;
  };
}

/** The newest `n` of the last 50 events to arrive, newest first (the events panel). */
export function newestEvents(n: number): (table: Table) => Event[] {
  return perTable((events) => newestFirst(events.slice(-50)).slice(0, n));
}

/** The events about one object, newest first (the inspector's events tab). */
export function eventsAbout(kind: string, name: string, namespace: string): (table: Table) => Event[] {
  return perTable((events) =>
    newestFirst(events.filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name && (kind === 'Node' || (e.involvedObject.namespace ?? e.metadata?.namespace) === namespace))),
  );
}

import type { Event } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { eventsAbout, newestEvents } from './events';
import type { Table } from './mirror';

const ev = (name: string, last: string, involved: { kind: string; name: string; namespace?: string }): Event =>
  ({ metadata: { name, namespace: 'default', uid: name }, involvedObject: involved, lastTimestamp: last, reason: 'Scheduled', type: 'Normal' }) as Event;

const table = (...events: Event[]): Table => Object.fromEntries(events.map((e) => [`default/${e.metadata!.name}`, e])) as Table;

describe('event lists', () => {
  const a = ev('a', '2026-01-01T00:00:01Z', { kind: 'Pod', name: 'web-1', namespace: 'default' });
  const b = ev('b', '2026-01-01T00:00:03Z', { kind: 'Pod', name: 'web-2', namespace: 'default' });
  const c = ev('c', '2026-01-01T00:00:02Z', { kind: 'Pod', name: 'web-1', namespace: 'default' });
  const n = ev('n', '2026-01-01T00:00:04Z', { kind: 'Node', name: 'node-1' });

  it('lists the newest first, as many as asked for', () => {
    const newest = newestEvents(2);
    expect(newest(table(a, b, c, n)).map((e) => e.metadata!.name)).toEqual(['n', 'b']);
    expect(newestEvents(10)(table(a, b, c)).map((e) => e.metadata!.name)).toEqual(['b', 'c', 'a']);
  });

  it('keeps the same list while the events table is the same, and follows a new table', () => {
    const newest = newestEvents(6);
    const t = table(a, b);
    const first = newest(t);
    expect(newest(t)).toBe(first);
    const next = newest({ ...t, 'default/c': c });
    expect(next.map((e) => e.metadata!.name)).toEqual(['b', 'c', 'a']);
  });

  it('picks the events about one object (a Node has no namespace)', () => {
    expect(eventsAbout('Pod', 'web-1', 'default')(table(a, b, c, n)).map((e) => e.metadata!.name)).toEqual(['c', 'a']);
    expect(eventsAbout('Pod', 'web-1', 'other')(table(a, b, c, n))).toEqual([]);
    expect(eventsAbout('Node', 'node-1', '')(table(a, b, c, n)).map((e) => e.metadata!.name)).toEqual(['n']);
  });
});

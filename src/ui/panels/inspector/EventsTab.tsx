/** The events about one object, newest first, as `kubectl describe` lists them at its end. */
import type { Event } from 'kubernetes-types/core/v1';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { eventsAbout, lastSeen } from '../../state/events';
import { humanDuration } from '../../state/podstatus';
import { useStore } from '../../state/hooks';
import { useNowMs } from './common';

export function EventsTab({ kind, name, namespace }: { kind: string; name: string; namespace: string }) {
  // filtered and sorted once per change of the events table (state/events.ts)
  const about = useMemo(() => eventsAbout(kind, name, namespace), [kind, name, namespace]);
  const events: Event[] = useStore(useShallow((s) => about(s.objects.events)));
  const nowMs = useNowMs();
  if (!events.length) return <p className="muted small">No recent events for this {kind.toLowerCase()}.</p>;
  return (
    <table className="events-table" data-testid="inspector.events">
      <thead>
        <tr>
          <th>Type</th>
          <th>Reason</th>
          <th>Age</th>
          <th>From</th>
          <th>Message</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.metadata?.uid ?? e.metadata?.name} className={e.type === 'Warning' ? 'warning' : undefined}>
            <td>{e.type}</td>
            <td>{e.reason}</td>
            <td className="mono">
              {humanDuration(nowMs - lastSeen(e))}
              {(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}
            </td>
            <td className="mono">{e.source?.component ?? e.reportingComponent}</td>
            <td>{e.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

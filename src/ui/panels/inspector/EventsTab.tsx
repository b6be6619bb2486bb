/** The events about one object, newest first, as `kubectl describe` lists them at its end. */
import type { Event } from 'kubernetes-types/core/v1';
import { useShallow } from 'zustand/react/shallow';
import { humanDuration } from '../../state/podstatus';
import { useStore } from '../../state/hooks';
import { useNowMs } from './common';

function lastSeen(e: Event): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  return t ? Date.parse(t as string) : 0;
}

export function EventsTab({ kind, name, namespace }: { kind: string; name: string; namespace: string }) {
  const events = useStore(
    useShallow((s) =>
      (Object.values(s.objects.events) as Event[])
        .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name && (kind === 'Node' || (e.involvedObject.namespace ?? e.metadata?.namespace) === namespace))
        .sort((a, b) => lastSeen(b) - lastSeen(a)),
    ),
  );
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

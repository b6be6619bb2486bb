/** The newest events, as `kubectl get events` lists them: what the control plane just did and why. */
import type { Event } from 'kubernetes-types/core/v1';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { lastSeen, newestEvents } from '../state/events';
import { humanDuration } from '../state/podstatus';
import { useStore } from '../state/hooks';

const SHOWN = 6;

export function EventsPanel() {
  // sorted once per change of the events table, not on every store update (state/events.ts)
  const [newest] = useState(() => newestEvents(SHOWN));
  const events: Event[] = useStore(useShallow((s) => newest(s.objects.events)));
  const nowMs = useStore((s) => s.clock.epochMs + Math.floor(s.clock.now / 1000) * 1000);
  return (
    <section className="events" aria-label="Recent events" data-testid="events">
      <h2>Events</h2>
      {events.length === 0 ? (
        <p className="muted small">No events yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>LAST SEEN</th>
              <th>TYPE</th>
              <th>REASON</th>
              <th>OBJECT</th>
              <th>MESSAGE</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.metadata?.uid ?? e.metadata?.name} className={e.type === 'Warning' ? 'warning' : undefined}>
                <td className="mono">{humanDuration(nowMs - lastSeen(e))}</td>
                <td>{e.type}</td>
                <td>{e.reason}</td>
                <td className="mono">
                  {e.involvedObject.kind?.toLowerCase()}/{e.involvedObject.name}
                </td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * Scenario 10: a container that exits 1 every time, restartPolicy Always. STATUS cycles
 * Error → CrashLoopBackOff → Running; the first restart is immediate, then the kubelet waits
 * 10, 20, 40, 80, 160, 300, 300 s from each exit; phase stays Running; READY 0/1 while waiting.
 */
import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { pod } from '../testing/builders';
import { podStatusColumn, ready, restarts } from '../kubelet/testing/podstatus';

describe('scenario 10: CrashLoopBackOff', () => {
  it('backs off 10, 20, 40 … 300 s between restarts while the phase stays Running', () => {
    const c = Cluster.create();
    const spec = { nodeName: 'node-1', containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo starting; sleep 2; exit 1'] }] };
    c.api.create('pods', 'default', { ...pod('crash'), spec });
    const columns: string[] = [];
    const phases = new Set<string>();
    const starts: number[] = [];
    const exits: number[] = [];
    let secondWaiting: string | undefined;
    c.store.subscribe('pods', (e) => {
      const p = e.object as Pod;
      if (p.metadata?.name !== 'crash' || e.type === 'DELETED') return;
      const col = podStatusColumn(p);
      if (columns[columns.length - 1] !== col) columns.push(col);
      if (p.status?.phase) phases.add(p.status.phase);
      const cs = p.status?.containerStatuses?.[0];
      const startedAt = cs?.state?.running?.startedAt;
      if (startedAt && starts[starts.length - 1] !== Date.parse(startedAt)) starts.push(Date.parse(startedAt));
      const fin = cs?.state?.terminated?.finishedAt;
      if (fin && exits[exits.length - 1] !== Date.parse(fin)) exits.push(Date.parse(fin));
      if (cs?.state?.waiting?.reason === 'CrashLoopBackOff' && !secondWaiting) secondWaiting = cs.state.waiting.message;
    });
    c.runFor(25 * 60_000);

    // waits between an exit and the next start, in seconds
    const waits = exits.slice(0, 8).map((t, i) => Math.round((starts[i + 1] - t) / 1000));
    expect(waits).toEqual([1, 10, 20, 40, 80, 160, 300, 300]);
    const p = c.store.get<Pod>('pods', 'default', 'crash')!;
    expect(secondWaiting).toBe(`back-off 10s restarting failed container=app pod=crash_default(${p.metadata?.uid})`);
    expect(columns.slice(0, 8)).toEqual(['Pending', 'ContainerCreating', 'Running', 'Error', 'Running', 'Error', 'CrashLoopBackOff', 'Running']);
    expect([...phases]).toEqual(['Pending', 'Running']);
    expect(restarts(p)).toBeGreaterThanOrEqual(8);

    const events = c.store.list<Event>('events', 'default').filter((e) => e.involvedObject.name === 'crash');
    const backoff = events.find((e) => e.reason === 'BackOff');
    expect(backoff).toMatchObject({ type: 'Warning', message: `Back-off restarting failed container app in pod crash_default(${p.metadata?.uid})` });
    expect(backoff!.count).toBeGreaterThan(5);
  });

  it('shows CrashLoopBackOff with READY 0/1 and RESTARTS counting while it waits', () => {
    const c = Cluster.create();
    c.api.create('pods', 'default', pod('crash', { image: 'playground/crash', spec: { nodeName: 'node-2' } }));
    c.runFor(60_000);
    // exits at ~3 s intervals: 0 restarts immediate, then 10 s, 20 s back-off…
    const p = c.store.get<Pod>('pods', 'default', 'crash')!;
    expect(p.status?.phase).toBe('Running');
    expect(ready(p)).toBe('0/1');
    const cs = p.status!.containerStatuses![0];
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(['CrashLoopBackOff', 'Error', 'Running']).toContain(podStatusColumn(p));
    expect(restarts(p)).toBe(3);
    expect(c.api.logs('default', 'crash', { previous: true })).toBe('crash: starting up\ncrash: something went wrong, exiting with status 1\n');
  });
});

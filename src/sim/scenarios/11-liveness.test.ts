/**
 * Scenario 11: a liveness probe that fails (period 10 s, threshold 3). Every failure is an
 * `Unhealthy` event; the third one kills the container (`Killing … failed liveness probe, will
 * be restarted`) and the kubelet restarts it in place: RESTARTS +1, same node. A readiness
 * probe that fails never restarts anything.
 */
import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { pod } from '../testing/builders';
import { ready, restarts } from '../kubelet/testing/podstatus';

const events = (c: Cluster, name: string) => c.store.list<Event>('events', 'default').filter((e) => e.involvedObject.name === name);

describe('scenario 11: liveness probe', () => {
  it('kills and restarts nginx whose /healthz answers 404, on the same node', () => {
    const c = Cluster.create();
    const livenessProbe = { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 10, failureThreshold: 3 };
    c.api.create('pods', 'default', pod('web', { image: 'nginx:1.27', container: { livenessProbe }, spec: { nodeName: 'node-1' } }));
    c.runFor(10_000);
    expect(restarts(c.store.get<Pod>('pods', 'default', 'web')!)).toBe(0);
    const killedAt = () => events(c, 'web').find((e) => e.reason === 'Killing');
    expect(c.runUntilTrue(() => !!killedAt(), 120_000)).toBe(true);
    const unhealthy = events(c, 'web').find((e) => e.reason === 'Unhealthy')!;
    expect(unhealthy).toMatchObject({ type: 'Warning', message: 'Liveness probe failed: HTTP probe failed with statuscode: 404', count: 3 });
    expect(unhealthy.involvedObject.fieldPath).toBe('spec.containers{nginx}');
    expect(killedAt()!.message).toBe('Container nginx failed liveness probe, will be restarted');
    // three probes 10 s apart: the kill comes with the third failure
    expect(Date.parse(killedAt()!.firstTimestamp!) - Date.parse(unhealthy.firstTimestamp!)).toBe(20_000);
    c.runFor(5_000);
    const p = c.store.get<Pod>('pods', 'default', 'web')!;
    expect(restarts(p)).toBe(1);
    expect(p.spec?.nodeName).toBe('node-1');
    expect(p.status?.phase).toBe('Running');
    expect(p.status?.containerStatuses?.[0].lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('runs the docs exec example: healthy for 30 s, then cat fails and the container restarts', () => {
    const c = Cluster.create();
    const container = {
      name: 'liveness',
      image: 'registry.k8s.io/busybox',
      args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
      livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
    };
    c.api.create('pods', 'default', { ...pod('liveness-exec'), spec: { nodeName: 'node-2', containers: [container] } });
    c.runFor(30_000);
    expect(events(c, 'liveness-exec').some((e) => e.reason === 'Unhealthy')).toBe(false);
    c.runFor(30_000);
    const unhealthy = events(c, 'liveness-exec').find((e) => e.reason === 'Unhealthy');
    expect(unhealthy?.message).toBe("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    c.runFor(45_000);
    const p = c.store.get<Pod>('pods', 'default', 'liveness-exec')!;
    expect(restarts(p)).toBe(1);
    // sh as PID 1 ignores SIGTERM: killed at the end of the 30 s grace period
    expect(p.status?.containerStatuses?.[0].lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('never restarts on readiness failures: Running, READY 0/1', () => {
    const c = Cluster.create();
    const readinessProbe = { httpGet: { path: '/ready', port: 80 }, periodSeconds: 5 };
    c.api.create('pods', 'default', pod('web', { image: 'nginx:1.27', container: { readinessProbe }, spec: { nodeName: 'node-3' } }));
    c.runFor(120_000);
    const p = c.store.get<Pod>('pods', 'default', 'web')!;
    expect(p.status?.phase).toBe('Running');
    expect(ready(p)).toBe('0/1');
    expect(restarts(p)).toBe(0);
    expect(p.status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' });
    expect(events(c, 'web').find((e) => e.reason === 'Unhealthy')?.message).toBe('Readiness probe failed: HTTP probe failed with statuscode: 404');
  });

  it('becomes ready only after the slow image warmed up (~30 s)', () => {
    const c = Cluster.create();
    const readinessProbe = { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 };
    c.api.create('pods', 'default', pod('slow', { image: 'playground/slow', container: { readinessProbe }, spec: { nodeName: 'node-1' } }));
    c.runFor(25_000);
    expect(ready(c.store.get<Pod>('pods', 'default', 'slow')!)).toBe('0/1');
    c.runFor(20_000);
    expect(ready(c.store.get<Pod>('pods', 'default', 'slow')!)).toBe('1/1');
  });
});

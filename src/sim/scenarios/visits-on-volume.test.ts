/**
 * The page-visit counter of playground/web lives on its volume: traffic through a Service counts
 * visits in /data/visits, and when the pod is replaced the new pod mounts the same claim and
 * keeps counting from where the old one stopped.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { Cluster } from '../cluster';
import { service, trafficOf } from '../network/testing/net';
import { volumeContents } from '../storage/data';
import { getPVC, podWithClaim, pvc, running, storageClass } from '../storage/testing';

function visits(c: Cluster): number {
  const pv = getPVC(c, 'data')!.spec!.volumeName!;
  return Number(volumeContents(c, { pv })?.files.find((f) => f.path === 'visits')?.content ?? '0');
}

describe('visits counted on a persistent volume', () => {
  it('counts served requests and keeps the count across a pod replacement', () => {
    const c = Cluster.create({ seed: 5 });
    c.api.create('storageclasses', undefined, storageClass('fast', 'disk.csi.playground.dev'));
    c.api.create('persistentvolumeclaims', 'default', pvc('data', '1Gi', { cls: 'fast' }));
    c.api.create('pods', 'default', podWithClaim('web', 'data', { image: 'playground/web:1.0', labels: { app: 'web' } }));
    c.api.create('services', 'default', service('web', { ports: [{ port: 80, targetPort: 8080 }] }));
    expect(c.runUntilTrue(() => running(c.store.get<Pod>('pods', 'default', 'web')), 120_000)).toBe(true);
    c.runFor(5_000);

    trafficOf(c).addClient({ name: 'users', target: { kind: 'service', namespace: 'default', name: 'web', port: 80 }, rps: 10 });
    c.runFor(10_000);
    const before = visits(c);
    expect(before).toBeGreaterThanOrEqual(80);
    expect(before).toBeLessThanOrEqual(110);

    // the pod goes; a new one with the same claim picks up the count
    trafficOf(c).removeClient('users');
    c.api.delete('pods', 'default', 'web');
    expect(c.runUntilTrue(() => !c.store.get('pods', 'default', 'web'), 60_000)).toBe(true);
    c.api.create('pods', 'default', podWithClaim('web', 'data', { image: 'playground/web:1.0', labels: { app: 'web' } }));
    expect(c.runUntilTrue(() => running(c.store.get<Pod>('pods', 'default', 'web')), 120_000)).toBe(true);
    c.runFor(5_000);
    expect(visits(c)).toBe(before);
    trafficOf(c).addClient({ name: 'users', target: { kind: 'service', namespace: 'default', name: 'web', port: 80 }, rps: 10 });
    c.runFor(5_000);
    expect(visits(c)).toBeGreaterThan(before + 30);
  });
});

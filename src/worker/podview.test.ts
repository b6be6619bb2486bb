import { describe, expect, it } from 'vitest';
import { Cluster } from '../sim/cluster';
import type { Pod } from '../sim/api/types';
import { podStatusColumn, ready, restarts } from '../sim/kubelet/testing/podstatus';
import { DEMO_DEPLOYMENT } from './host';
import { podView } from './podview';

describe('podView', () => {
  it('is under 1.2 KB and prints the same STATUS / READY / RESTARTS as the full pod', () => {
    const c = Cluster.create({ seed: 3 });
    c.client('kubectl').create('deployments', 'default', DEMO_DEPLOYMENT);
    c.client('kubectl').create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad' }, spec: { containers: [{ name: 'c', image: 'nginx:doesnotexist' }] } });
    for (const ms of [500, 3000, 30_000]) {
      c.runFor(ms);
      for (const pod of c.store.list<Pod>('pods', 'default')) {
        const v = podView(pod);
        expect(JSON.stringify(v).length).toBeLessThanOrEqual(1200);
        expect([podStatusColumn(v), ready(v), restarts(v)]).toEqual([podStatusColumn(pod), ready(pod), restarts(pod)]);
        expect(v.spec?.nodeName).toBe(pod.spec?.nodeName);
        expect(v.spec?.containers[0].resources?.requests).toEqual(pod.spec?.containers[0].resources?.requests);
      }
    }
    const pod = c.store.list<Pod>('pods', 'default')[0];
    expect(podView(pod)).toBe(podView(pod)); // cached per object
  });
});

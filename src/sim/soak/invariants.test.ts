/** The soak's invariant checkers catch what they claim to: planted violations are reported. */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { Cluster } from '../cluster';
import { pod } from '../testing/builders';
import { Invariants } from './invariants';

describe('soak invariants', () => {
  it('a healthy cluster passes every check', () => {
    const c = Cluster.create({ seed: 1 });
    const inv = new Invariants(c);
    c.api.create('pods', 'default', pod('a'));
    c.runFor(30_000);
    expect(inv.check()).toEqual([]);
    inv.checkBounds();
    expect(inv.violations).toEqual([]);
  });

  it('reports two running pods with one IP, and a component fault', () => {
    const c = Cluster.create({ seed: 1, machines: [] });
    const inv = new Invariants(c);
    for (const name of ['a', 'b']) {
      const p = c.api.create<Pod>('pods', 'default', pod(name));
      c.api.update('pods', 'default', { ...p, status: { phase: 'Running', podIP: '10.244.1.7' } }, { subresource: 'status' });
    }
    c.reportFault('deployment', new Error('boom'), { key: 'default/web' });
    c.settle();
    const found = inv.check().map((v) => `${v.invariant}: ${v.detail}`);
    expect(found).toEqual(['pod-ip: default/b and default/a both have IP 10.244.1.7', 'fault: deployment threw: boom']);
  });

  it('reports a watcher that missed an event', () => {
    const c = Cluster.create({ seed: 1, machines: [] });
    const inv = new Invariants(c);
    c.api.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    c.settle();
    (inv as unknown as { seen: unknown[] }).seen.pop();
    expect(inv.check().map((v) => v.invariant)).toContain('watch');
  });
});

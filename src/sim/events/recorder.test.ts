import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { pod } from '../testing/builders';
import type { Event } from '../api/types';
import { EventCache, nanoHex } from './recorder';

describe('event names', () => {
  it('nanoHex is the hex of ms × 10⁶ + extra, also past 2⁵³', () => {
    const cases: [number, number][] = [
      [0, 0],
      [1, 5],
      [2 ** 24 - 1, 999_999],
      [2 ** 24, 0],
      [1_767_225_600_000, 123],
      [4_102_444_800_000, 999_999], // 2100-01-01
    ];
    for (const [ms, extra] of cases) expect(nanoHex(ms, extra)).toBe((BigInt(ms) * 1_000_000n + BigInt(extra)).toString(16));
  });

  it('an Event is named <object>.<hex UnixNano> and a repeat folds into it with a count', () => {
    const c = Cluster.create({ seed: 3 });
    c.runFor(1000);
    const p = c.api.create('pods', 'default', pod('web', { image: 'nginx' }));
    const rec = c.recorder('kubelet', 'node-1');
    rec.event(p, 'Warning', 'BackOff', 'Back-off restarting failed container web in pod web_default(x)');
    rec.event(p, 'Warning', 'BackOff', 'Back-off restarting failed container web in pod web_default(x)');
    c.store.flush();
    const evs = c.store.list<Event>('events', 'default').filter((e) => e.reason === 'BackOff');
    expect(evs).toHaveLength(1);
    expect(evs[0].metadata?.name).toMatch(/^web\.[0-9a-f]{15,}$/);
    expect(evs[0].count).toBe(2);
    expect(evs[0].involvedObject).toMatchObject({ kind: 'Pod', name: 'web', namespace: 'default', uid: p.metadata?.uid });
  });
});

describe('the event key cache', () => {
  it('evicts the least recently used key, keeps recency through touch, and restores the same order', () => {
    const cache = new EventCache();
    for (let i = 0; i < 4096; i++) cache.add(`k${i}`, `default/e${i}`);
    cache.touch('k0', 'default/e0'); // k0 is now the youngest: k1 goes first
    cache.add('new', 'default/new');
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.get('k0')).toBe('default/e0');
    for (let i = 0; i < 5000; i++) cache.add(`more${i}`, `default/m${i}`);
    expect(cache.get('k0')).toBeUndefined();
    const s = cache.state();
    expect(s.entries).toHaveLength(4096);
    expect(s.entries[0][0]).toBe('more904');
    expect(s.entries.at(-1)![0]).toBe('more4999');
    const copy = new EventCache();
    copy.restore(s);
    expect(copy.state()).toEqual(s);
  });
});

/**
 * A save holds the whole playground (options, seed, every branch's inputs, the latest state);
 * opening it gives the same cluster and the same branches. Damaged files get clear messages.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment, Pod } from '../../sim/api/types';
import { playScript } from './demo';
import { openSave, parseSave, saveDocumentText, serializeSave, toSave, SAVE_FORMAT } from './save';
import { AUTOSAVE, MemoryStorage, Saves } from './storage';
import { Timeline } from './timeline';

const OPTIONS = { seed: 8, epochMs: Date.UTC(2026, 0, 1) };

function played(): Timeline {
  const tl = new Timeline(OPTIONS);
  playScript({ runUntil: (t) => tl.runUntil(t), pods: () => tl.cluster.store.list<Pod>('pods', 'default'), act: (i) => tl.act(i) }, undefined, 300_000);
  return tl;
}

const errorOf = (text: string) => {
  const r = parseSave(text);
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.error;
};

describe('save files', () => {
  const tl = played();
  // a branch: back to 60 s, scale to 1
  tl.seek(60_000);
  tl.act({ op: 'kubectlRun', line: 'kubectl scale deployment web --replicas=1' });
  tl.runUntil(90_000);
  const text = serializeSave(toSave(tl, { name: 'mine', savedAt: '2026-05-01T10:00:00Z' }));
  const saved = JSON.stringify(tl.cluster.snapshot());
  const same = (a: string, b: string) => expect(a === b, 'snapshots differ').toBe(true);

  it('the one-pass save text is the very text of the document (cluster spliced in last)', () => {
    const other = played();
    // an input holding the placeholder's text does not confuse the splice
    other.act({ op: 'kubectlRun', line: 'kubectl annotate deployment web note="\u0000cluster snapshot\u0000"' });
    other.runUntil(301_000);
    expect(saveDocumentText(other, { name: 'mine', savedAt: '2026-05-01T10:00:00Z' })).toBe(serializeSave(toSave(other, { name: 'mine', savedAt: '2026-05-01T10:00:00Z' })));
  });

  it('round-trips: same state, same branches, same future', () => {
    const doc = parseSave(text);
    expect(doc.ok).toBe(true);
    if (!doc.ok) return;
    expect(doc.value.branches).toHaveLength(2);
    const { timeline, warnings } = openSave(doc.value);
    expect(warnings).toEqual([]);
    expect(timeline.now).toBe(90_000);
    same(JSON.stringify(timeline.cluster.snapshot()), saved);
    expect(timeline.branches().map((b) => [b.id, b.inputs, b.current])).toEqual(tl.branches().map((b) => [b.id, b.inputs, b.current]));
    timeline.runUntil(200_000);
    tl.runUntil(200_000);
    same(JSON.stringify(timeline.cluster.snapshot()), JSON.stringify(tl.cluster.snapshot()));
    timeline.switchTo(0, 300_000);
    expect(timeline.cluster.store.get<Deployment>('deployments', 'default', 'web')?.spec?.replicas).toBe(4);
  });

  it('rebuilds from the log when the saved state does not restore', () => {
    const doc = JSON.parse(text);
    doc.snapshot.cluster.infra = {}; // passes the shape check, breaks restore
    const parsed = parseSave(JSON.stringify(doc));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { timeline, warnings } = openSave(parsed.value);
    expect(warnings[0] ?? '').toMatch(/rebuilt by replaying/);
    same(JSON.stringify(timeline.cluster.snapshot()), saved);
  });

  it('says what is wrong with a damaged or hostile file', () => {
    expect(errorOf(text.slice(0, text.length / 2))).toMatch(/not valid JSON.*damaged or truncated/);
    expect(errorOf('{"hello":1}')).toMatch(/not a playground save file/);
    expect(errorOf(JSON.stringify({ ...JSON.parse(text), version: 7 }))).toMatch(/newer playground \(version 7\)/);
    expect(errorOf(text.replace('"options":{', '"options":{"__proto__":{"polluted":true},'))).toMatch(/forbidden key "__proto__" at options/);
    expect(errorOf(text.replace('"metadata":{', '"metadata":{"prototype":1,'))).toMatch(/forbidden key "prototype"/);
    const doc = JSON.parse(text);
    expect(errorOf(JSON.stringify({ ...doc, current: 99 }))).toMatch(/"current" does not name/);
    expect(errorOf(JSON.stringify({ ...doc, branches: [{ ...doc.branches[0], inputs: [{ t: 1, input: { op: 'deletePod' } }] }] }))).toMatch(/branches\[0\]\.inputs\[0\]: deletePod needs namespace and name/);
    expect(errorOf(JSON.stringify({ ...doc, snapshot: { ...doc.snapshot, cluster: { ...doc.snapshot.cluster, clock: 5 } } }))).toMatch(/clock is damaged/);
    expect(errorOf(JSON.stringify({ ...doc, snapshot: { ...doc.snapshot, cluster: { ...doc.snapshot.cluster, options: { seed: 1, epochMs: 0 } } } }))).toMatch(/other options/);
    expect(errorOf(JSON.stringify({ format: SAVE_FORMAT, version: 1, options: doc.options, current: 0, now: 0, branches: [] }))).toMatch(/branches must be a list/);
    expect(errorOf('['.repeat(300) + ']'.repeat(300))).toMatch(/nested too deeply|not a playground/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps named saves and an autosave; reset forgets the autosave', async () => {
    const saves = new Saves(new MemoryStorage());
    await saves.save('before the outage', tl, '2026-05-01T10:00:00Z');
    await saves.autosave(tl, '2026-05-01T10:01:00Z');
    expect((await saves.list()).map((e) => e.name).sort()).toEqual([AUTOSAVE, 'before the outage'].sort());
    const opened = await saves.open('before the outage');
    expect(opened.ok && opened.value.timeline.now).toBe(tl.now);
    await saves.reset();
    expect((await saves.list()).map((e) => e.name)).toEqual(['before the outage']);
    const missing = await saves.open(AUTOSAVE);
    expect(missing.ok).toBe(false);
    await expect(saves.save('  ', tl, 'x')).rejects.toThrow(/needs a name/);
  });
});

/**
 * A share link carries the seed, options and actions; opening it replays them to the identical
 * cluster. Damaged or hostile links get a plain sentence, never an exception.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../sim/api/types';
import { DEMO_END, playScript } from './demo';
import { decodeShare, encodeShare, encodeTimeline, fromBase64Url, MAX_FRAGMENT, openShare, SHARE_PREFIX, toBase64Url } from './share';
import { Timeline } from './timeline';

const OPTIONS = { seed: 21, epochMs: Date.UTC(2026, 2, 3) };
const link = (json: string) => SHARE_PREFIX + toBase64Url(deflateRawSync(Buffer.from(json)));
const expectError = async (fragment: string, text: RegExp) => {
  const r = await decodeShare(fragment);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error).toMatch(text);
};

describe('share links', () => {
  it('the default demo with ten learner actions fits in 2 KB and replays to the identical cluster', async () => {
    const tl = new Timeline(OPTIONS);
    playScript({ runUntil: (t) => tl.runUntil(t), pods: () => tl.cluster.store.list<Pod>('pods', 'default'), act: (i) => tl.act(i) });
    expect(tl.inputs.length).toBe(11);
    const fragment = await encodeTimeline(tl);
    expect(fragment.length).toBeLessThanOrEqual(2048);

    const decoded = await decodeShare(`#${fragment}`);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.at).toBe(DEMO_END);
    const opened = openShare(decoded.value);
    expect(opened.now).toBe(DEMO_END);
    expect(JSON.stringify(opened.cluster.snapshot())).toBe(JSON.stringify(tl.cluster.snapshot()));
    // and it can rewind like the original
    opened.seek(100_000);
    tl.seek(100_000);
    expect(JSON.stringify(opened.cluster.snapshot())).toBe(JSON.stringify(tl.cluster.snapshot()));
  });

  it('base64url round-trips every length', () => {
    for (let n = 0; n < 20; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
      expect([...fromBase64Url(toBase64Url(b))!]).toEqual([...b]);
      expect(toBase64Url(b)).toBe(Buffer.from(b).toString('base64url'));
    }
  });

  it('refuses damaged and hostile links with clear messages', async () => {
    await expectError('x'.repeat(MAX_FRAGMENT + 1), /too long/);
    await expectError('hello', /not a playground link/);
    await expectError('s9.abcd', /newer playground/);
    await expectError(`${SHARE_PREFIX}ab$cd`, /not valid base64url/);
    await expectError(`${SHARE_PREFIX}${toBase64Url(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x00, 0x12]))}`, /does not unpack/);
    await expectError(link('{"v":1,'), /not valid JSON/);
    await expectError(link('{"v":1,"o":{"seed":1,"epochMs":0,"__proto__":{"x":1}},"i":[],"at":0}'), /forbidden key "__proto__"/);
    await expectError(link('{"v":1,"o":{"seed":1,"epochMs":0},"i":[[0,{"op":"api","verb":"create","resource":"pods","body":{"constructor":{}}}]],"at":0}'), /forbidden key "constructor"/);
    await expectError(link('{"v":2,"o":{"seed":1,"epochMs":0},"i":[],"at":0}'), /newer playground/);
    await expectError(link('{"v":1,"o":{"seed":"x","epochMs":0},"i":[],"at":0}'), /seed/);
    await expectError(link('{"v":1,"o":{"seed":1,"epochMs":0},"i":[[0,{"op":"rm -rf"}]],"at":0}'), /not an input/);
    await expectError(link('{"v":1,"o":{"seed":1,"epochMs":0},"i":[[5,{"op":"pause"}]],"at":9}'), /not an input/);
    await expectError(link('{"v":1,"o":{"seed":1,"epochMs":0},"i":[[5,{"op":"powerMachine","name":"node-1","on":false}]],"at":1}'), /after its time/);
    const many = JSON.stringify({ v: 1, o: { seed: 1, epochMs: 0 }, i: Array.from({ length: 1001 }, () => [0, { op: 'powerMachine', name: 'n', on: true }]), at: 0 });
    await expectError(link(many), /1001 actions/);
    // a deflate bomb: megabytes of spaces in a few hundred bytes
    await expectError(link(`{"v":1${' '.repeat(5_000_000)}}`), /unpacks to more than/);
  });

  it('refuses to make a link longer than the limit', async () => {
    const inputs = Array.from({ length: 900 }, (_, i) => ({ t: i, input: { op: 'kubectlRun' as const, line: `kubectl create configmap c${i} --from-literal=k=${(i * 7919).toString(36)}${(i * 104729).toString(36)}` } }));
    await expect(encodeShare({ options: OPTIONS, inputs, at: 1000 })).rejects.toThrow(/limit is 8192/);
  });
});

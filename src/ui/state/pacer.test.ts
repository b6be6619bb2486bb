import { describe, expect, it } from 'vitest';
import { createPacer, MAX_APPLY_MS, MIN_APPLY_MS } from './pacer';

const FRAME = 1000 / 60;

describe('the store pacer', () => {
  it('applies every third frame at 60 Hz', () => {
    const p = createPacer();
    const verdicts = Array.from({ length: 9 }, (_, i) => p.due(1000 + i * FRAME));
    expect(verdicts).toEqual([true, false, false, true, false, false, true, false, false]);
  });

  it('backs off while frames are dropped and recovers when they come on time', () => {
    const p = createPacer();
    let t = 1000;
    p.due(t);
    for (let i = 0; i < 4; i++) p.due((t += 70));
    expect(p.interval()).toBe(MAX_APPLY_MS);
    for (let i = 0; i < 60; i++) p.due((t += FRAME));
    expect(p.interval()).toBe(MIN_APPLY_MS);
  });

  it('does not mistake an idle page for dropped frames', () => {
    const p = createPacer();
    p.due(1000);
    expect(p.due(5000)).toBe(true);
    expect(p.interval()).toBe(MIN_APPLY_MS);
  });
});

import { describe, expect, it } from 'vitest';
import { BinaryHeap } from './heap';
import { Random } from '../random';

describe('BinaryHeap', () => {
  it('pops in order, ties in insertion order, after pushes and removals', () => {
    const random = new Random(9);
    const heap = new BinaryHeap<{ k: number; seq: number }>((a, b) => a.k < b.k || (a.k === b.k && a.seq < b.seq));
    const all: { k: number; seq: number }[] = [];
    for (let seq = 0; seq < 500; seq++) {
      const x = { k: random.int(50), seq };
      all.push(x);
      heap.push(x);
    }
    const removed = new Set(all.filter((_, i) => i % 7 === 0));
    for (const x of removed) expect(heap.remove(x)).toBe(true);
    expect(heap.remove({ k: 1, seq: -1 })).toBe(false);
    const out: { k: number; seq: number }[] = [];
    for (let x = heap.pop(); x; x = heap.pop()) out.push(x);
    const want = all.filter((x) => !removed.has(x)).sort((a, b) => a.k - b.k || a.seq - b.seq);
    expect(out).toEqual(want);
    expect(heap.size).toBe(0);
  });
});

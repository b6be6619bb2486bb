import { describe, expect, it } from 'vitest';
import { Clock } from '../clock';
import { backoffDuration, SchedulingQueue } from './queue';

function run(clock: Clock, until: number) {
  while (clock.fireNext(until));
  clock.advanceTo(until);
}

describe('scheduling queue', () => {
  it('back-off doubles from 1 s to at most 10 s', () => {
    expect([1, 2, 3, 4, 5, 6].map(backoffDuration)).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });
  it('pops by priority, then arrival', () => {
    const q = new SchedulingQueue(new Clock(), 'q');
    q.add('low-1', 0);
    q.add('high', 1000);
    q.add('low-2', 0);
    expect([q.pop()?.uid, q.pop()?.uid, q.pop()?.uid, q.pop()]).toEqual(['high', 'low-1', 'low-2', undefined]);
  });
  it('an unschedulable pod waits for an event, then for its back-off', () => {
    const clock = new Clock();
    const q = new SchedulingQueue(clock, 'q');
    q.add('a', 0);
    q.pop();
    q.failed('a', ['NodeResourcesFit']);
    q.moveIf((p) => p.rejectors.includes('TaintToleration'));
    expect(q.get('a')?.where).toBe('unschedulable');
    q.moveIf((p) => p.rejectors.includes('NodeResourcesFit'));
    expect(q.get('a')?.where).toBe('backoff');
    run(clock, 999);
    expect(q.pop()).toBeUndefined();
    run(clock, 1000);
    expect(q.pop()?.uid).toBe('a');
  });
  it('retries an unschedulable pod after 5 minutes without any event', () => {
    const clock = new Clock();
    const q = new SchedulingQueue(clock, 'q');
    q.add('a', 0);
    q.pop();
    q.failed('a', ['NodeResourcesFit']);
    run(clock, 300_000);
    expect(q.get('a')?.where).toBe('unschedulable');
    run(clock, 330_000);
    expect(q.pop()?.uid).toBe('a');
  });
  it('survives a snapshot', () => {
    const clock = new Clock();
    const q = new SchedulingQueue(clock, 'q');
    q.add('a', 0);
    q.add('b', 5);
    const r = new SchedulingQueue(new Clock(), 'q');
    r.restore(JSON.parse(JSON.stringify(q.state())));
    expect([r.pop()?.uid, r.pop()?.uid]).toEqual(['b', 'a']);
  });
});

import { describe, expect, it } from 'vitest';
import { fitErrorMessage } from './fiterror';

describe('FailedScheduling message', () => {
  it('formats "%d %s" entries sorted as strings, then the preemption part', () => {
    const counts = new Map([
      ['Insufficient cpu', 2],
      ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', 1],
    ]);
    const post = 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    expect(fitErrorMessage(3, counts, undefined, post)).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });
  it('sorts by the string, so 10 comes before 2 (as Go sort.Strings does)', () => {
    const counts = new Map([
      ['Insufficient memory', 2],
      ['Too many pods', 10],
    ]);
    expect(fitErrorMessage(12, counts)).toBe('0/12 nodes are available: 10 Too many pods, 2 Insufficient memory.');
  });
  it('uses a PreFilter message instead of counts', () => {
    expect(fitErrorMessage(3, new Map([['x', 3]]), 'pod has unbound immediate PersistentVolumeClaims')).toBe('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.');
  });
});

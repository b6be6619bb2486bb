import { describe, expect, it } from 'vitest';
import { explainPod } from './why';

describe('explainPod', () => {
  it('explains Pending, CrashLoopBackOff and image pull failures from the fields kubectl shows', () => {
    expect(explainPod({ spec: { containers: [] }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } } as never)[0]).toMatch(/^Pending: the scheduler found no node that fits/);
    const crash = explainPod({
      spec: { nodeName: 'node-1', containers: [{ name: 'app' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 3, image: 'x', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 137, reason: 'Error' } } }] },
    } as never);
    expect(crash).toEqual([expect.stringMatching(/^Container app keeps exiting \(last exit code 137, Error\)/)]);
    const pull = explainPod({ spec: { nodeName: 'n', containers: [{ name: 'web', image: 'nginx:nope' }] }, status: { phase: 'Pending', containerStatuses: [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] } } as never);
    expect(pull[0]).toContain('"nginx:nope" could not be pulled');
  });
});

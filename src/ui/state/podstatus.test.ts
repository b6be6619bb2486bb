import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { humanDuration, podColumns, restartsText } from './podstatus';

function pod(status: Pod['status'], extra: Partial<Pod> = {}): Pod {
  return { metadata: { name: 'web-1', namespace: 'default' }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] }, status, ...extra };
}
const running = (extra: Partial<ContainerStatus> = {}): ContainerStatus => ({ name: 'nginx', image: 'nginx', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:00Z' } }, ...extra });
const waiting = (reason: string, extra: Partial<ContainerStatus> = {}): ContainerStatus => ({ name: 'nginx', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason } }, ...extra });

describe('podColumns (kubectl printPod)', () => {
  it('an unscheduled pod is Pending 0/1', () => {
    expect(podColumns(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }))).toMatchObject({ status: 'Pending', ready: 0, total: 1, restarts: 0 });
  });

  it('a scheduled pod whose container is being created shows ContainerCreating', () => {
    expect(podColumns(pod({ phase: 'Pending', containerStatuses: [waiting('ContainerCreating')] })).status).toBe('ContainerCreating');
  });

  it('a running, ready pod is Running 1/1', () => {
    expect(podColumns(pod({ phase: 'Running', containerStatuses: [running()] }))).toMatchObject({ status: 'Running', ready: 1, total: 1 });
  });

  it('a running but unready container counts 0 ready yet says Running', () => {
    expect(podColumns(pod({ phase: 'Running', containerStatuses: [running({ ready: false })] }))).toMatchObject({ status: 'Running', ready: 0 });
  });

  it('image pull failures and crash loops show the waiting reason', () => {
    expect(podColumns(pod({ phase: 'Pending', containerStatuses: [waiting('ErrImagePull')] })).status).toBe('ErrImagePull');
    expect(podColumns(pod({ phase: 'Pending', containerStatuses: [waiting('ImagePullBackOff')] })).status).toBe('ImagePullBackOff');
    const crash = podColumns(
      pod({ phase: 'Running', containerStatuses: [waiting('CrashLoopBackOff', { restartCount: 3, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-01-01T00:01:00Z' } } })] }),
    );
    expect(crash).toMatchObject({ status: 'CrashLoopBackOff', restarts: 3, lastRestartMs: Date.parse('2026-01-01T00:01:00Z') });
    expect(restartsText(crash, Date.parse('2026-01-01T00:01:45Z'))).toBe('3 (45s ago)');
  });

  it('terminated containers: reason, else ExitCode:N or Signal:N', () => {
    expect(podColumns(pod({ phase: 'Running', containerStatuses: [{ ...running(), ready: false, state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }] })).status).toBe('OOMKilled');
    expect(podColumns(pod({ phase: 'Running', containerStatuses: [{ ...running(), ready: false, state: { terminated: { exitCode: 2 } } }] })).status).toBe('ExitCode:2');
    expect(podColumns(pod({ phase: 'Running', containerStatuses: [{ ...running(), ready: false, state: { terminated: { exitCode: 0, signal: 9 } } }] })).status).toBe('Signal:9');
  });

  it('the first container wins: states are read from last to first', () => {
    const p = pod(
      { phase: 'Running', containerStatuses: [waiting('CrashLoopBackOff'), { ...running(), name: 'side' }] },
      { spec: { containers: [{ name: 'nginx' }, { name: 'side' }] } },
    );
    expect(podColumns(p)).toMatchObject({ status: 'CrashLoopBackOff', ready: 1, total: 2 });
  });

  it('Completed with a container still running reads Running when the pod is Ready, else NotReady', () => {
    const status = (ready: 'True' | 'False'): Pod['status'] => ({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready }],
      containerStatuses: [{ ...running(), name: 'a' }, { ...running(), name: 'b', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    });
    const spec = { spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    // b is read first (last to first), then a: a running+ready keeps reason "Completed" from b
    expect(podColumns(pod(status('True'), spec)).status).toBe('Running');
    expect(podColumns(pod(status('False'), spec)).status).toBe('NotReady');
  });

  it('init containers: Init:i/n, Init:<reason>, Init:ExitCode:N', () => {
    const spec = { spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'nginx' }] } };
    const done = { name: 'i1', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } };
    const runningInit = { name: 'i2', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { running: {} } };
    expect(podColumns(pod({ phase: 'Pending', initContainerStatuses: [done, runningInit] }, spec)).status).toBe('Init:1/2');
    expect(podColumns(pod({ phase: 'Pending', initContainerStatuses: [{ ...done, name: 'i1', state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, spec)).status).toBe('Init:CrashLoopBackOff');
    expect(podColumns(pod({ phase: 'Pending', initContainerStatuses: [{ ...done, state: { terminated: { exitCode: 3 } } }] }, spec)).status).toBe('Init:ExitCode:3');
    expect(podColumns(pod({ phase: 'Pending', initContainerStatuses: [{ ...done, state: { waiting: { reason: 'PodInitializing' } } }] }, spec)).status).toBe('Init:0/2');
  });

  it('a started sidecar counts toward READY and total', () => {
    const p = pod(
      { phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: [{ name: 'proxy', image: 'envoy', imageID: '', ready: true, started: true, restartCount: 1, state: { running: {} } }], containerStatuses: [running()] },
      { spec: { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'nginx' }] } },
    );
    expect(podColumns(p)).toMatchObject({ status: 'Running', ready: 2, total: 2, restarts: 1 });
  });

  it('a pod being deleted is Terminating, or Unknown when its node was lost', () => {
    expect(podColumns(pod({ phase: 'Running', containerStatuses: [running()] }, { metadata: { name: 'x', deletionTimestamp: '2026-01-01T00:00:30Z' } })).status).toBe('Terminating');
    expect(podColumns(pod({ phase: 'Running', reason: 'NodeLost' }, { metadata: { name: 'x', deletionTimestamp: '2026-01-01T00:00:30Z' } })).status).toBe('Unknown');
    expect(podColumns(pod({ phase: 'Succeeded' }, { metadata: { name: 'x', deletionTimestamp: '2026-01-01T00:00:30Z' } })).status).toBe('Succeeded');
  });

  it('status.reason overrides the phase (Evicted) and SchedulingGated is shown', () => {
    expect(podColumns(pod({ phase: 'Failed', reason: 'Evicted' })).status).toBe('Evicted');
    expect(podColumns(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] })).status).toBe('SchedulingGated');
  });
});

describe('humanDuration', () => {
  it('prints like kubectl', () => {
    expect(humanDuration(45_000)).toBe('45s');
    expect(humanDuration(119_000)).toBe('119s');
    expect(humanDuration(312_000)).toBe('5m12s');
    expect(humanDuration(300_000)).toBe('5m');
    expect(humanDuration(45 * 60_000)).toBe('45m');
    expect(humanDuration(5 * 3600_000 + 7 * 60_000)).toBe('5h7m');
    expect(humanDuration(30 * 3600_000)).toBe('30h');
    expect(humanDuration(3 * 86400_000 + 4 * 3600_000)).toBe('3d4h');
  });
});

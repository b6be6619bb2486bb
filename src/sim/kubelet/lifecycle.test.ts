import { describe, expect, it } from 'vitest';
import type { Event, Lease, Node, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { pod } from '../testing/builders';
import { podStatusColumn, restarts } from './testing/podstatus';

const on = (node = 'node-1') => ({ nodeName: node });
const get = (c: Cluster, name: string) => c.store.get<Pod>('pods', 'default', name)!;
const events = (c: Cluster, name: string) =>
  c.store
    .list<Event>('events', 'default')
    .filter((e) => e.involvedObject.name === name)
    .map((e) => `${e.type} ${e.reason} ${e.message}`);

describe('node registration and heartbeats', () => {
  it('registers every machine as a Node with real labels, taints, capacity and nodeInfo', () => {
    const c = Cluster.create();
    const cp = c.store.get<Node>('nodes', '', 'control-plane')!;
    const n1 = c.store.get<Node>('nodes', '', 'node-1')!;
    expect(cp.metadata?.labels).toMatchObject({ 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'control-plane', 'kubernetes.io/os': 'linux' });
    expect(cp.spec?.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(n1.spec?.taints).toBeUndefined();
    expect(n1.spec?.podCIDR).toMatch(/^10\.244\.\d+\.0\/24$/);
    expect(n1.status?.capacity).toMatchObject({ cpu: '4', pods: '110', 'hugepages-2Mi': '0' });
    expect(n1.status?.nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.2', containerRuntimeVersion: 'containerd://1.7.24', osImage: 'Debian GNU/Linux 12 (bookworm)' });
    expect(n1.status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
    expect(n1.status?.addresses?.[0]).toEqual({ type: 'InternalIP', address: c.infra.get('node-1')!.internalIP });
  });

  it('renews the node lease every 10 s and stops when the kubelet stops', () => {
    const c = Cluster.create();
    const lease = () => c.store.get<Lease>('leases', 'kube-node-lease', 'node-2')!;
    expect(lease().spec).toMatchObject({ holderIdentity: 'node-2', leaseDurationSeconds: 40 });
    c.runFor(30_000);
    expect(lease().spec?.renewTime).toBe('2026-01-01T00:00:30.000000Z');
    c.infra.setProcess('node-2', 'kubelet', false);
    c.runFor(60_000);
    expect(lease().spec?.renewTime).toBe('2026-01-01T00:00:30.000000Z');
    c.infra.setProcess('node-2', 'kubelet', true);
    c.runFor(10_000);
    expect(lease().spec?.renewTime).not.toBe('2026-01-01T00:00:30.000000Z');
  });
});

describe('pod lifecycle', () => {
  it('pulls, creates and starts a container in two status writes, then reuses the image', () => {
    const c = Cluster.create();
    let writes = 0;
    c.store.subscribe('pods', (e) => e.type === 'MODIFIED' && e.object.metadata?.name === 'web' && writes++);
    c.api.create('pods', 'default', pod('web', { image: 'nginx:1.27', spec: on() }));
    c.settle();
    expect(podStatusColumn(get(c, 'web'))).toBe('ContainerCreating');
    expect(get(c, 'web').status?.phase).toBe('Pending');
    expect(get(c, 'web').status?.podIP).toBeUndefined();
    c.runFor(10_000);
    const p = get(c, 'web');
    expect(p.status?.phase).toBe('Running');
    expect(p.status?.podIP).toMatch(/^10\.244\.\d+\.2$/);
    expect(p.status?.conditions?.map((x) => `${x.type}=${x.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    expect(p.status?.containerStatuses?.[0].containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(writes).toBe(2);
    const evs = events(c, 'web');
    expect(evs[0]).toBe('Normal Pulling Pulling image "nginx:1.27"');
    expect(evs[1]).toMatch(/^Normal Pulled Successfully pulled image "nginx:1.27" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: 72099501 bytes\.$/);
    expect(evs.slice(2)).toEqual(['Normal Created Created container: nginx', 'Normal Started Started container nginx']);

    c.api.create('pods', 'default', pod('web2', { image: 'nginx:1.27', spec: on() }));
    c.runFor(5_000);
    expect(events(c, 'web2')[0]).toBe('Normal Pulled Container image "nginx:1.27" already present on machine');
    expect(get(c, 'web2').status?.podIP).not.toBe(p.status?.podIP);
  });

  it('shows ErrImagePull then ImagePullBackOff for an unknown tag and for a typo', () => {
    const c = Cluster.create();
    c.api.create('pods', 'default', pod('bad', { image: 'nginx:doesnotexist', spec: on() }));
    c.api.create('pods', 'default', pod('typo', { image: 'ngnix', spec: on('node-2') }));
    const seen: string[] = [];
    c.store.subscribe('pods', (e) => {
      if (e.object.metadata?.name !== 'bad') return;
      const s = podStatusColumn(e.object as Pod);
      if (seen[seen.length - 1] !== s) seen.push(s);
    });
    c.runFor(60_000);
    expect(seen.slice(0, 6)).toEqual(['Pending', 'ContainerCreating', 'ErrImagePull', 'ImagePullBackOff', 'ErrImagePull', 'ImagePullBackOff']);
    const w = get(c, 'bad').status?.containerStatuses?.[0].state?.waiting;
    expect(w).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:doesnotexist"' });
    expect(get(c, 'bad').status?.phase).toBe('Pending');
    expect(events(c, 'bad')).toContain('Warning Failed Error: ErrImagePull');
    expect(events(c, 'bad')).toContain(
      'Warning Failed Failed to pull image "nginx:doesnotexist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found',
    );
    expect(events(c, 'typo').some((e) => e.includes('pull access denied, repository does not exist or may require authorization'))).toBe(true);
  });

  it('runs init containers in order before the app container', () => {
    const c = Cluster.create();
    const p = pod('app', { image: 'nginx:1.27', spec: { ...on(), initContainers: [{ name: 'wait', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 5'] }] } });
    c.api.create('pods', 'default', p);
    c.settle();
    expect(podStatusColumn(get(c, 'app'))).toBe('Init:0/1');
    c.runFor(4_000);
    expect(podStatusColumn(get(c, 'app'))).toBe('Init:0/1');
    expect(get(c, 'app').status?.conditions?.find((x) => x.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [wait]' });
    c.runFor(20_000);
    expect(podStatusColumn(get(c, 'app'))).toBe('Running');
    expect(get(c, 'app').status?.initContainerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('finishes a Never-restart pod as Succeeded or Failed', () => {
    const c = Cluster.create();
    c.api.create('pods', 'default', pod('ok', { image: 'busybox:1.36', container: { command: ['sh', '-c', 'echo hello; sleep 2'] }, spec: { ...on(), restartPolicy: 'Never' } }));
    c.api.create('pods', 'default', pod('ko', { image: 'busybox:1.36', container: { command: ['false'] }, spec: { ...on(), restartPolicy: 'Never' } }));
    c.runFor(20_000);
    expect(get(c, 'ok').status?.phase).toBe('Succeeded');
    expect(podStatusColumn(get(c, 'ok'))).toBe('Completed');
    expect(get(c, 'ok').status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(c.api.logs('default', 'ok')).toBe('hello\n');
    expect(get(c, 'ko').status?.phase).toBe('Failed');
    expect(podStatusColumn(get(c, 'ko'))).toBe('Error');
  });

  it('OOM-kills a leaking container at its memory limit', () => {
    const c = Cluster.create();
    c.api.create('pods', 'default', pod('leak', { image: 'playground/leak', container: { resources: { limits: { memory: '128Mi' } } }, spec: on() }));
    c.runFor(30_000);
    const cs = get(c, 'leak').status?.containerStatuses?.[0];
    expect(cs?.lastState?.terminated ?? cs?.state?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });
});

describe('termination', () => {
  it('stops nginx quickly and deletes the pod with grace 0', () => {
    const c = Cluster.create();
    c.api.create('pods', 'default', pod('web', { image: 'nginx:1.27', spec: on() }));
    c.runFor(10_000);
    c.api.delete('pods', 'default', 'web');
    c.settle();
    expect(podStatusColumn(get(c, 'web'))).toBe('Terminating');
    expect(events(c, 'web')).toContain('Normal Killing Stopping container nginx');
    c.runFor(2_000);
    expect(get(c, 'web')).toBeUndefined();
  });

  it('waits the whole grace period for sleep as PID 1, which ignores SIGTERM (exit 137)', () => {
    const c = Cluster.create();
    c.api.create('pods', 'default', pod('sleeper', { image: 'busybox:1.36', container: { command: ['sleep', '3600'] }, spec: on() }));
    c.runFor(10_000);
    const last: Pod[] = [];
    c.store.subscribe('pods', (e) => e.type === 'MODIFIED' && last.push(e.object as Pod));
    c.api.delete('pods', 'default', 'sleeper');
    c.runFor(29_000);
    expect(get(c, 'sleeper')).toBeDefined();
    c.runFor(2_000);
    expect(get(c, 'sleeper')).toBeUndefined();
    const final = last[last.length - 1];
    expect(final.status?.phase).toBe('Failed');
    expect(final.status?.containerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('leaves a pod deleted while its node is off Terminating until the node returns', () => {
    const c = Cluster.create();
    c.api.create('pods', 'default', pod('web', { image: 'nginx:1.27', spec: on('node-3') }));
    c.runFor(10_000);
    c.infra.setPower('node-3', false);
    c.api.delete('pods', 'default', 'web');
    c.runFor(120_000);
    expect(podStatusColumn(get(c, 'web'))).toBe('Terminating');
    c.infra.setPower('node-3', true);
    c.runFor(5_000);
    expect(get(c, 'web')).toBeUndefined();
  });
});

describe('power and kubelet process', () => {
  it('restarts containers after a power cycle with restartCount+1 and a new sandbox', () => {
    const c = Cluster.create();
    c.api.create('pods', 'default', pod('web', { image: 'nginx:1.27', spec: on('node-2') }));
    c.runFor(10_000);
    const before = get(c, 'web');
    c.infra.setPower('node-2', false);
    c.runFor(30_000);
    expect(get(c, 'web').status).toEqual(before.status); // nothing reported while off
    c.infra.setPower('node-2', true);
    c.runFor(10_000);
    const after = get(c, 'web');
    expect(after.status?.phase).toBe('Running');
    expect(restarts(after)).toBe(1);
    expect(after.status?.containerStatuses?.[0].lastState?.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' });
    expect(events(c, 'web')).toContain('Normal SandboxChanged Pod sandbox changed, it will be killed and re-created.');
  });

  it('keeps containers running while the kubelet is stopped, with no status updates', () => {
    const c = Cluster.create();
    c.api.create('pods', 'default', pod('crash', { image: 'playground/crash', spec: on() }));
    c.runFor(2_000);
    c.infra.setProcess('node-1', 'kubelet', false);
    const before = get(c, 'crash').status?.containerStatuses;
    c.runFor(60_000);
    // the container exited meanwhile, but nobody reports it (the node controller may mark the pod not ready)
    expect(get(c, 'crash').status?.containerStatuses).toEqual(before);
    c.infra.setProcess('node-1', 'kubelet', true);
    c.runFor(3_000);
    expect(restarts(get(c, 'crash'))).toBeGreaterThanOrEqual(1);
  });
});

describe('logs', () => {
  it('gives the real refusals for waiting, unnamed and missing previous containers', () => {
    const c = Cluster.create();
    c.api.create('pods', 'default', pod('web', { image: 'nginx:1.27', spec: on() }));
    c.settle();
    expect(() => c.api.logs('default', 'web')).toThrowError('container "nginx" in pod "web" is waiting to start: ContainerCreating');
    c.runFor(10_000);
    expect(c.api.logs('default', 'web')).toContain('start worker processes');
    expect(() => c.api.logs('default', 'web', { previous: true })).toThrowError('previous terminated container "nginx" in pod "web" not found');
    const two = pod('two', { spec: { ...on(), containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'redis' }] } });
    c.api.create('pods', 'default', two);
    expect(() => c.api.logs('default', 'two')).toThrowError('a container name must be specified for pod two, choose one of: [a b]');
  });
});

describe('snapshots', () => {
  it('restores to an identical future', () => {
    const c = Cluster.create({ seed: 7 });
    c.api.create('pods', 'default', pod('crash', { image: 'playground/crash', spec: on() }));
    c.api.create('pods', 'default', pod('web', { image: 'nginx', spec: on('node-2') }));
    c.runFor(25_000);
    const snap = c.snapshot();
    const r = Cluster.restore(snap);
    c.runFor(120_000);
    r.runFor(120_000);
    expect(r.store.get('pods', 'default', 'crash')).toEqual(c.store.get('pods', 'default', 'crash'));
    expect(r.store.revision).toBe(c.store.revision);
  });
});

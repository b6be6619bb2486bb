/**
 * The control plane as pods: mirror pods of the static control-plane pods, and what stopping
 * each process does to them and to the cluster.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionRefusedError } from '../api/errors';
import type { Pod } from '../api/types';
import { Cluster } from '../cluster';
import { deployment } from '../testing/builders';

const cp = (c: Cluster, component: string) => c.store.get<Pod>('pods', 'kube-system', `${component}-control-plane`)!;
const ready = (p: Pod | undefined) => !!p?.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');
const web = (c: Cluster) => c.store.list<Pod>('pods', 'default').filter((p) => p.metadata?.labels?.app === 'web');

describe('control plane static pods', () => {
  it('publishes the four mirror pods as kubeadm does', () => {
    const c = Cluster.create({ seed: 3 });
    c.runFor(5_000);
    const names = c.store.list<Pod>('pods', 'kube-system').map((p) => p.metadata?.name).filter((n) => n?.endsWith('-control-plane'));
    expect(names.sort()).toEqual(['etcd-control-plane', 'kube-apiserver-control-plane', 'kube-controller-manager-control-plane', 'kube-scheduler-control-plane']);
    const p = cp(c, 'kube-apiserver');
    const node = c.store.get('nodes', '', 'control-plane')!;
    const ip = c.infra.get('control-plane')!.internalIP;
    expect(p.metadata?.labels).toEqual({ component: 'kube-apiserver', tier: 'control-plane' });
    expect(p.metadata?.annotations?.['kubernetes.io/config.mirror']).toMatch(/^[0-9a-f]{16}$/);
    expect(p.metadata?.annotations?.['kubernetes.io/config.source']).toBe('file');
    expect(p.metadata?.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'control-plane', uid: node.metadata?.uid, controller: true }]);
    expect(p.spec).toMatchObject({ nodeName: 'control-plane', hostNetwork: true, priority: 2000001000, priorityClassName: 'system-node-critical', tolerations: [{ operator: 'Exists', effect: 'NoExecute' }] });
    // ServiceAccount admission leaves mirror pods alone
    expect(p.spec?.serviceAccountName).toBeUndefined();
    expect(p.spec?.volumes).toBeUndefined();
    expect(p.status).toMatchObject({ phase: 'Running', podIP: ip, hostIP: ip, qosClass: 'Burstable' });
    expect(ready(p)).toBe(true);
  });

  it('kube-scheduler stopped: its pod is not ready and new pods stay Pending until it returns', () => {
    const c = Cluster.create({ seed: 4 });
    c.api.create('deployments', 'default', deployment('web', { replicas: 1 }));
    expect(c.runUntilTrue(() => web(c).some((p) => ready(p)), 60_000, 1000)).toBe(true);
    c.infra.setProcess('control-plane', 'kube-scheduler', false);
    c.runFor(1000);
    const p = cp(c, 'kube-scheduler');
    expect(ready(p)).toBe(false);
    expect(p.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    c.api.patch('deployments', 'default', 'web', { spec: { replicas: 3 } });
    c.runFor(60_000);
    expect(web(c)).toHaveLength(3);
    expect(web(c).filter((x) => !x.spec?.nodeName)).toHaveLength(2);
    c.infra.setProcess('control-plane', 'kube-scheduler', true);
    expect(c.runUntilTrue(() => web(c).filter(ready).length === 3, 60_000, 1000)).toBe(true);
    const back = cp(c, 'kube-scheduler');
    expect(ready(back)).toBe(true);
    expect(back.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 137 } } });
  });

  it('kube-controller-manager stopped: a deleted pod is not replaced until it returns', () => {
    const c = Cluster.create({ seed: 5 });
    c.api.create('deployments', 'default', deployment('web', { replicas: 2 }));
    expect(c.runUntilTrue(() => web(c).filter(ready).length === 2, 60_000, 1000)).toBe(true);
    c.infra.setProcess('control-plane', 'kube-controller-manager', false);
    c.runFor(1000);
    expect(ready(cp(c, 'kube-controller-manager'))).toBe(false);
    c.api.delete('pods', 'default', web(c)[0].metadata!.name!);
    c.runFor(90_000);
    expect(web(c)).toHaveLength(1);
    c.infra.setProcess('control-plane', 'kube-controller-manager', true);
    expect(c.runUntilTrue(() => web(c).filter(ready).length === 2, 60_000, 1000)).toBe(true);
  });

  it('kube-apiserver stopped: every client is refused; the kubelet catches up when it returns', () => {
    const c = Cluster.create({ seed: 6 });
    c.runFor(5_000);
    c.infra.setProcess('control-plane', 'kube-apiserver', false);
    c.runFor(30_000);
    let err: unknown;
    try {
      c.client('kubectl').list('pods', 'default');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConnectionRefusedError);
    expect((err as Error).message).toBe('The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?');
    // nobody could write the apiserver pod's status: the store still shows it running
    expect(ready(cp(c, 'kube-apiserver'))).toBe(true);
    c.infra.setProcess('control-plane', 'kube-apiserver', true);
    c.runFor(5_000);
    const p = cp(c, 'kube-apiserver');
    expect(ready(p)).toBe(true);
    expect(p.status?.containerStatuses?.[0]?.restartCount).toBe(1);
    c.api.create('deployments', 'default', deployment('web', { replicas: 2 }));
    expect(c.runUntilTrue(() => web(c).filter(ready).length === 2, 60_000, 1000)).toBe(true);
  });

  it('a deleted mirror pod is recreated at once', () => {
    const c = Cluster.create({ seed: 7 });
    c.runFor(5_000);
    const uid = cp(c, 'etcd').metadata?.uid;
    c.api.delete('pods', 'kube-system', 'etcd-control-plane');
    c.runFor(1_000);
    expect(cp(c, 'etcd')).toBeDefined();
    expect(cp(c, 'etcd').metadata?.uid).not.toBe(uid);
    expect(ready(cp(c, 'etcd'))).toBe(true);
  });
});

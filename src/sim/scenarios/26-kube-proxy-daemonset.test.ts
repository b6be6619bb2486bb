/**
 * Scenario 26: kube-proxy is a DaemonSet pod, as kubeadm installs it. Every node — the control
 * plane included — runs a `kube-proxy-xxxxx` pod in kube-system on the host network (pod IP =
 * node IP); a node that joins gets one. A node is programmed only while its kube-proxy runs:
 * delete the pod and the node keeps its old (stale) rules until the DaemonSet's replacement is
 * Running; stop the process and the pod goes CrashLoopBackOff while the rules go stale; cut the
 * power and the rules are gone until the container starts again.
 */
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { isReady } from '../controllers/testing/workloads';
import { proxiesOf, service } from '../network/testing/net';
import { deployment } from '../testing/builders';

const proxyPods = (c: Cluster) => c.store.list<Pod>('pods', 'kube-system').filter((p) => p.metadata?.labels?.['k8s-app'] === 'kube-proxy');
const proxyOn = (c: Cluster, node: string) => proxyPods(c).find((p) => p.spec?.nodeName === node && !p.metadata?.deletionTimestamp);
const internalIP = (c: Cluster, node: string) => c.store.get<Node>('nodes', '', node)?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
const vipOf = (c: Cluster, name: string) => c.store.get<Service>('services', 'default', name)!.spec!.clusterIP!;
const route = (c: Cluster, node: string, vip: string, port = 80) => proxiesOf(c).route(node, 'vip', vip, port, '10.244.9.9', c.random);

/** a cluster with a Service `web` in front of one ready pod, every node's rules in sync */
function withService(seed: number): Cluster {
  const c = Cluster.create({ seed });
  c.api.create('deployments', 'default', deployment('web', { replicas: 1 }));
  c.api.create('services', 'default', service('web'));
  expect(c.runUntilTrue(() => c.store.list<Pod>('pods', 'default').some(isReady), 60_000)).toBe(true);
  c.runFor(2_000);
  return c;
}

describe('scenario 26: kube-proxy as a DaemonSet', () => {
  it('runs one kube-proxy pod per node, control plane included, with the node IP; a joining node gets one', () => {
    const c = Cluster.create({ seed: 26 });
    c.runFor(10_000);
    const ps = proxyPods(c);
    expect(ps.map((p) => p.spec?.nodeName).sort()).toEqual(['control-plane', 'node-1', 'node-2', 'node-3']);
    for (const p of ps) {
      expect(p.metadata?.name).toMatch(/^kube-proxy-[bcdfghjklmnpqrstvwxz2-9]{5}$/);
      expect(p.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'kube-proxy', controller: true });
      expect(p.status?.phase).toBe('Running');
      expect(isReady(p)).toBe(true);
      expect(p.status?.podIP).toBe(internalIP(c, p.spec!.nodeName!));
      expect(p.status?.hostIP).toBe(p.status?.podIP);
      expect(p.spec).toMatchObject({ hostNetwork: true, priorityClassName: 'system-node-critical', priority: 2000001000, serviceAccountName: 'kube-proxy' });
      expect(p.spec?.containers[0]).toMatchObject({ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.2', securityContext: { privileged: true } });
      expect(proxiesOf(c).rulesOf(p.spec!.nodeName!)).not.toBeNull();
    }
    const ds = c.store.get<DaemonSet>('daemonsets', 'kube-system', 'kube-proxy')!;
    expect(ds.spec?.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 4, numberAvailable: 4 });
    expect(c.store.get('configmaps', 'kube-system', 'kube-proxy')?.data).toHaveProperty('config.conf');

    c.addMachine({ name: 'node-4' });
    expect(proxiesOf(c).rulesOf('node-4')).toBeNull(); // nothing programs it yet
    expect(c.runUntilTrue(() => !!proxyOn(c, 'node-4') && isReady(proxyOn(c, 'node-4')!), 60_000)).toBe(true);
    expect(proxyOn(c, 'node-4')!.status?.podIP).toBe(internalIP(c, 'node-4'));
    c.runFor(1_000);
    expect(route(c, 'node-4', '10.96.0.1', 443)).toMatchObject({ ok: true, backend: { port: 6443 } });
    expect(c.store.get<DaemonSet>('daemonsets', 'kube-system', 'kube-proxy')!.status).toMatchObject({ desiredNumberScheduled: 5, numberReady: 5 });
    expect(c.faults).toEqual([]);
  });

  it('a deleted kube-proxy pod leaves its node with stale rules until the replacement runs', () => {
    const c = withService(261);
    const old = proxyOn(c, 'node-2')!;
    c.api.delete('pods', 'kube-system', old.metadata!.name!);
    // the old kube-proxy exits on SIGTERM; the DaemonSet has already made a replacement
    expect(c.runUntilTrue(() => !c.store.get('pods', 'kube-system', old.metadata!.name!), 30_000, 10)).toBe(true);
    const fresh = proxyOn(c, 'node-2')!;
    expect(fresh.metadata?.uid).not.toBe(old.metadata?.uid);
    expect(isReady(fresh)).toBe(false);

    // a new Service while node-2 has no kube-proxy: the others program it, node-2 does not
    c.api.create('services', 'default', service('api', { selector: { app: 'web' } }));
    c.settle();
    const api = vipOf(c, 'api');
    expect(route(c, 'node-1', api)).toMatchObject({ ok: true });
    let checks = 0;
    expect(
      c.runUntilTrue(
        () => {
          const running = isReady(proxyOn(c, 'node-2')!);
          if (!running) {
            checks++;
            expect(route(c, 'node-2', api)).toEqual({ ok: false, why: 'timeout' }); // the VIP is unknown there
            expect(proxiesOf(c).isStale('node-2')).toBe(true);
            expect(proxiesOf(c).rulesOf('node-2')!.version).toBeLessThan(proxiesOf(c).rulesOf('node-1')!.version);
            expect(route(c, 'node-2', vipOf(c, 'web'))).toMatchObject({ ok: true }); // the old rules still work
          }
          return running;
        },
        30_000,
        10,
      ),
    ).toBe(true);
    expect(checks).toBeGreaterThan(10);
    // the replacement syncs (min sync period 1 s)
    c.runFor(1_000);
    expect(route(c, 'node-2', api)).toMatchObject({ ok: true });
    expect(proxiesOf(c).rulesOf('node-2')).toBe(proxiesOf(c).rulesOf('node-1')); // the same table again
    expect(proxyOn(c, 'node-2')!.status?.podIP).toBe(internalIP(c, 'node-2'));
    expect(c.faults).toEqual([]);
  });

  it('a stopped kube-proxy process: the pod crash-loops and the node routes stale rules; power loss drops them', () => {
    const c = withService(262);
    const px = proxiesOf(c);
    c.infra.setProcess('node-3', 'kube-proxy', false);
    c.runFor(2_000);
    const pod = () => proxyOn(c, 'node-3')!;
    expect(isReady(pod())).toBe(false);
    expect(pod().status?.containerStatuses?.[0].lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(c.store.get<DaemonSet>('daemonsets', 'kube-system', 'kube-proxy')!.status?.numberReady).toBe(3);

    // the Service moves to a new pod: node-3 still sends connections to the old one
    const before = c.store.list<Pod>('pods', 'default')[0];
    c.api.delete('pods', 'default', before.metadata!.name!);
    expect(c.runUntilTrue(() => c.store.list<Pod>('pods', 'default').some((p) => isReady(p) && p.metadata?.uid !== before.metadata?.uid), 60_000)).toBe(true);
    c.runFor(2_000);
    const now = c.store.list<Pod>('pods', 'default').find((p) => p.metadata?.uid !== before.metadata?.uid)!.status!.podIP;
    expect(route(c, 'node-1', vipOf(c, 'web'))).toMatchObject({ ok: true, backend: { ip: now } });
    expect(route(c, 'node-3', vipOf(c, 'web'))).toMatchObject({ ok: true, backend: { ip: before.status!.podIP } });
    expect(pod().status?.containerStatuses?.[0].state?.waiting?.reason).toBe('CrashLoopBackOff');

    // started again: the kubelet's next restart sticks and the node catches up
    c.infra.setProcess('node-3', 'kube-proxy', true);
    expect(c.runUntilTrue(() => isReady(pod()), 5 * 60_000)).toBe(true);
    c.runFor(1_000);
    expect(route(c, 'node-3', vipOf(c, 'web'))).toMatchObject({ ok: true, backend: { ip: now } });

    // power off: iptables is gone with the machine; back on, the store still shows the old
    // container Running, but there are no rules until the kubelet has started a new one
    const id = pod().status?.containerStatuses?.[0].containerID;
    c.infra.setPower('node-3', false);
    expect(px.rulesOf('node-3')).toBeNull();
    c.runFor(1_000);
    c.infra.setPower('node-3', true);
    c.settle();
    expect(pod().status?.containerStatuses?.[0].containerID).toBe(id);
    expect(px.rulesOf('node-3')).toBeNull();
    expect(c.runUntilTrue(() => px.rulesOf('node-3') !== null, 60_000, 10)).toBe(true);
    expect(pod().status?.containerStatuses?.[0].containerID).not.toBe(id);
    expect(c.faults).toEqual([]);
  });

  it('a cluster restored while a node waits for its kube-proxy has the same future', () => {
    const a = withService(263);
    a.api.delete('pods', 'kube-system', proxyOn(a, 'node-1')!.metadata!.name!);
    a.runFor(300);
    a.infra.setProcess('node-2', 'kube-proxy', false);
    a.api.create('services', 'default', service('api', { selector: { app: 'web' } }));
    a.runFor(200);
    const b = Cluster.restore(a.snapshot());
    expect(proxiesOf(b).isStale('node-1')).toBe(proxiesOf(a).isStale('node-1'));
    for (const c of [a, b]) {
      c.runFor(5_000);
      c.infra.setProcess('node-2', 'kube-proxy', true);
      c.runFor(60_000);
    }
    expect(b.snapshot()).toEqual(a.snapshot());
    for (const n of ['node-1', 'node-2']) expect(proxiesOf(b).rulesOf(n)).toEqual(proxiesOf(a).rulesOf(n));
  });
});

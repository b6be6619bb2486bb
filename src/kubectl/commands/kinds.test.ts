import { describe, expect, test } from 'vitest';
import { Cluster } from '../../sim/cluster';
import { envFor, kubectl } from '../testing/env';
import { base64 } from './createkinds';
import { goDuration } from './top';
import { daemonSetStatus, statefulSetStatus } from './rolloutstatus';

function setup() {
  const c = Cluster.create({ seed: 5 });
  const env = envFor(c);
  return { c, env, k: (l: string) => kubectl(env, l) };
}

describe('create configmap / secret / service', () => {
  test('configmap and secret from literals; the secret stores base64', () => {
    const { k } = setup();
    expect(k('create configmap cfg --from-literal=a=1 --from-literal=b="x,y"').all).toBe('configmap/cfg created\n');
    expect(k('get cm cfg -o jsonpath={.data}').out).toBe('{"a":"1","b":"x,y"}');
    expect(k('create secret generic sec --from-literal=pw=s3cr3t').all).toBe('secret/sec created\n');
    expect(k('get secret sec -o jsonpath={.data.pw}').out).toBe('czNjcjN0');
    expect(k('get secret sec').out).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE\nsec\s+Opaque\s+1\s+0s\n$/);
  });
  test('kubectl messages for bad literals', () => {
    const { k } = setup();
    expect(k('create configmap x --from-literal=a=1 --from-literal=a=2').all).toBe('error: cannot add key "a", another key by that name already exists in Data for ConfigMap "x"\n');
    expect(k('create configmap x --from-literal==v').all).toBe('error: invalid literal source =v, expected key=value\n');
    expect(k('create configmap').all).toMatch(/^error: exactly one NAME is required, got 0/);
  });
  test('services: app=NAME label and selector, port named after the pair, node port', () => {
    const { k } = setup();
    expect(k('create service nodeport np --tcp=80:web --node-port=30090').all).toBe('service/np created\n');
    expect(k(`get svc np -o 'jsonpath={.metadata.labels.app} {.spec.selector.app} {.spec.ports[0].name} {.spec.ports[0].nodePort}'`).out).toBe('np np 80-web 30090');
    expect(k('get svc np').out).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nnp\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+80:30090\/TCP\s+0s\n$/);
    expect(k('create service clusterip x').all).toBe('error: at least one tcp port specifier must be provided\n');
    expect(k('create service nodeport x --tcp=80 --clusterip=None').all).toMatch(/^Error: unknown flag: --clusterip\nSee 'kubectl create service nodeport --help' for usage\.\n$/);
  });
});

describe('kubectl top', () => {
  test('without a metrics server: "Metrics API not available"', () => {
    const { env } = setup();
    const r = kubectl({ ...env, metrics: undefined }, 'top pods');
    expect(r).toMatchObject({ err: 'error: Metrics API not available\n', code: 1 });
  });
  test('nodes with percentages of allocatable; tab-terminated cells pad every line', () => {
    const { c, k } = setup();
    c.runFor(60_000);
    const r = k('top nodes');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^NAME +CPU\(cores\) +CPU\(%\) +MEMORY\(bytes\) +MEMORY\(%\) +$/);
    expect(lines.slice(1, -1).map((l) => l.split(/\s+/)[0])).toEqual(['control-plane', 'node-1', 'node-2', 'node-3']);
    expect(lines[2]).toMatch(/^node-1 +\d+m +\d+% +\d+Mi +\d+% +$/);
  });
  test('a pod without metrics yet, and Go duration strings', () => {
    const { c, k } = setup();
    k('create deployment web --image=nginx');
    c.settle();
    const pod = k('get pods -o name').out.trim().split('/')[1];
    expect(k(`top pod ${pod}`).all).toBe(`error: Metrics not available for pod default/${pod}, age: 0s\n`);
    expect([5000, 90_000, 7_200_000, 1500, 250].map(goDuration)).toEqual(['5s', '1m30s', '2h0m0s', '1.5s', '250ms']);
  });
  test('pods: no pods → "No resources found", -A adds NAMESPACE', () => {
    const { c, k } = setup();
    c.runFor(60_000);
    expect(k('top pods').all).toBe('No resources found in default namespace.\n');
    expect(k('top pods -A').out).toMatch(/^NAMESPACE +NAME +CPU\(cores\) +MEMORY\(bytes\) +\ningress-nginx +ingress-nginx-controller-.*\nkube-system +coredns-/);
  });
});

describe('rollout status viewers', () => {
  const sts = (extra: Record<string, unknown>, status: Record<string, unknown>) => ({ metadata: { name: 'db', generation: 2 }, spec: { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, ...extra }, status: { observedGeneration: 2, ...status } });
  test('statefulset: spec not observed, pods not ready, partitioned progress, complete', () => {
    expect(statefulSetStatus(sts({}, { observedGeneration: 1 }) as never).message).toBe('Waiting for statefulset spec update to be observed...\n');
    expect(statefulSetStatus(sts({}, { readyReplicas: 1 }) as never).message).toBe('Waiting for 2 pods to be ready...\n');
    expect(statefulSetStatus(sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }, { readyReplicas: 3, updatedReplicas: 1 }) as never).message).toBe('Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...\n');
    expect(statefulSetStatus(sts({}, { readyReplicas: 3, updatedReplicas: 3 }) as never)).toEqual({ message: 'partitioned roll out complete: 3 new pods have been updated...\n', done: true });
    expect(statefulSetStatus(sts({ updateStrategy: { type: 'OnDelete' } }, {}) as never).error).toBe('rollout status is only available for RollingUpdate strategy type');
  });
  test('daemonset: updated, available, done', () => {
    const ds = (status: Record<string, unknown>) => ({ metadata: { name: 'agent', generation: 1 }, spec: { updateStrategy: { type: 'RollingUpdate' } }, status: { observedGeneration: 1, desiredNumberScheduled: 3, ...status } }) as never;
    expect(daemonSetStatus(ds({ updatedNumberScheduled: 1 })).message).toBe('Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...\n');
    expect(daemonSetStatus(ds({ updatedNumberScheduled: 3, numberAvailable: 2 })).message).toBe('Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...\n');
    expect(daemonSetStatus(ds({ updatedNumberScheduled: 3, numberAvailable: 3 }))).toEqual({ message: 'daemon set "agent" successfully rolled out\n', done: true });
  });
  test('base64 as Go encodes []byte', () => {
    expect(['', 'a', 'ab', 'abc', 'héllo'].map(base64)).toEqual(['', 'YQ==', 'YWI=', 'YWJj', 'aMOpbGxv']);
  });
});

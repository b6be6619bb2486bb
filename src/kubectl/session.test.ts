/**
 * A whole kubectl session against a real simulated cluster, with its exact output (AGE-like
 * durations normalised to `<age>` so the transcript does not depend on timings).
 */
import { describe, expect, test } from 'vitest';
import { Cluster } from '../sim/cluster';
import { envFor, kubectl, stream } from './testing/env';

const ages = (s: string) => s.replace(/\b\d+(s|m|h|d)(\d+(s|m))?\b/g, '<age>');

describe('a kubectl session', () => {
  test('create, get, scale, bad image, rollout status, undo, cordon, drain, delete', () => {
    const c = Cluster.create({ seed: 7 });
    const env = envFor(c);
    const k = (line: string) => kubectl(env, line);

    expect(k('create deployment web --image=nginx:1.27 --replicas=3').all).toBe('deployment.apps/web created\n');
    expect(k('create deployment web --image=nginx:1.27').all).toBe('error: failed to create deployment: deployments.apps "web" already exists\n');
    c.runFor(20_000);

    const pods = k('get pods');
    expect(pods.code).toBe(0);
    const lines = pods.out.trimEnd().split('\n');
    expect(lines[0]).toBe('NAME                   READY   STATUS    RESTARTS   AGE');
    expect(lines.slice(1).map((l) => l.replace(/^web-[a-z0-9]+-[a-z0-9]{5}/, 'web-<hash>-<id>'))).toEqual([
      'web-<hash>-<id>   1/1     Running   0          20s',
      'web-<hash>-<id>   1/1     Running   0          20s',
      'web-<hash>-<id>   1/1     Running   0          20s',
    ]);

    expect(k('scale deployment web --replicas=4').all).toBe('deployment.apps/web scaled\n');
    c.runFor(20_000);
    expect(ages(k('get deploy web').all)).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    4/4     4            4           <age>\n');

    expect(k('set image deployment/web nginx=nginx:doesnotexist').all).toBe('deployment.apps/web image updated\n');
    const status = stream(env, 'rollout status deployment/web');
    c.runFor(60_000);
    expect(status.exitCode).toBeUndefined();
    expect(status.text.trimEnd().split('\n').pop()).toBe('Waiting for deployment "web" rollout to finish: 2 out of 4 new replicas have been updated...');
    status.stop();
    expect(ages(k('get deploy web').all)).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/4     2            3           <age>\n');
    const bad = k('get pods').out.split('\n').filter((l) => l.includes('ImagePull') || l.includes('ErrImage'));
    expect(bad).toHaveLength(2);

    expect(k('rollout history deployment/web').all).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect(k('rollout undo deployment/web').all).toBe('deployment.apps/web rolled back\n');
    const done = stream(env, 'rollout status deployment/web');
    c.runFor(60_000);
    expect(done.text.trimEnd().split('\n').pop()).toBe('deployment "web" successfully rolled out');
    expect(done.exitCode).toBe(0);
    expect(k('rollout history deployment/web').all).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');

    expect(k('cordon node-1').all).toBe('node/node-1 cordoned\n');
    expect(k('cordon node-1').all).toBe('node/node-1 already cordoned\n');
    expect(ages(k('get node node-1').all)).toBe('NAME     STATUS                     ROLES    AGE     VERSION\nnode-1   Ready,SchedulingDisabled   <none>   <age>   v1.32.2\n');

    const onNode1 = c.client('t').list('pods', 'default', { fieldSelector: 'spec.nodeName=node-1' }).items.map((p) => p.metadata!.name!).sort();
    // every node runs kube-proxy, a DaemonSet pod that --ignore-daemonsets leaves in place
    const proxy = c.client('t').list('pods', 'kube-system', { fieldSelector: 'spec.nodeName=node-1', labelSelector: 'k8s-app=kube-proxy' }).items[0].metadata!.name!;
    const drain = stream(env, 'drain node-1 --ignore-daemonsets');
    c.runFor(60_000);
    expect(drain.exitCode).toBe(0);
    expect(drain.text).toBe(
      `node/node-1 already cordoned\nWarning: ignoring DaemonSet-managed Pods: kube-system/${proxy}\n` + onNode1.map((n) => `evicting pod default/${n}\n`).join('') + onNode1.map((n) => `pod/${n} evicted\n`).join('') + 'node/node-1 drained\n',
    );
    expect(c.client('t').list('pods', 'default', { fieldSelector: 'spec.nodeName=node-1' }).items).toHaveLength(0);
    expect(k('uncordon node-1').all).toBe('node/node-1 uncordoned\n');

    expect(k('delete deployment web').all).toBe('deployment.apps "web" deleted\n');
    c.runFor(60_000);
    expect(k('get deploy,rs,pods').all).toBe('No resources found in default namespace.\n');
    expect(k('get pods -n nowhere').all).toBe('No resources found in nowhere namespace.\n');
  });
});

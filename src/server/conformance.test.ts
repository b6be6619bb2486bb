/**
 * Conformance: the real kubectl (v1.32, /usr/bin/kubectl) against the playground's HTTP API,
 * through a scripted session a learner would type, asserting on output and exit codes. The
 * virtual clock only moves when the session advances it, so rollouts finish deterministically.
 *
 * Without kubectl the suite FAILS ("kubectl not found: the conformance suite did not run")
 * unless SKIP_KUBECTL_CONFORMANCE=1, which skips it loudly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceInfo } from '../sim/api/resources';
import { afterEvictions, Harness, kubectlPath, SKIP } from './testing/harness';
import { NGINX_DEPLOYMENT } from '../kubectl/testing/nginx';

const KUBECTL = kubectlPath();
if (!KUBECTL && SKIP) console.warn('\n!!! SKIP_KUBECTL_CONFORMANCE=1: the kubectl conformance suite was SKIPPED (no kubectl on this machine) !!!\n');

describe.runIf(KUBECTL || !SKIP)('real kubectl against the HTTP API', () => {
  let h: Harness;
  beforeAll(async () => {
    if (!KUBECTL) throw new Error('kubectl not found: the conformance suite did not run (set SKIP_KUBECTL_CONFORMANCE=1 to skip it)');
    h = await Harness.start(KUBECTL);
  });
  afterAll(async () => h?.close());

  const ok = async (line: string, o?: Parameters<Harness['run']>[1]) => {
    const r = await h.run(line, o);
    expect(r.stderr, `kubectl ${line}`).toBe('');
    expect(r.code, `kubectl ${line}`).toBe(0);
    return r.stdout;
  };

  it('talks to the server: version, api-resources, nodes', async () => {
    expect(await ok('version')).toMatch(/^Client Version: v1\.32\.\d+.*\nKustomize Version: v5\.\d+\.\d+\nServer Version: v1\.32\.2\n$/);
    const res = await ok('api-resources');
    expect(res).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND\n/);
    expect(res).toMatch(/\ndeployments\s+deploy\s+apps\/v1\s+true\s+Deployment\n/);
    expect(res).toMatch(/\npods\s+po\s+v1\s+true\s+Pod\n/);
    const nodes = await ok('get nodes');
    expect(nodes.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(nodes).toMatch(/\ncontrol-plane\s+Ready\s+control-plane\s+\S+\s+v1\.32\.2\n/);
    expect(nodes).toMatch(/\nnode-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.2\n/);
    expect(await ok('get nodes -o name')).toBe('node/control-plane\nnode/node-1\nnode/node-2\nnode/node-3\n');
  });

  it('creates a deployment and watches it roll out', async () => {
    expect(await ok('create deployment web --image=nginx --replicas=3')).toBe('deployment.apps/web created\n');
    const status = await ok('rollout status deployment/web --timeout=60s', { stepMs: 1000, advanceAfter: /watch=true/ });
    expect(status).toMatch(/^Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available\.\.\.\n/);
    expect(status.endsWith('deployment "web" successfully rolled out\n')).toBe(true);
    const deploy = await ok('get deploy');
    expect(deploy).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+3\/3\s+3\s+3\s+\d+s\n$/);
    const wide = await ok('get rs -o wide');
    expect(wide).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\nweb-[a-z0-9]+\s+3\s+3\s+3\s+\d+s\s+nginx\s+nginx\s+app=web,pod-template-hash=[a-z0-9]+\n$/);
    const pods = await ok('get pods -l app=web --show-labels');
    const rows = pods.trim().split('\n');
    expect(rows[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+LABELS$/);
    expect(rows).toHaveLength(4);
    for (const r of rows.slice(1)) expect(r).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\d+s\s+app=web,pod-template-hash=[a-z0-9]+$/);
    const podWide = await ok('get pods -o wide');
    expect(podWide.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    expect(podWide).toMatch(/\s10\.244\.\d+\.\d+\s+node-\d\s+<none>\s+<none>\n/);
    const all = await ok('get pods -A');
    expect(all.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY/);
    expect(all).toMatch(/\nkube-system\s+kube-apiserver-control-plane\s+1\/1\s+Running/);
    expect(all).toMatch(/\ndefault\s+web-/);
    const names = (await ok(`get pods -l app=web -o jsonpath={.items[*].metadata.name}`)).split(' ');
    expect(names).toHaveLength(3);
    const yaml = await ok('get deploy web -o yaml');
    expect(yaml).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n/);
    expect(yaml).toContain('  strategy:\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 25%\n    type: RollingUpdate\n');
    expect(yaml).toContain('      containers:\n      - image: nginx\n        imagePullPolicy: Always\n        name: nginx\n        resources: {}\n');
    const json = JSON.parse(await ok('get deploy web -o json'));
    expect(json.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3, observedGeneration: 1 });
    expect(await ok('get deploy/web -o name')).toBe('deployment.apps/web\n');
  });

  it('scales, sets a bad image, shows history and undoes it', async () => {
    expect(await ok('scale deployment web --replicas=5')).toBe('deployment.apps/web scaled\n');
    expect(await ok('rollout status deployment/web', { stepMs: 1000, advanceAfter: /watch=true/ })).toMatch(/deployment "web" successfully rolled out\n$/);
    expect(await ok('set image deployment/web nginx=nginx:doesnotexist')).toBe('deployment.apps/web image updated\n');
    h.cluster.runFor(30_000);
    const bad = await h.run('rollout status deployment/web --timeout=1s');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^Waiting for deployment "web" rollout to finish: 3 out of 5 new replicas have been updated\.\.\.\n/);
    expect(bad.stderr).toBe('error: timed out waiting for the condition\n');
    const pods = await ok('get pods');
    expect(pods).toMatch(/\s0\/1\s+(ErrImagePull|ImagePullBackOff)\s+0\s/);
    expect(await ok('rollout history deployment/web')).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect(await ok('rollout undo deployment/web')).toBe('deployment.apps/web rolled back\n');
    expect(await ok('rollout status deployment/web', { stepMs: 1000, advanceAfter: /watch=true/ })).toMatch(/deployment "web" successfully rolled out\n$/);
    expect(await ok('get deploy web')).toMatch(/\nweb\s+5\/5\s+5\s+5\s/);
    expect(await ok('rollout history deployment/web')).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
  });

  it('exposes the deployment as a Service', async () => {
    if (!resourceInfo('services')) {
      console.warn('\n!!! Services are not served by this build: `kubectl expose` was NOT checked !!!\n');
      return;
    }
    expect(await ok('expose deployment web --port=80')).toBe('service/web exposed\n');
    const svc = JSON.parse(await ok('get svc web -o json'));
    expect(svc.spec).toMatchObject({ selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], type: 'ClusterIP' });
  });

  it('labels, annotates and taints', async () => {
    expect(await ok('label deployment web tier=frontend')).toBe('deployment.apps/web labeled\n');
    expect(await ok('annotate deployment web note=hello')).toBe('deployment.apps/web annotated\n');
    expect(await ok('get deploy -l tier=frontend -o name')).toBe('deployment.apps/web\n');
    expect(await ok(`get deploy web -o jsonpath={.metadata.annotations.note}`)).toBe('hello');
    expect(await ok('taint nodes node-3 dedicated=x:NoSchedule')).toBe('node/node-3 tainted\n');
    expect(await ok(`get node node-3 -o jsonpath={.spec.taints}`)).toBe('[{"effect":"NoSchedule","key":"dedicated","value":"x"}]');
    expect(await ok('taint nodes node-3 dedicated=x:NoSchedule-')).toBe('node/node-3 untainted\n');
    const bad = await h.run('label deployment web tier=backend');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("error: 'tier' already has a value (frontend), and --overwrite is false\n");
  });

  it('cordons, drains and uncordons a node', async () => {
    expect(await ok('cordon node-1')).toBe('node/node-1 cordoned\n');
    expect(await ok('get node node-1')).toMatch(/\nnode-1\s+Ready,SchedulingDisabled\s/);
    const r = await h.run('drain node-1 --ignore-daemonsets --delete-emptydir-data --force', { stepMs: 2000, advanceAfter: afterEvictions(h.cluster, 'node-1') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^node\/node-1 already cordoned\n/);
    expect(r.stdout).toMatch(/\nnode\/node-1 drained\n$/);
    expect(r.stdout).toMatch(/\nevicting pod default\/web-[a-z0-9-]+\n/);
    expect(r.stdout).toMatch(/\npod\/web-[a-z0-9-]+ evicted\n/);
    // kube-proxy is a DaemonSet pod on every node, as on a kubeadm cluster
    expect(r.stderr).toMatch(/^Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-[a-z0-9]{5}\n$/);
    const left = await h.run('get pods --field-selector spec.nodeName=node-1');
    expect(left.stdout + left.stderr).toBe('No resources found in default namespace.\n');
    expect(await ok('uncordon node-1')).toBe('node/node-1 uncordoned\n');
  });

  it('applies a manifest: created, configured, unchanged', async () => {
    const f = h.file('nginx.yaml', NGINX_DEPLOYMENT);
    expect(await ok(`apply -f ${f}`)).toBe('deployment.apps/nginx-deployment created\n');
    expect(await ok(`apply -f ${f}`)).toBe('deployment.apps/nginx-deployment unchanged\n');
    h.file('nginx.yaml', NGINX_DEPLOYMENT.replace('replicas: 3', 'replicas: 2'));
    expect(await ok(`apply -f ${f}`)).toBe('deployment.apps/nginx-deployment configured\n');
    expect(await ok('rollout status deployment/nginx-deployment', { stepMs: 1000, advanceAfter: /watch=true/ })).toMatch(/successfully rolled out\n$/);
    expect(await ok('get deploy nginx-deployment')).toMatch(/\nnginx-deployment\s+2\/2\s+2\s+2\s/);
    const bad = h.file('bad.yaml', NGINX_DEPLOYMENT.replace('replicas: 3', 'replicas: -1').replace('nginx-deployment', 'bad'));
    const r = await h.run(`apply -f ${bad}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`The Deployment "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n`);
  });

  it('prints logs, describe and events', async () => {
    const logs = await h.run('logs deployment/nginx-deployment');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/Configuration complete; ready for start up\n/);
    const d = await ok('describe deployment nginx-deployment');
    expect(d).toMatch(/^Name:\s+nginx-deployment\nNamespace:\s+default\n/);
    expect(d).toMatch(/\nReplicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable\n/);
    expect(d).toMatch(/\nNewReplicaSet:\s+nginx-deployment-[a-z0-9]+ \(2\/2 replicas created\)\n/);
    const pod = (await ok('get pods -l app=nginx -o name')).split('\n')[0];
    const dp = await ok(`describe ${pod}`);
    expect(dp).toMatch(/\nStatus:\s+Running\n/);
    expect(dp).toMatch(/\nControlled By:\s+ReplicaSet\/nginx-deployment-/);
    const ev = await ok('get events');
    expect(ev.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(ev).toMatch(/\s+Normal\s+ScalingReplicaSet\s+deployment\/nginx-deployment\s+Scaled up replica set nginx-deployment-[a-z0-9]+ from 0 to 3\n/);
    expect(ev).toMatch(/\s+Warning\s+Failed\s+pod\/web-[a-z0-9-]+\s+Error: ErrImagePull\n/);
  });

  it('deletes with cascade and grace period', async () => {
    const g = await h.run('delete deployment nginx-deployment --cascade=foreground', { stepMs: 1000, advanceAfter: /DELETE / });
    expect(g.stdout).toBe('deployment.apps "nginx-deployment" deleted\n');
    expect(g.code).toBe(0);
    const pod = (await ok('get pods -l app=web -o name')).split('\n')[0];
    const r = await h.run(`delete ${pod} --grace-period=5`, { stepMs: 1000, advanceAfter: /DELETE / });
    expect(r.stdout).toBe(`${pod.replace('pod/', 'pod "')}" deleted\n`);
    expect(r.advancedMs).toBeLessThanOrEqual(10_000);
    const nf = await h.run('get deploy nginx-deployment');
    expect(nf.code).toBe(1);
    expect(nf.stderr).toBe('Error from server (NotFound): deployments.apps "nginx-deployment" not found\n');
    const o = await h.run('delete deployment web --cascade=orphan');
    expect(o.stdout).toBe('deployment.apps "web" deleted\n');
    h.cluster.runFor(1000);
    expect(await ok('get rs -l app=web -o name')).toMatch(/^replicaset\.apps\/web-/);
  });

  it('shows node and pod metrics with top', async () => {
    const r = await h.run('top node');
    if (r.stderr.includes('Metrics API not available')) {
      console.warn('\n!!! metrics.k8s.io is not served (no metrics-server component): `kubectl top` was NOT checked !!!\n');
      return;
    }
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s*\n/);
    expect(r.stdout).toMatch(/\nnode-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/);
  });
});

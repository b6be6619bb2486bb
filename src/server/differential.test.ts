/**
 * Differential: every command of the conformance session, run by the real kubectl against the
 * HTTP API of cluster A and by our in-page kubectl (`runKubectl`/`startKubectl`) against
 * cluster B — two clusters from the same seed, fed the same commands and the same clock
 * advances, so they stay identical. stdout, stderr and exit code must be equal, with the client
 * version and client-side ages (describe's event ages use the wall clock) normalised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubectl, runKubectl } from '../kubectl/index';
import { envFor } from '../kubectl/testing/env';
import type { KubectlEnv } from '../kubectl/command';
import { Cluster } from '../sim/cluster';
import { afterEvictions, Harness, kubectlPath, SKIP, type RunOptions } from './testing/harness';
import { NGINX_DEPLOYMENT } from '../kubectl/testing/nginx';
import { KINDS_MANIFEST } from '../kubectl/testing/kinds';

const KUBECTL = kubectlPath();
if (!KUBECTL && SKIP) console.warn('\n!!! SKIP_KUBECTL_CONFORMANCE=1: the kubectl differential suite was SKIPPED (no kubectl on this machine) !!!\n');

const SEED = 11;

/** Two ConfigMaps, the second with a key indented one space too few (line 4 of its document). */
const BAD_YAML = `apiVersion: v1
kind: ConfigMap
metadata:
  name: before
data:
  x: "1"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
 data:
  y: "2"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: after
`;

/** Five field errors at once: name, replicas, selector vs labels, image, port. */
const INVALID_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: Bad_Name
spec:
  replicas: -1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: other
    spec:
      containers:
      - name: web
        ports:
        - containerPort: 70000
`;

const LIST_MANIFEST = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: listed-1
  data:
    k: v
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: listed-2
`;

interface Outcome {
  stdout: string;
  stderr: string;
  code: number;
}

/** Commands whose outputs are known to differ, with the reason (listed in the server README). */
const KNOWN_DIFFERENCES: Record<string, string> = {};

function normalise(line: string, o: Outcome): Outcome {
  let { stdout, stderr } = o;
  stdout = stdout.replace(/^Client Version: .*$/m, 'Client Version: <client>');
  if (/^describe /.test(line) && /^Events:\n/m.test(stdout)) {
    // the real kubectl ages events by its own wall clock, not the cluster's (describes without
    // an events table are compared exactly, alignment included)
    stdout = stdout.replace(/\b\d+(y|d|h|m|s)(\d+(d|h|m|s))?\b/g, '<age>').replace(/<age> \(x\d+ over <age>\)/g, '<age>').replace(/ +/g, ' ');
  }
  if (/^describe (cm|configmaps?) /.test(line)) {
    // kubectl v1.32 ranges over a ConfigMap's data in Go's random map order (ours is sorted)
    stdout = stdout.replace(/(\nData\n====\n)([\s\S]*?)(\nBinaryData\n)/g, (_, a: string, body: string, c: string) => a + body.split(/(?<=\n\n)(?=[^\n]*:\n----\n)/).sort().join('') + c);
  }
  if (/^describe secrets? /.test(line)) {
    // … and a Secret's keys likewise
    stdout = stdout.replace(/(\nData\n====\n)((?:[^\n]+\n)+)/g, (_, a: string, body: string) => a + body.split('\n').filter(Boolean).sort().map((l) => l + '\n').join(''));
  }
  if (/^top /.test(line)) {
    // the real kubectl prints the nodes whose metrics are missing in Go's random map order
    stdout = stdout.split('\n').sort().join('\n');
  }
  if (/^drain /.test(line)) {
    // real kubectl evicts in parallel goroutines: the order of these lines varies
    stdout = stdout.split('\n').sort().join('\n');
  }
  return { stdout, stderr, code: o.code };
}

/**
 * Two clusters from one seed: A behind the HTTP API for the real kubectl, B for ours. `both`
 * runs a line on each side and records mismatches.
 */
async function pairOf(seed: number) {
  const h = await Harness.start(KUBECTL!, seed, Cluster.create({ seed }));
  let b = Cluster.create({ seed });
  const files: Record<string, string> = {};
  let env: KubectlEnv = envFor(b, files);
  const mismatches: { line: string; real: Outcome; ours: Outcome }[] = [];
  const ran: { line: string; real: Outcome }[] = [];
  const state = { diverged: '' };

  const file = (name: string, content: string) => {
    const p = h.file(name, content);
    files[p] = content;
    return p;
  };

  /** Runs the line on both sides; returns both outcomes (normalised). */
  async function both(line: string, o: RunOptions & { resync?: string } = {}): Promise<{ real: Outcome; ours: Outcome }> {
    const rv0 = h.cluster.store.revision;
    const real = await h.run(line, o);
    let ours: Outcome;
    if (o.stepMs) {
      let stdout = '';
      let stderr = '';
      let code: number | undefined;
      const running = startKubectl(`kubectl ${line}`, env, (c) => {
        if (c.stdout) stdout += c.stdout;
        if (c.stderr) stderr += c.stderr;
        if (c.exitCode !== undefined) code = c.exitCode;
      });
      b.settle();
      for (let t = 0; t < real.advancedMs; t += o.stepMs) b.runFor(o.stepMs);
      running.stop();
      ours = { stdout, stderr, code: code ?? -1 };
    } else {
      const r = runKubectl(`kubectl ${line}`, env);
      // as the terminal's host does: controllers react to the command's writes at this instant
      b.settle();
      ours = { stdout: r.stdout, stderr: r.stderr, code: r.exitCode };
    }
    const pair = { real: normalise(line, real), ours: normalise(line, ours) };
    ran.push({ line, real: pair.real });
    if (o.resync) {
      // the HTTP server settles the cluster after each request, our terminal after each command:
      // for commands of several writes the controllers interleave differently (pod names differ),
      // so B continues from A's state (a snapshot restores to an identical future)
      b = Cluster.restore(h.cluster.snapshot());
      env = envFor(b, files);
    }
    if (!state.diverged && h.cluster.store.revision !== b.store.revision && process.env.DEBUG_DIFF) {
      const fmt = (c: Cluster) => (c.store.eventsSince(rv0) as { type: string; resource: string; object: { metadata?: { name?: string } } }[]).map((e) => `${e.type} ${e.resource} ${e.object.metadata?.name}`).join('\n');
      console.log(`REAL\n${fmt(h.cluster)}\nOURS\n${fmt(b)}`);
    }
    if (!state.diverged && h.cluster.store.revision !== b.store.revision) state.diverged = `after "${line}": revision ${h.cluster.store.revision} (real) vs ${b.store.revision} (ours)`;
    if (JSON.stringify(pair.real) !== JSON.stringify(pair.ours)) mismatches.push({ line, ...pair });
    return pair;
  }
  /** Both sides advance the clock alike. */
  const advance = (ms: number) => {
    h.cluster.runFor(ms);
    b.runFor(ms);
  };
  /** The mismatches not listed as known, as a readable report. */
  const report = () => {
    const unexpected = mismatches.filter((m) => !(m.line in KNOWN_DIFFERENCES));
    return {
      count: unexpected.length,
      text: unexpected.map((m) => `\n$ kubectl ${m.line}\n--- real (exit ${m.real.code})\n${m.real.stdout}${m.real.stderr ? '[stderr] ' + m.real.stderr : ''}--- ours (exit ${m.ours.code})\n${m.ours.stdout}${m.ours.stderr ? '[stderr] ' + m.ours.stderr : ''}`).join('\n'),
    };
  };
  return { h, both, advance, file, ran, state, report, close: () => h.close() };
}

type Pair = Awaited<ReturnType<typeof pairOf>>;

describe.runIf(KUBECTL || !SKIP)('real kubectl and our kubectl print the same', () => {
  let p: Pair;
  let q: Pair;

  beforeAll(async () => {
    if (!KUBECTL) throw new Error('kubectl not found: the differential suite did not run (set SKIP_KUBECTL_CONFORMANCE=1 to skip it)');
    [p, q] = await Promise.all([pairOf(SEED), pairOf(SEED + 1)]);
  });
  afterAll(async () => {
    await p?.close();
    await q?.close();
  });

  it.concurrent('runs the session on both sides', async () => {
    const { h, both, advance, file, ran } = p;
    const watch = { stepMs: 1000, advanceAfter: /watch=true/ };
    await both('version');
    await both('api-resources');
    await both('get nodes');
    await both('get nodes -o wide');
    await both('create deployment web --image=nginx --replicas=3');
    await both('get deploy,rs,pods -o wide');
    await both('rollout status deployment/web', watch);
    await both('get pods --show-labels');
    await both('get pods -A');
    await both('get pods -l app=web -o name');
    await both('get deploy web -o yaml');
    await both('get deploy web -o json');
    await both('get pods -o jsonpath={.items[*].spec.nodeName}');
    await both('scale deployment web --replicas=5');
    await both('rollout status deployment/web', watch);
    await both('set image deployment/web nginx=nginx:doesnotexist');
    advance(30_000);
    await both('get pods');
    await both('rollout history deployment/web');
    await both('rollout undo deployment/web');
    await both('rollout status deployment/web', watch);
    await both('expose deployment web --port=80');
    await both('get svc');
    await both('label deployment web tier=frontend');
    await both('annotate deployment web note=hello');
    await both('label deployment web tier=backend');
    await both('taint nodes node-3 dedicated=x:NoSchedule');
    await both('cordon node-1');
    await both('get nodes');
    await both('drain node-1 --ignore-daemonsets --delete-emptydir-data --force', { stepMs: 2000, advanceAfter: afterEvictions(h.cluster, 'node-1'), resync: 'evictions are separate requests' });
    await both('uncordon node-1');
    const f = file('nginx.yaml', NGINX_DEPLOYMENT);
    await both(`apply -f ${f}`);
    await both(`apply -f ${f}`);
    file('nginx.yaml', NGINX_DEPLOYMENT.replace('replicas: 3', 'replicas: 2'));
    await both(`apply -f ${f}`);
    await both('rollout status deployment/nginx-deployment', watch);
    await both('get deploy nginx-deployment -o yaml');
    await both('logs deployment/nginx-deployment');
    await both('describe deployment nginx-deployment');
    await both('get events');
    await both('get deploy nginx-deployment -o custom-columns=NAME:.metadata.name');
    await both('get deploy nosuch');
    await both('delete deployment nginx-deployment --cascade=foreground', { stepMs: 1000, advanceAfter: /DELETE / });
    await both('delete deployment web --cascade=orphan', { stepMs: 1000, advanceAfter: /DELETE / });
    await both('get rs');

    // the session really ran: the real kubectl succeeded where a learner's kubectl would
    const failed = ran.filter((r) => r.real.code !== 0).map((r) => r.line);
    expect(failed).toEqual(['label deployment web tier=backend', 'get deploy nosuch']);
    expect(ran.find((r) => r.line === 'get deploy nosuch')?.real.stderr).toBe('Error from server (NotFound): deployments.apps "nosuch" not found\n');
    expect(ran.find((r) => r.line.startsWith('drain'))?.real.stdout).toMatch(/node\/node-1 drained/);
    expect(p.state.diverged, 'both clusters must see the same writes').toBe('');
    const r = p.report();
    expect(r.count, r.text).toBe(0);
  });

  it.concurrent('prints services, storage, workloads, autoscalers and metrics alike', async () => {
    const { h, both, advance, file, ran } = q;
    const watch = { stepMs: 1000, advanceAfter: /watch=true/ };
    const f = file('kinds.yaml', KINDS_MANIFEST);
    await both(`apply -f ${f}`, { resync: 'one write per document' });
    await both('get svc,ep');
    await both('get svc -o wide');
    await both('rollout status statefulset/db', watch);
    await both('rollout status daemonset/agent', watch);
    advance(60_000);
    await both('get all');
    await both('get sts,ds,jobs,cronjobs -o wide');
    await both('get endpointslices');
    await both('get pvc,pv');
    await both('get pvc -o wide');
    await both('get sc,ingressclass,ingress,pdb,hpa');
    await both('get controllerrevisions');
    await both('describe svc web');
    await both('describe svc web-np web-lb db');
    await both('describe ingress web');
    await both('describe pvc data data-db-0');
    await both('describe pv');
    await both('describe sts db');
    await both('describe ds agent');
    await both('describe job pi');
    await both('describe hpa web');
    await both('top nodes');
    await both('top pods');
    await both('top pods -A');
    await both('top pod --containers -l app=web');
    await both('create service clusterip cip --tcp=5678:web');
    await both('create service nodeport np --tcp=80:web --node-port=30090');
    await both('create service clusterip none --clusterip=None');
    await both('create service nodeport bad');
    await both('create configmap cfg --from-literal=a=1 --from-literal=b=two');
    await both('create secret generic sec --from-literal=password=s3cr3t');
    await both('create configmap cfg2 --from-literal=novalue');
    await both('get svc cip np none -o yaml');
    await both('get svc -o wide');
    await both('get cm,secrets');
    await both('describe svc cip');
    // the kinds with describers of their own beyond workloads, services and storage
    await both('describe cm cfg');
    await both('describe secret sec');
    await both('describe ep web');
    await both('describe endpointslices');
    await both('describe sc');
    await both('describe ingressclass');
    await both('describe pdb web');
    await both('describe cj hello');
    // and describe.go's generic describer for the rest
    await both('describe lease -n kube-node-lease node-1');
    await both('describe controllerrevisions');
    const event = h.cluster.client('test').list('events', 'default').items.map((e) => e.metadata?.name ?? '').sort()[0];
    await both(`describe event ${event}`);
    await both('describe volumeattachments');
    // a name that is not found describes the objects whose names start with it
    await both('describe pod web');
    await both('describe cm nosuch');
    await both('scale sts db --replicas=3');
    await both('rollout status sts/db', watch);
    await both('get sts db');

    // bad input: kubectl's own words, and the API server's 422 listing every field error
    await both('frobnicate');
    await both('get pods --frobnicate');
    await both('get frobnicates');
    await both(`apply -f ${file('bad.yaml', BAD_YAML)}`);
    await both(`apply -f ${file('invalid.yaml', INVALID_DEPLOYMENT)}`);
    // a List is validated item by item against the server's OpenAPI v2 document
    await both(`apply -f ${file('list.yaml', LIST_MANIFEST)}`);
    await both('get cm');

    if (process.env.DEBUG_DIFF) for (const x of ran) console.log(`$ kubectl ${x.line}\n${x.real.stdout}${x.real.stderr}`);
    const r = q.report();
    expect(r.count, r.text).toBe(0);
    const failed = ran.filter((x) => x.real.code !== 0).map((x) => `${x.line}: ${x.real.stderr}`);
    expect(failed).toEqual([
      'create service nodeport bad: error: at least one tcp port specifier must be provided\n',
      'create configmap cfg2 --from-literal=novalue: error: invalid literal source novalue, expected key=value\n',
      'describe cm nosuch: Error from server (NotFound): configmaps "nosuch" not found\n',
      'frobnicate: Error: unknown command "frobnicate" for "kubectl"\n',
      "get pods --frobnicate: Error: unknown flag: --frobnicate\nSee 'kubectl get --help' for usage.\n",
      'get frobnicates: error: the server doesn\'t have a resource type "frobnicates"\n',
      expect.stringMatching(/^apply -f \S+bad\.yaml: error: error parsing \S+bad\.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key\n$/),
      expect.stringMatching(/^apply -f \S+invalid\.yaml: The Deployment "Bad_Name" is invalid: \n(\* .*\n){5}$/),
    ]);
    // the document before the broken one was applied; the List's items too
    expect(ran.find((x) => x.line.includes('bad.yaml'))?.real.stdout).toBe('configmap/before created\n');
    expect(ran.find((x) => x.line.includes('list.yaml'))?.real.stdout).toBe('configmap/listed-1 created\nconfigmap/listed-2 created\n');
    expect(q.state.diverged, 'both clusters must see the same writes').toBe('');
  });
});

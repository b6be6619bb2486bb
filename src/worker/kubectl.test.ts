import { describe, expect, it } from 'vitest';
import { Cluster } from '../sim/cluster';
import { SimHost } from './host';
import { EDIT_HEADER, KubectlShell, SIGINT_EXIT, editArgs, stripComments } from './kubectl';
import { NGINX_DEPLOYMENT as NGINX } from '../kubectl/testing/nginx';
import type { FromWorker, KubectlCompletion, KubectlEditorMessage, KubectlOutputMessage, ReplyMessage } from './protocol';

function setup() {
  const cluster = Cluster.create({ seed: 3, epochMs: Date.UTC(2026, 0, 1) });
  cluster.settle();
  const shell = new KubectlShell(cluster);
  let nextRun = 1;
  /** runs a line and returns its output messages so far */
  const run = (line: string, files?: Record<string, string>) => {
    const id = nextRun++;
    shell.start(id, line, files);
    cluster.settle();
    return { id, msgs: shell.take() };
  };
  return { cluster, shell, run };
}

const outputs = (msgs: FromWorker[], run?: number) => msgs.filter((m): m is KubectlOutputMessage => m.type === 'kubectlOutput' && (run === undefined || m.run === run));
const text = (msgs: FromWorker[]) => outputs(msgs).map((m) => (m.stdout ?? '') + (m.stderr ?? '')).join('');
const exitOf = (msgs: FromWorker[]) => outputs(msgs).find((m) => m.exitCode !== undefined)?.exitCode;

describe('KubectlShell', () => {
  it('runs a line and sends its output with the exit code, as the terminal shows it', () => {
    const { run, cluster } = setup();
    const { msgs } = run('kubectl create deployment hello --image=nginx');
    expect(text(msgs)).toBe('deployment.apps/hello created\n');
    expect(exitOf(msgs)).toBe(0);
    cluster.runFor(30_000);
    const got = run('kubectl get pods');
    expect(text(got.msgs).split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(text(got.msgs)).toMatch(/^hello-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\d+s$/m);
  });

  it('reports failures on stderr with kubectl exit codes', () => {
    const { run } = setup();
    const nf = run('kubectl get deployment nope');
    expect(text(nf.msgs)).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(exitOf(nf.msgs)).toBe(1);
    expect(outputs(nf.msgs)[0].stderr).toBeTruthy();
    const unknown = run('kubectl gte pods');
    expect(text(unknown.msgs)).toContain('Error: unknown command "gte" for "kubectl"');
  });

  it('streams `get -w` on watch events until Ctrl-C, which ends it with 130 and silences it', () => {
    const { run, shell, cluster } = setup();
    const w = run('kubectl get pods -w');
    expect(exitOf(w.msgs)).toBeUndefined();
    expect(shell.active).toContain(w.id);
    const created = run('kubectl create deployment hello --image=nginx --replicas=2');
    cluster.runFor(20_000);
    const streamed = outputs([...created.msgs, ...shell.take()], w.id);
    expect(text(streamed)).toMatch(/hello-\S+\s+0\/1\s+Pending/);
    expect(text(streamed)).toMatch(/hello-\S+\s+1\/1\s+Running/);
    // chunks printed between two frames come as one message
    expect(outputs(streamed, w.id).length).toBeLessThan(text(streamed).split('\n').length);
    shell.stop(w.id);
    expect(exitOf(shell.take())).toBe(SIGINT_EXIT);
    expect(shell.active).not.toContain(w.id);
    run('kubectl scale deployment hello --replicas=4');
    cluster.runFor(20_000);
    expect(outputs(shell.take(), w.id)).toEqual([]);
  });

  it('rollout status follows the rollout to its end; logs -f follows until Ctrl-C', () => {
    const { run, shell, cluster } = setup();
    run('kubectl create deployment hello --image=nginx --replicas=2');
    const r = run('kubectl rollout status deployment/hello');
    cluster.runFor(30_000);
    const msgs = [...r.msgs, ...shell.take()];
    expect(text(msgs)).toContain('deployment "hello" successfully rolled out\n');
    expect(exitOf(msgs)).toBe(0);
    const pod = cluster.store.list('pods', 'default').find((p) => p.metadata?.name?.startsWith('hello-'))!;
    const logs = run(`kubectl logs -f ${pod.metadata!.name}`);
    cluster.runFor(5_000);
    expect(exitOf([...logs.msgs, ...shell.take()])).toBeUndefined();
    shell.stop(logs.id);
    expect(exitOf(shell.take())).toBe(SIGINT_EXIT);
  });

  it('keeps the namespace of the current context between lines', () => {
    const { run } = setup();
    expect(text(run('kubectl create namespace dev').msgs)).toBe('namespace/dev created\n');
    run('kubectl config set-context --current --namespace=dev');
    expect(text(run('kubectl create deployment api --image=nginx').msgs)).toBe('deployment.apps/api created\n');
    expect(text(run('kubectl get deployments -n dev -o name').msgs)).toBe('deployment.apps/api\n');
    expect(text(run('kubectl get deployment api -n default').msgs)).toContain('NotFound');
  });

  it('applies YAML sent as a file, and --dry-run=server persists nothing', () => {
    const { run, cluster } = setup();
    const dry = run('kubectl apply -f nginx-deployment.yaml --dry-run=server', { 'nginx-deployment.yaml': NGINX });
    expect(text(dry.msgs)).toBe('deployment.apps/nginx-deployment created (server dry run)\n');
    expect(cluster.store.get('deployments', 'default', 'nginx-deployment')).toBeUndefined();
    const real = run('kubectl apply -f nginx-deployment.yaml', { 'nginx-deployment.yaml': NGINX });
    expect(text(real.msgs)).toBe('deployment.apps/nginx-deployment created\n');
    cluster.runFor(30_000);
    expect(cluster.store.list('pods', 'default').filter((p) => p.metadata?.name?.startsWith('nginx-deployment-'))).toHaveLength(3);
    expect(text(run('kubectl apply -f nginx-deployment.yaml', { 'nginx-deployment.yaml': NGINX }).msgs)).toBe('deployment.apps/nginx-deployment unchanged\n');
  });

  it('names the line of a YAML syntax error, as kubectl does', () => {
    const { run } = setup();
    const bad = NGINX.replace('  replicas: 3', '  replicas: 3\n   oops: [');
    const r = run('kubectl apply -f bad.yaml', { 'bad.yaml': bad });
    expect(exitOf(r.msgs)).toBe(1);
    expect(text(r.msgs)).toMatch(/^error: error parsing bad\.yaml: error converting YAML to JSON: yaml: line \d+: /);
  });

  it('kubectl edit opens the editor on the object and patches what was changed', () => {
    const { run, shell, cluster } = setup();
    run('kubectl create deployment hello --image=nginx');
    const e = run('kubectl edit deployment hello');
    const editor = e.msgs.find((m): m is KubectlEditorMessage => m.type === 'kubectlEditor')!;
    expect(editor.title).toBe('deployment.apps/hello');
    expect(editor.text.startsWith(EDIT_HEADER)).toBe(true);
    expect(editor.text).toContain('  replicas: 1\n');
    expect(exitOf(e.msgs)).toBeUndefined(); // it waits for the editor
    shell.finishEdit(e.id, editor.text.replace('  replicas: 1\n', '  replicas: 2\n'));
    cluster.settle();
    const done = shell.take();
    expect(text(done)).toBe('deployment.apps/hello edited\n');
    expect(exitOf(done)).toBe(0);
    expect(cluster.store.get('deployments', 'default', 'hello')?.spec?.replicas).toBe(2);
  });

  it('kubectl edit: unchanged or cancelled saves nothing; errors reopen the editor with reasons', () => {
    const { run, shell, cluster } = setup();
    run('kubectl create deployment hello --image=nginx');
    const a = run('kubectl edit deploy/hello');
    const ed = a.msgs.find((m): m is KubectlEditorMessage => m.type === 'kubectlEditor')!;
    shell.finishEdit(a.id, ed.text);
    expect(text(shell.take())).toBe('Edit cancelled, no changes made.\n');

    const b = run('kubectl edit deploy/hello');
    const ed2 = b.msgs.find((m): m is KubectlEditorMessage => m.type === 'kubectlEditor')!;
    shell.finishEdit(b.id, ed2.text.replace('  replicas: 1\n', '  replicas: [\n'));
    const reopened = shell.take().find((m): m is KubectlEditorMessage => m.type === 'kubectlEditor')!;
    expect(reopened.text).toMatch(/^# Please edit[\s\S]*# The edited file had a syntax error: error converting YAML to JSON: yaml: line \d+: /);
    shell.finishEdit(b.id, reopened.text.replace('  replicas: [\n', '  replicas: -1\n'));
    const invalid = shell.take();
    expect(text(invalid)).toBe('error: deployments.apps "hello" is invalid\n');
    const again = invalid.find((m): m is KubectlEditorMessage => m.type === 'kubectlEditor')!;
    expect(again.text).toContain('# deployments.apps "hello" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n');
    shell.finishEdit(b.id, null);
    const end = shell.take();
    expect(text(end)).toBe('error: Edit cancelled, no valid changes were saved.\n');
    expect(exitOf(end)).toBe(1);
    expect(cluster.store.get('deployments', 'default', 'hello')?.spec?.replicas).toBe(1);

    const missing = run('kubectl edit deployment nope');
    expect(text(missing.msgs)).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });

  it('completes commands, types, names and namespaces', () => {
    const { run, shell } = setup();
    run('kubectl create deployment hello --image=nginx --replicas=2');
    expect(shell.complete('kub')).toEqual({ start: 0, candidates: ['kubectl'] });
    expect(shell.complete('kubectl ge').candidates).toEqual(['get']);
    expect(shell.complete('k rollout st').candidates).toEqual(['status']);
    expect(shell.complete('kubectl get dep').candidates).toEqual(['deployments']);
    expect(shell.complete('kubectl get deploy h')).toEqual({ start: 'kubectl get deploy '.length, candidates: ['hello'] });
    expect(shell.complete('kubectl describe deployment/h').candidates).toEqual(['deployment/hello']);
    const pods = shell.complete('kubectl logs hello-').candidates;
    expect(pods).toHaveLength(2);
    expect(shell.complete('kubectl get pods -n kube').candidates).toEqual(['kube-node-lease', 'kube-public', 'kube-system']);
    expect(shell.complete('kubectl get pods --wa').candidates).toEqual(['--watch', '--watch-only']);
    expect(shell.complete('kubectl cordon node-').candidates).toEqual(['node-1', 'node-2', 'node-3']);
    expect(shell.complete('kubectl edit deploy ').candidates).toEqual(['hello']);
  });

  it('recognises edit lines, global flags first or not', () => {
    expect(editArgs('kubectl edit deploy web')).toEqual(['deploy', 'web']);
    expect(editArgs('kubectl -n dev edit deploy/web')).toEqual(['-n', 'dev', 'deploy/web']);
    expect(editArgs('kubectl get pods')).toBeNull();
    expect(stripComments('# a\nkind: Pod\n  # b\n')).toBe('kind: Pod');
  });
});

describe('SimHost with the terminal', () => {
  it('answers kubectlStart at once and sends output after the patch that shows its effect', () => {
    const out: FromWorker[] = [];
    const host = new SimHost({ seed: 5, epochMs: Date.UTC(2026, 0, 1), post: (m) => out.push(structuredClone(m)), realNow: () => 0, paused: true });
    host.start();
    out.length = 0;
    host.handle({ type: 'request', id: 9, call: { op: 'kubectlStart', run: 1, line: 'kubectl create deployment hello --image=nginx' } });
    host.flush();
    expect(out.map((m) => m.type)).toEqual(['patch', 'kubectlOutput', 'reply']);
    expect(out[1]).toEqual({ type: 'kubectlOutput', run: 1, stdout: 'deployment.apps/hello created\n', exitCode: 0 });
    expect(Object.keys((out[0] as { upserts: object }).upserts).some((k) => k.startsWith('pods/default/hello-'))).toBe(true);
    expect((out[2] as ReplyMessage).ok).toBe(true);

    out.length = 0;
    host.handle({ type: 'request', id: 10, call: { op: 'kubectlComplete', line: 'kubectl get deployments he' } });
    host.flush();
    const reply = out.find((m): m is ReplyMessage => m.type === 'reply')!;
    expect(reply.ok && (reply.result as KubectlCompletion).candidates).toEqual(['hello']);
  });

  it('refuses malformed kubectl calls with a reply, never an exception', () => {
    const out: FromWorker[] = [];
    const host = new SimHost({ seed: 5, epochMs: 0, post: (m) => out.push(m), realNow: () => 0, paused: true });
    host.start();
    out.length = 0;
    host.handle({ type: 'request', id: 1, call: { op: 'kubectlStart', run: -1, line: 'kubectl get pods' } });
    host.handle({ type: 'request', id: 2, call: { op: 'kubectlEdit', run: 3, text: 'x' } });
    host.handle({ type: 'request', id: 3, call: { op: 'kubectlStart', run: 1, line: 'x'.repeat(20_000) } });
    host.flush();
    const replies = out.filter((m): m is ReplyMessage => m.type === 'reply');
    expect(replies.map((r) => r.ok)).toEqual([false, false, false]);
    expect(replies[1].ok === false && replies[1].error.message).toBe('no kubectl edit is waiting for run 3');
  });
});

import { describe, expect, test } from 'vitest';
import { Cluster } from '../../sim/cluster';
import { envFor, kubectl } from '../testing/env';

function setup(files: Record<string, string> = {}) {
  const c = Cluster.create({ seed: 3 });
  const env = envFor(c, files);
  return { c, env, k: (l: string) => kubectl(env, l) };
}

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

describe('kubectl errors, as kubectl prints them', () => {
  test('unknown command, flag, resource type; NotFound; usage errors', () => {
    const { k } = setup();
    expect(k('foo')).toMatchObject({ err: 'Error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n\n', code: 1 });
    expect(k('gett').err).toBe('Error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n\n');
    expect(k('zzzqqq').err).toBe('Error: unknown command "zzzqqq" for "kubectl"\n');
    expect(k('get pods --foo')).toMatchObject({ err: "Error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n", code: 1 });
    expect(k('get pods -l').err).toBe("Error: flag needs an argument: 'l' in -l\nSee 'kubectl get --help' for usage.\n");
    expect(k('scale deploy web --replicas=abc').err).toBe(`Error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax\nSee 'kubectl scale --help' for usage.\n`);
    expect(k('get foo')).toMatchObject({ err: 'error: the server doesn\'t have a resource type "foo"\n', code: 1 });
    expect(k('get pod nope')).toMatchObject({ err: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect(k('get deploy/nope').err).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(k('get').err).toContain('error: Required resource not specified.');
    expect(k('delete').err).toBe("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n");
    expect(k('delete pods').err).toBe('error: resource(s) were provided, but no name was specified\n');
    expect(k('cordon').err).toBe("error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n");
    expect(k('rollout status').err).toBe('error: required resource not specified\n');
    expect(k('get pods -o foo').err).toMatch(/^error: unable to match a printer suitable for the output format "foo", allowed formats are: /);
  });

  test('Invalid: one cause inline, several causes one per line', () => {
    const { k } = setup();
    expect(k('create deployment Web --image=nginx').err).toMatch(/^error: failed to create deployment: Deployment\.apps "Web" is invalid: metadata\.name: Invalid value: "Web": a lowercase RFC 1123 subdomain/);
    const { k: k2 } = setup({
      'bad.yaml': DEPLOY.replace('replicas: 2', 'replicas: -1').replace('app: web\n  template', 'app: other\n  template'),
    });
    const r = k2('apply -f bad.yaml');
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe('The Deployment "web" is invalid: ');
    expect(r.err).toContain('\n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n');
  });

  test('YAML errors carry go-yaml words and line numbers', () => {
    const { k } = setup({ 'x.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a: b\n', 'tab.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n', 'nokind.yaml': 'apiVersion: v1\nmetadata:\n  name: a\n' });
    expect(k('apply -f x.yaml').err).toBe('error: error parsing x.yaml: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context\n');
    expect(k('apply -f tab.yaml').err).toBe('error: error parsing tab.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token\n');
    expect(k('apply -f nokind.yaml').err).toBe('error: error validating "nokind.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n');
    expect(k('apply -f missing.yaml').err).toBe('error: the path "missing.yaml" does not exist\n');
    expect(k('apply').err).toBe('error: must specify one of -f and -k\n');
  });
});

describe('apply, label, annotate, taint, delete', () => {
  test('client-side apply: created, unchanged, configured; multi-document', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
    const { k, c } = setup({ 'web.yaml': DEPLOY, 'both.yaml': `${ns}---\n${DEPLOY}`, 'web3.yaml': DEPLOY.replace('replicas: 2', 'replicas: 3') });
    expect(k('apply -f web.yaml').all).toBe('deployment.apps/web created\n');
    c.runFor(10_000);
    expect(k('apply -f web.yaml').all).toBe('deployment.apps/web unchanged\n');
    expect(k('apply -f both.yaml').all).toBe('namespace/shop created\ndeployment.apps/web unchanged\n');
    expect(k('apply -f web3.yaml').all).toBe('deployment.apps/web configured\n');
    const d = c.client('t').get('deployments', 'default', 'web');
    expect(d.spec.replicas).toBe(3);
    expect(JSON.parse(d.metadata!.annotations!['kubectl.kubernetes.io/last-applied-configuration']).spec.replicas).toBe(3);
    expect(k('create -f web.yaml').err).toBe('Error from server (AlreadyExists): error when creating "web.yaml": deployments.apps "web" already exists\n');
  });

  test('label and annotate with --overwrite rules', () => {
    const { k } = setup();
    expect(k('label node node-1 disk=ssd').all).toBe('node/node-1 labeled\n');
    expect(k('label node node-1 disk=hdd').err).toBe("error: 'disk' already has a value (ssd), and --overwrite is false\n");
    expect(k('label node node-1 disk=hdd --overwrite').all).toBe('node/node-1 labeled\n');
    expect(k('label node node-1 disk-').all).toBe('node/node-1 unlabeled\n'.replace('unlabeled', 'labeled'));
    expect(k('annotate node node-1 note=hi').all).toBe('node/node-1 annotated\n');
    expect(k('annotate node node-1 note=bye').err).toBe("error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hi)\n");
    expect(k('label node node-1').err).toBe('error: at least one label update is required\n');
  });

  test('taint add, refuse duplicate, remove', () => {
    const { k, c } = setup();
    expect(k('taint nodes node-1 dedicated=gpu:NoSchedule').all).toBe('node/node-1 tainted\n');
    expect(k('taint nodes node-1 dedicated=cpu:NoSchedule').err).toBe('error: node node-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n');
    expect(k('taint nodes node-1 dedicated:NoSchedule-').all).toBe('node/node-1 untainted\n');
    expect(k('taint nodes node-1 dedicated:NoSchedule-').err).toBe('error: taint "dedicated:NoSchedule" not found\n');
    expect(k('taint nodes node-1 a=b:Sometimes').err).toBe('error: invalid taint effect: Sometimes, unsupported taint effect\n');
    expect(c.client('t').get('nodes', undefined, 'node-1').spec.taints ?? []).toEqual([]);
  });

  test('delete: deleted, force deleted with the warning, NotFound, --all', () => {
    const { k, c } = setup({ 'web.yaml': DEPLOY });
    k('apply -f web.yaml');
    c.runFor(10_000);
    const [a, b] = c.client('t').list('pods', 'default').items.map((p) => p.metadata!.name!).sort();
    expect(k(`delete pod ${a}`).all).toBe(`pod "${a}" deleted\n`);
    const f = k(`delete pod ${b} --force --grace-period=0`);
    expect(f.err).toBe('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
    expect(f.out).toBe(`pod "${b}" force deleted\n`);
    expect(k('delete pod nope').err).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(k('delete deploy --all').all).toBe('deployment.apps "web" deleted\n');
    expect(k('delete deploy --all').all).toBe('No resources found\n');
  });
});

describe('information commands', () => {
  test('version, api-resources, config, -o name/jsonpath', () => {
    const { k } = setup();
    expect(k('version').out).toBe('Client Version: v1.32.2\nKustomize Version: v5.5.0\nServer Version: v1.32.2\n');
    const api = k('api-resources').out.split('\n').map((l) => l.split(/\s+/).filter(Boolean));
    expect(api[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const names = api.slice(1).map((cells) => cells[0]);
    expect(api).toContainEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(api).toContainEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    expect(api).toContainEqual(['leases', 'coordination.k8s.io/v1', 'true', 'Lease']);
    // core first (alphabetical), then apps, …, coordination.k8s.io later
    expect(names.indexOf('pods')).toBeLessThan(names.indexOf('deployments'));
    expect(names.indexOf('events')).toBeLessThan(names.indexOf('pods'));
    expect(names.indexOf('replicasets')).toBeLessThan(names.indexOf('leases'));
    expect(k('config get-contexts').out).toBe('CURRENT   NAME         CLUSTER      AUTHINFO     NAMESPACE\n*         playground   playground   playground   \n');
    expect(k('config current-context').out).toBe('playground\n');
    expect(k('get ns -o name').out).toBe('namespace/default\nnamespace/ingress-nginx\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n');
    expect(k("get nodes -o jsonpath='{.items[*].metadata.name}'").out).toBe('control-plane node-1 node-2 node-3');
    expect(k('describe ns default').out).toBe('Name:         default\nLabels:       kubernetes.io/metadata.name=default\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n');
  });
});

describe('streaming', () => {
  test('get pods -w prints the table, then one row per change under the same columns', async () => {
    const { c, env } = setup();
    const { stream } = await import('../testing/env');
    const w = stream(env, 'get pods -w');
    expect(w.text).toBe('NAME   READY   STATUS   RESTARTS   AGE\n');
    kubectl(env, 'create deployment web --image=nginx:1.27');
    c.runFor(10_000);
    const rows = w.text.split('\n').slice(1).filter(Boolean);
    expect(rows[0]).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}   0\/1     Pending   0          0s$/);
    expect(rows[rows.length - 1]).toMatch(/   1\/1     Running   0          \ds$/);
    w.stop();
    expect(w.exitCode).toBeUndefined();
  });
});

/**
 * Property tests: kubectl never throws, whatever the line — arbitrary strings, and valid command
 * lines mutated token by token (dropped, duplicated, swapped, flags and values spliced in). Every
 * answer is a result with an exit code; a failure (exit ≠ 0) always says something on stderr.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../sim/cluster';
import { deployment } from '../sim/testing/builders';
import type { KubectlEnv } from './command';
import { runKubectl } from './index';
import { envFor } from './testing/env';

const VALID = [
  'kubectl get pods',
  'kubectl get pods -o wide -A',
  'kubectl get deploy web -o yaml',
  'kubectl get pods -l app=web -o jsonpath={.items[*].metadata.name}',
  'kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName',
  'kubectl describe deployment web',
  'kubectl describe pod',
  'kubectl scale deployment web --replicas=3',
  'kubectl set image deployment/web nginx=nginx:1.28',
  'kubectl rollout status deployment/web',
  'kubectl rollout undo deployment/web --to-revision=1',
  'kubectl rollout history deployment/web',
  'kubectl label pods --all tier=front --overwrite',
  'kubectl annotate deployment web note=x',
  'kubectl delete pod nope --grace-period=0 --force',
  'kubectl cordon node-1',
  'kubectl uncordon node-1',
  'kubectl drain node-2 --ignore-daemonsets --delete-emptydir-data',
  'kubectl taint nodes node-1 key=value:NoSchedule',
  'kubectl logs deploy/web --tail=5 --timestamps',
  'kubectl create deployment api --image=nginx --replicas=2',
  'kubectl create namespace team-a',
  'kubectl expose deployment web --port=80 --target-port=8080',
  'kubectl apply -f web.yaml',
  'kubectl explain deployment.spec.strategy',
  'kubectl top pods',
  'kubectl api-resources',
  'kubectl version',
  'kubectl config set-context --current --namespace=kube-system',
  'kubectl get events --sort-by=.lastTimestamp',
];
const SPLICE = ['-o', 'json', '--replicas', '-1', '--replicas=999999999999', '-n', '', '--', '-', '--all', '-A', '--selector', '!!', '=', "'", '"', '\\', '$(', '`', '|', '{', '}', '[', ']', '--grace-period=-5', '--timeout=1x', 'deployment/', '/', 'pods/', '--output=jsonpath={', '--field-selector=spec.nodeName==', '-lapp in (', '--to-revision=abc', '\u0000', '💥', 'a'.repeat(300)];

const INTERNAL = /Cannot read propert|is not a function|is not iterable|Maximum call stack|Invalid array length|Invalid string length|\[object Object\]|\bNaN\b|undefined/;

let c: Cluster;
let env: KubectlEnv;
const runs = { arbitrary: 0, unicode: 0, mutated: 0, failures: 0 };

function check(line: string): void {
  let r;
  try {
    r = runKubectl(line, env);
  } catch (e) {
    throw new Error(`runKubectl threw on ${JSON.stringify(line)}: ${(e as Error)?.stack ?? e}`);
  }
  expect(typeof r.exitCode).toBe('number');
  expect(typeof r.stdout).toBe('string');
  expect(typeof r.stderr).toBe('string');
  // a JavaScript error rendered as `error: …` is a crash in disguise
  expect(r.stderr, `internal error leaked for ${JSON.stringify(line)}`).not.toMatch(INTERNAL);
  if (r.exitCode !== 0) {
    runs.failures++;
    if (line.trim().startsWith('kubectl')) expect(r.stderr.trim().length, `a failure must say why: ${JSON.stringify(line)}`).toBeGreaterThan(0);
  }
}

beforeAll(() => {
  c = Cluster.create({ seed: 11 });
  c.api.create('deployments', 'default', deployment('web', { replicas: 2 }));
  c.runFor(60_000);
  env = envFor(c, { 'web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - {name: nginx, image: "nginx:1.27"}\n' });
});

afterAll(() => {
  console.log(`kubectl property runs: ${runs.arbitrary} arbitrary lines, ${runs.unicode} unicode lines, ${runs.mutated} mutated valid lines (${runs.failures} answered with exit ≠ 0)`);
});

describe('kubectl on hostile input (property)', () => {
  it('arbitrary strings after `kubectl ` never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        runs.arbitrary++;
        check(`kubectl ${s}`);
        check(s);
      }),
      { numRuns: 500, seed: 1 },
    );
  });

  it('arbitrary unicode (surrogates, NULs, quotes) never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (s) => {
        runs.unicode++;
        check(`kubectl get ${s}`);
      }),
      { numRuns: 300, seed: 2 },
    );
  });

  it('valid lines mutated token by token never throw, and failures say why', () => {
    const mutation = fc.oneof(
      fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('dup' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('swap' as const), at: fc.nat(), to: fc.nat() }),
      fc.record({ op: fc.constant('splice' as const), at: fc.nat(), token: fc.constantFrom(...SPLICE) }),
      fc.record({ op: fc.constant('random' as const), at: fc.nat(), token: fc.string({ maxLength: 12 }) }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.array(mutation, { minLength: 1, maxLength: 4 }), (line, muts) => {
        const t = line.split(' ');
        for (const m of muts) {
          const i = 1 + (m.at % Math.max(1, t.length - 1));
          if (m.op === 'drop' && t.length > 1) t.splice(i, 1);
          else if (m.op === 'dup') t.splice(i, 0, t[i] ?? '');
          else if (m.op === 'swap') {
            const j = 1 + (m.to % Math.max(1, t.length - 1));
            [t[i], t[j]] = [t[j], t[i]];
          } else if (m.op === 'splice' || m.op === 'random') t.splice(i, 0, m.token);
        }
        runs.mutated++;
        check(t.filter((x) => x !== undefined).join(' '));
      }),
      { numRuns: 1500, seed: 3 },
    );
  });
});

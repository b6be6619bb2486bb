/**
 * Property tests of the YAML apply path (`kubectl apply -f`): arbitrary text, deeply nested
 * YAML and JSON, alias bombs (billion laughs), megabyte strings, objects with the wrong types,
 * and `__proto__` / `constructor` / `prototype` keys. kubectl must never throw nor hang: it
 * answers, and a refusal is exit code 1 with a message. Nothing may pollute Object.prototype.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../sim/cluster';
import type { KubectlEnv } from './command';
import { runKubectl } from './index';
import { envFor } from './testing/env';

let c: Cluster;
const runs = { text: 0, objects: 0, fixed: 0 };
const INTERNAL = /Cannot read propert|is not a function|is not iterable|Maximum call stack|Invalid array length|Invalid string length|\[object Object\]/;

function apply(text: string, name = 'x.yaml'): { code: number; out: string; err: string } {
  const env: KubectlEnv = envFor(c, { [name]: text });
  let r;
  try {
    r = runKubectl(`kubectl apply -f ${name}`, env);
  } catch (e) {
    throw new Error(`apply threw on ${JSON.stringify(text.slice(0, 200))}: ${(e as Error)?.stack ?? e}`);
  }
  expect(r.stderr, `internal error leaked for ${JSON.stringify(text.slice(0, 200))}`).not.toMatch(INTERNAL);
  if (r.exitCode !== 0) {
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().length).toBeGreaterThan(0);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  return { code: r.exitCode, out: r.stdout, err: r.stderr };
}

const KINDS = [
  ['v1', 'ConfigMap'],
  ['v1', 'Pod'],
  ['v1', 'Service'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['batch/v1', 'Job'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['v1', 'PersistentVolumeClaim'],
  ['v1', 'Namespace'],
] as const;

beforeAll(() => {
  c = Cluster.create({ seed: 12, machines: [{ name: 'node-1' }] });
});

afterAll(() => {
  console.log(`apply property runs: ${runs.text} arbitrary texts, ${runs.objects} arbitrary objects, ${runs.fixed} hostile fixed inputs`);
});

describe('kubectl apply -f on hostile input (property)', () => {
  it('arbitrary text never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        runs.text++;
        apply(text);
      }),
      { numRuns: 400, seed: 21 },
    );
  });

  it('YAML-looking text (indentation, anchors, tags, flow collections) never throws', () => {
    const piece = fc.constantFrom('a: 1', '- x', '  ', ': ', '&a ', '*a', '!!str ', '!!binary ', '{', '}', '[', ']', ', ', '---', '...', '? ', '|', '>', '#', '"', "'", '\t', 'kind: Pod', 'apiVersion: v1', 'metadata:', '  name: p', '<<: *a', '%YAML 1.2', '!<tag:x> ', '\n', '\n  ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        runs.text++;
        apply(parts.join(''));
      }),
      { numRuns: 600, seed: 22 },
    );
  });

  it('objects of any shape under a real kind never throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.string({ minLength: 1, maxLength: 20 }), fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3 }), ([apiVersion, kind], name, spec, metadataExtra) => {
        runs.objects++;
        const md = typeof metadataExtra === 'object' && metadataExtra !== null && !Array.isArray(metadataExtra) ? { ...metadataExtra, name } : { name, labels: metadataExtra };
        apply(JSON.stringify({ apiVersion, kind, metadata: md, spec, data: spec, status: spec }), 'x.json');
      }),
      { numRuns: 400, seed: 23 },
    );
  });

  it('a billion laughs alias bomb is refused with a message', () => {
    runs.fixed++;
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  ${lines.join('\n  ')}\n`;
    const r = apply(bomb);
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: error parsing x.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing\n');
  });

  it('a map of 40,000 keys is parsed in linear time; a repeated key is named with its line', () => {
    runs.fixed += 2;
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: v${i}\n`).join('');
    const t0 = performance.now();
    // (create, not apply: apply's last-applied annotation would pass the 256 KiB limit)
    const r = runKubectl('kubectl create -f wide.yaml', envFor(c, { 'wide.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: wide\ndata:\n${keys}` }));
    // it was quadratic (the library's uniqueKeys check): a minute of frozen worker
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(r).toMatchObject({ exitCode: 0, stdout: 'configmap/wide created\n' });
    const dup = apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: again\n');
    expect(dup.err).toBe('error: error parsing x.yaml: error converting YAML to JSON: yaml: unmarshal errors:\n  line 5: key "name" already set in map\n');
  });

  it('deep nesting (YAML block and flow, JSON) is answered', () => {
    for (const depth of [200, 5_000, 100_000]) {
      runs.fixed += 3;
      apply(`${'['.repeat(depth)}${']'.repeat(depth)}`);
      apply(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, 'x.json');
      const block = Array.from({ length: Math.min(depth, 5_000) }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
      apply(block);
    }
  });

  it('a megabyte string and a megabyte of documents are answered', () => {
    runs.fixed += 3;
    const big = 'x'.repeat(1 << 20);
    apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: ${big}\n`);
    apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${big}\n`);
    apply(Array.from({ length: 20_000 }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m${i}\n`).join('').slice(0, 1 << 20));
  });

  it('__proto__, constructor and prototype keys pollute nothing', () => {
    const texts = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p1\n  __proto__:\n    polluted: yes\ndata:\n  __proto__: x\n',
      'apiVersion: v1\nkind: ConfigMap\n__proto__:\n  polluted: yes\nmetadata:\n  name: p2\n',
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p3","__proto__":{"polluted":"yes"}},"data":{"constructor":"x","prototype":"y"}}',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p4\n  labels:\n    constructor: {prototype: {polluted: yes}}\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p5\nspec:\n  __proto__: {polluted: yes}\n  template:\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        __proto__: {polluted: yes}\n',
    ];
    for (const t of texts) {
      runs.fixed++;
      apply(t, t.startsWith('{') ? 'p.json' : 'p.yaml');
      // applying twice goes through the three-way merge patch path too
      apply(t, t.startsWith('{') ? 'p.json' : 'p.yaml');
    }
  });
});

/**
 * Property tests: random sequences of API calls (create / get / update with fresh or stale
 * resourceVersions / merge, strategic and JSON patches of any shape / delete / list / watch),
 * with the controllers running in between, against a cluster's store and API server. Whatever
 * the sequence: the revision only grows, a watch replayed from a revision equals the live
 * stream, every failure is an ApiError with a 4xx code (never a 500 or a JavaScript error), a
 * create is then readable, and a delete of a configmap/secret/service is then a 404.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import type { KObject } from '../api/types';
import { Cluster } from '../cluster';
import type { WatchEvent } from './apiserver';

const NAMES = ['a', 'a', 'a', 'b', 'web', 'web', 'web', 'x-1', 'Bad_Name', '', 'n'.repeat(300), '__proto__', 'constructor'];
const RESOURCES = ['configmaps', 'secrets', 'services', 'pods', 'deployments', 'namespaces'] as const;
const totals = { sequences: 0, calls: 0, apiErrors: 0 };

function manifest(resource: (typeof RESOURCES)[number], name: string, junk: unknown): KObject {
  const metadata = { name, labels: { app: 'web' } };
  switch (resource) {
    case 'configmaps':
      return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: junk as Record<string, string> };
    case 'secrets':
      return { apiVersion: 'v1', kind: 'Secret', metadata, stringData: junk as Record<string, string> };
    case 'services':
      return { apiVersion: 'v1', kind: 'Service', metadata, spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...(junk as object) } };
    case 'pods':
      return { apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...(junk as object) } };
    case 'deployments':
      return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } }, ...(junk as object) } };
    case 'namespaces':
      return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${name}` } };
  }
}

const junk = fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }), fc.jsonValue({ maxDepth: 3 }));
const call = fc.record({
  verb: fc.constantFrom('create', 'get', 'update', 'stale-update', 'merge', 'strategic', 'json', 'delete', 'list', 'settle'),
  resource: fc.constantFrom(...RESOURCES),
  name: fc.constantFrom(...NAMES),
  junk,
  patch: fc.jsonValue({ maxDepth: 4 }),
});

describe('API server and store under random call sequences (property)', () => {
  afterAll(() => {
    console.log(`api property runs: ${totals.sequences} sequences, ${totals.calls} calls, ${totals.apiErrors} answered with an ApiError`);
  });

  it('keeps its promises', () => {
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 25 }), fc.nat(1000), (calls, seed) => {
        totals.sequences++;
        const c = Cluster.create({ seed, machines: [{ name: 'node-1' }] });
        const api = c.client('prop');
        const rv0 = c.store.revision;
        const live: string[] = [];
        const watch = c.api.watch('configmaps', { resourceVersion: String(rv0) }, (e: WatchEvent) => live.push(`${e.type} ${e.object.metadata?.name} ${e.object.metadata?.resourceVersion}`));
        let rev = c.store.revision;
        for (const k of calls) {
          totals.calls++;
          const ns = k.resource === 'namespaces' ? undefined : 'default';
          const name = k.resource === 'namespaces' ? `ns-${k.name}` : k.name;
          try {
            switch (k.verb) {
              case 'create': {
                const made = api.create(k.resource, ns, manifest(k.resource, k.name, k.junk));
                expect(api.get(k.resource, ns, made.metadata!.name!).metadata?.uid).toBe(made.metadata?.uid);
                break;
              }
              case 'get':
                api.get(k.resource, ns, name);
                break;
              case 'update': {
                const cur = api.get(k.resource, ns, name);
                api.update(k.resource, ns, { ...cur, metadata: { ...cur.metadata, labels: { app: 'web', n: String(totals.calls) } } });
                break;
              }
              case 'stale-update': {
                const cur = api.get(k.resource, ns, name);
                api.update(k.resource, ns, { ...cur, metadata: { ...cur.metadata, resourceVersion: '1' } });
                break;
              }
              case 'merge':
              case 'strategic':
                api.patch(k.resource, ns, name, k.patch, k.verb);
                break;
              case 'json':
                api.patch(k.resource, ns, name, Array.isArray(k.patch) ? k.patch : [{ op: 'replace', path: '/metadata/labels', value: k.patch }], 'json');
                break;
              case 'delete': {
                api.delete(k.resource, ns, name);
                if (k.resource === 'configmaps' || k.resource === 'secrets' || k.resource === 'services') {
                  expect(() => api.get(k.resource, ns, name)).toThrow(ApiError);
                  try {
                    api.get(k.resource, ns, name);
                  } catch (e) {
                    expect((e as ApiError).status.code).toBe(404);
                  }
                }
                break;
              }
              case 'list':
                api.list(k.resource, ns);
                break;
              case 'settle':
                c.runFor(2_000);
                break;
            }
          } catch (e) {
            if (!(e instanceof ApiError)) throw new Error(`${k.verb} ${k.resource}/${k.name} threw a non-API error: ${(e as Error)?.stack ?? e}`);
            totals.apiErrors++;
            const code = e.status.code ?? 0;
            expect(code, `${k.verb} ${k.resource}: ${e.message}`).toBeGreaterThanOrEqual(400);
            expect(code, `${k.verb} ${k.resource}: ${e.message}`).toBeLessThan(500);
          }
          expect(c.store.revision).toBeGreaterThanOrEqual(rev);
          rev = c.store.revision;
        }
        c.settle();
        watch.stop();
        // a watch started later from the same revision replays exactly what the live one saw
        const replay: string[] = [];
        c.api.watch('configmaps', { resourceVersion: String(rv0) }, (e: WatchEvent) => replay.push(`${e.type} ${e.object.metadata?.name} ${e.object.metadata?.resourceVersion}`)).stop();
        expect(replay).toEqual(live);
        const rvs = live.map((l) => Number(l.split(' ')[2]));
        for (let i = 1; i < rvs.length; i++) expect(rvs[i]).toBeGreaterThan(rvs[i - 1]);
      }),
      { numRuns: 300, seed: 31 },
    );
  });
});

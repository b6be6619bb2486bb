/**
 * Bad input gets the real error and disturbs nothing: an invalid Deployment, an unknown kind, a
 * duplicate name and a stale update, thrown at a running cluster whose workload keeps running.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from './api/errors';
import type { Deployment } from './api/types';
import { Cluster } from './cluster';
import { deployment } from './testing/builders';

function statusOf(fn: () => unknown): ApiError['status'] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e.status;
    throw e;
  }
  throw new Error('expected an API error');
}

describe('bad input against a running cluster', () => {
  it('answers each mistake with the real error and keeps the cluster healthy', () => {
    const c = Cluster.create({ seed: 3 });
    c.api.create('deployments', 'default', deployment('web', { replicas: 3 }));
    c.runFor(60_000);
    const ready = () => (c.api.get<Deployment>('deployments', 'default', 'web').status?.readyReplicas ?? 0);
    expect(ready()).toBe(3);
    const revisionBefore = c.store.revision;

    // an invalid Deployment: every field error at once
    const bad = deployment('broken', { replicas: -1 });
    const invalid = statusOf(() => c.api.create('deployments', 'default', { ...bad, spec: { ...bad.spec!, selector: { matchLabels: { app: 'other' } } } }));
    expect(invalid.code).toBe(422);
    expect(invalid.reason).toBe('Invalid');
    expect(invalid.message).toContain('Deployment.apps "broken" is invalid: [');
    expect(invalid.message).toContain('spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(invalid.message).toContain('spec.template.metadata.labels: Invalid value: map[string]string{"app":"broken"}: `selector` does not match template `labels`');
    expect(invalid.details?.causes?.length).toBeGreaterThanOrEqual(2);

    // a kind the server does not serve
    const unknown = statusOf(() => c.api.create('foos', 'default', { apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name: 'x' } }));
    expect(unknown).toMatchObject({ code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' });

    // a duplicate name
    const dup = statusOf(() => c.api.create('deployments', 'default', deployment('web')));
    expect(dup).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'deployments.apps "web" already exists' });

    // a stale update
    const current = c.api.get<Deployment>('deployments', 'default', 'web');
    c.api.update('deployments', 'default', { ...current, metadata: { ...current.metadata, labels: { app: 'web', tier: 'front' } } });
    const stale = statusOf(() => c.api.update('deployments', 'default', { ...current, spec: { ...current.spec!, replicas: 5 } }));
    expect(stale).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    });

    // none of it touched the workload: only the one label update was written
    expect(c.store.revision).toBe(revisionBefore + 1);
    expect(c.api.get<Deployment>('deployments', 'default', 'web').spec?.replicas).toBe(3);
    c.runFor(60_000);
    expect(ready()).toBe(3);
    expect(c.faults).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkCall, checkToWorker, objectKey, requestIdOf, splitObjectKey } from './protocol';

describe('protocol validation', () => {
  it('accepts every well-formed call', () => {
    const calls = [
      { op: 'deletePod', namespace: 'default', name: 'web-1' },
      { op: 'deletePod', namespace: 'default', name: 'web-1', gracePeriodSeconds: 0 },
      { op: 'powerMachine', name: 'node-1', on: false },
      { op: 'setSpeed', speed: 60 },
      { op: 'pause' },
      { op: 'resume' },
      { op: 'step', ms: 1000 },
      { op: 'api', verb: 'create', resource: 'deployments', namespace: 'default', body: { kind: 'Deployment' } },
      { op: 'api', verb: 'list', resource: 'pods' },
      { op: 'api', verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', body: { spec: { replicas: 5 } }, patchType: 'merge' },
    ];
    for (const c of calls) expect(checkCall(c), JSON.stringify(c)).toMatchObject({ ok: true, value: c });
  });

  it('rejects malformed calls with a reason instead of throwing', () => {
    const bad = [
      undefined,
      null,
      'pause',
      { op: 'explode' },
      { op: 'deletePod', name: 'x' },
      { op: 'deletePod', namespace: 'default', name: '' },
      { op: 'powerMachine', name: 'node-1', on: 'yes' },
      { op: 'setSpeed', speed: 0 },
      { op: 'setSpeed', speed: Infinity },
      { op: 'setSpeed', speed: 1e9 },
      { op: 'step', ms: -5 },
      { op: 'api', verb: 'destroy', resource: 'pods' },
      { op: 'api', verb: 'get', resource: 'pods' },
      { op: 'api', verb: 'create', resource: 'pods', body: 'yaml' },
      { op: 'api', verb: 'patch', resource: 'pods', name: 'x', body: {}, patchType: 'xml' },
    ];
    for (const c of bad) {
      const r = checkCall(c);
      expect(r.ok, JSON.stringify(c)).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
    }
  });

  it('checks message envelopes', () => {
    expect(checkToWorker({ type: 'init', seed: 3, demo: true })).toEqual({ ok: true, value: { type: 'init', seed: 3, demo: true, speed: undefined, paused: false } });
    expect(checkToWorker({ type: 'init', seed: 'x' }).ok).toBe(false);
    expect(checkToWorker({ type: 'request', id: 1.5, call: { op: 'pause' } }).ok).toBe(false);
    expect(checkToWorker({ type: 'request', id: 2, call: { op: 'pause' } })).toEqual({ ok: true, value: { type: 'request', id: 2, call: { op: 'pause' } } });
    expect(checkToWorker([]).ok).toBe(false);
    expect(requestIdOf({ type: 'request', id: 5, call: null })).toBe(5);
    expect(requestIdOf({ id: 'five' })).toBeUndefined();
  });

  it('keys objects as resource/namespace/name, cluster-scoped with an empty namespace', () => {
    expect(objectKey('nodes', undefined, 'node-1')).toBe('nodes//node-1');
    expect(objectKey('pods', 'default', 'web-1')).toBe('pods/default/web-1');
    expect(splitObjectKey('pods/default/web-1')).toEqual({ resource: 'pods', namespace: 'default', name: 'web-1' });
    expect(splitObjectKey('nodes//node-1')).toEqual({ resource: 'nodes', namespace: '', name: 'node-1' });
  });
});

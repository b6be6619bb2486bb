/**
 * Property tests of the wire's decoder: `checkToWorker` / `checkCall` on arbitrary values of the
 * kinds structured clone can deliver (nested objects, arrays, numbers incl. NaN/±Infinity/-0,
 * huge strings, null, undefined, dates, booleans), and on valid messages with one field
 * replaced by junk. They never throw, answer `{ok: false, error}` with a message, and what they
 * accept has the shape promised.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCall, checkToWorker } from './protocol';

const totals = { arbitrary: 0, mutated: 0, accepted: 0 };

const VALID: Record<string, unknown>[] = [
  { op: 'deletePod', namespace: 'default', name: 'web-1', gracePeriodSeconds: 0 },
  { op: 'powerMachine', name: 'node-1', on: false },
  { op: 'setSpeed', speed: 10 },
  { op: 'pause' },
  { op: 'step', ms: 1000 },
  { op: 'api', verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', body: { spec: { replicas: 2 } }, patchType: 'merge' },
  { op: 'kubectlRun', line: 'kubectl get pods', files: { 'a.yaml': 'kind: Pod' } },
  { op: 'setProcess', machine: 'control-plane', process: 'etcd', running: false },
  { op: 'setNetwork', name: 'node-2', up: false },
  { op: 'addMachine', size: 'small' },
  { op: 'removeMachine', name: 'node-3' },
  { op: 'crashContainer', namespace: 'default', name: 'web-1' },
  { op: 'traffic', name: 'users', rps: 10, target: { kind: 'ingress', host: 'a.example', path: '/' } },
  { op: 'schedulingDecision', namespace: 'default', name: 'web-1' },
  { op: 'kubectlStart', run: 1, line: 'kubectl get pods -w' },
  { op: 'kubectlStop', run: 1 },
  { op: 'kubectlEdit', run: 1, text: null },
  { op: 'kubectlComplete', line: 'kubectl get po' },
];

/** values structured clone can carry (no functions, symbols, getters or class instances) */
const cloneable = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, undefined, NaN, Infinity, -Infinity, -0, 0, 1e308, Number.MAX_SAFE_INTEGER + 2, true, false, '', 'request', 'init', 'api'),
    fc.double(),
    fc.integer(),
    fc.string({ maxLength: 20 }),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('type', 'id', 'call', 'op', 'name', 'namespace', 'verb', 'body', 'files', 'line', 'run', 'seed', 'speed', 'ms', 'target', '__proto__', 'constructor', 'toString', 'valueOf', 'x'), tie('value'), { maxKeys: 5, noNullPrototype: true }),
  ),
})).value;

describe('the worker protocol decoder on arbitrary messages (property)', () => {
  afterAll(() => {
    console.log(`protocol property runs: ${totals.arbitrary} arbitrary messages, ${totals.mutated} mutated valid calls (${totals.accepted} accepted)`);
  });

  it('arbitrary values never make it throw; refusals carry a message', () => {
    fc.assert(
      fc.property(cloneable, (v) => {
        totals.arbitrary++;
        for (const msg of [v, { type: 'request', id: 1, call: v }, { type: 'init', seed: v, speed: v, workers: v }]) {
          const r = checkToWorker(msg);
          if (r.ok) totals.accepted++;
          else expect(r.error.length).toBeGreaterThan(0);
        }
        const c = checkCall(v);
        if (!c.ok) expect(c.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000, seed: 41 },
    );
  });

  it('valid calls with one field replaced by junk never make it throw; accepted calls keep their op', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.string({ maxLength: 12 }), cloneable, (call, field, junk) => {
        totals.mutated++;
        const keys = Object.keys(call);
        const key = keys.includes(field) ? field : keys[field.length % keys.length];
        const mutated = { ...call, [key]: junk };
        const r = checkToWorker({ type: 'request', id: 7, call: mutated });
        if (r.ok) {
          totals.accepted++;
          expect(r.value.type).toBe('request');
          if (r.value.type === 'request') expect(r.value.call.op).toBe(mutated.op);
        } else expect(r.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000, seed: 42 },
    );
  });

  it('every valid call is accepted as is', () => {
    for (const call of VALID) expect(checkCall(call)).toMatchObject({ ok: true, value: { op: call.op } });
  });
});

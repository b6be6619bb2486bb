import { describe, expect, it } from 'vitest';
import { SimHost } from './host';
import type { FromWorker, KubectlRunResult, PatchMessage, ReplyMessage } from './protocol';
import type { Pod } from '../sim/api/types';

function makeHost() {
  const out: FromWorker[] = [];
  let real = 0;
  const host = new SimHost({ seed: 7, epochMs: Date.UTC(2026, 0, 1), post: (m) => out.push(structuredClone(m)), realNow: () => real, demo: true, paused: true });
  host.start();
  out.length = 0;
  let id = 0;
  return {
    host,
    call(call: unknown): ReplyMessage {
      const rid = ++id;
      host.handle({ type: 'request', id: rid, call });
      host.flush();
      const r = out.find((m) => m.type === 'reply' && m.id === rid) as ReplyMessage;
      return r;
    },
    patches(): PatchMessage[] {
      return out.filter((m): m is PatchMessage => m.type === 'patch');
    },
    advance(ms: number) {
      real += ms;
    },
  };
}

describe('canvas calls', () => {
  it('drains a node through the kubectl pipeline: cordoned, its pods evicted and replaced elsewhere', () => {
    const t = makeHost();
    t.host.cluster.runFor(30_000);
    const node = t.host.cluster.store.list<Pod>('pods', 'default')[0].spec!.nodeName!;
    const r = t.call({ op: 'kubectlRun', line: `kubectl drain ${node} --ignore-daemonsets --delete-emptydir-data` });
    expect(r.ok).toBe(true);
    const res = (r as { result: KubectlRunResult }).result;
    expect(res.stdout).toContain(`node/${node} cordoned`);
    expect(res.exitCode).toBe(0);
    expect(t.host.cluster.store.get('nodes', '', node)?.spec).toMatchObject({ unschedulable: true });
    t.host.cluster.runFor(60_000);
    const pods = t.host.cluster.store.list<Pod>('pods', 'default');
    expect(pods.filter((p) => !p.metadata?.deletionTimestamp && p.spec?.nodeName === node)).toHaveLength(0);
  });

  it('adds a machine of the chosen size with the next free name; removing it deletes its Node', () => {
    const t = makeHost();
    const r = t.call({ op: 'addMachine', size: 'large' });
    expect(r).toMatchObject({ ok: true, result: { name: 'node-4', cpuMillis: 8000, memoryBytes: 16 * 2 ** 30 } });
    expect(t.host.cluster.store.get('nodes', '', 'node-4')).toBeDefined();
    expect(t.call({ op: 'removeMachine', name: 'node-4' }).ok).toBe(true);
    expect(t.host.cluster.store.get('nodes', '', 'node-4')).toBeUndefined();
    expect(t.call({ op: 'removeMachine', name: 'control-plane' })).toMatchObject({ ok: false });
    expect(t.call({ op: 'addMachine', size: 'huge' })).toMatchObject({ ok: false });
  });

  it('stops a control-plane process; a crashed container restarts with restartCount 1', () => {
    const t = makeHost();
    expect(t.call({ op: 'setProcess', machine: 'control-plane', process: 'kube-scheduler', running: false })).toMatchObject({ ok: true, result: { processes: { 'kube-scheduler': false } } });
    expect(t.call({ op: 'setProcess', machine: 'control-plane', process: 'kube-scheduler', running: true }).ok).toBe(true);
    t.host.cluster.runFor(30_000);
    const pod = t.host.cluster.store.list<Pod>('pods', 'default')[0];
    const name = pod.metadata!.name!;
    expect(t.call({ op: 'crashContainer', namespace: 'default', name }).ok).toBe(true);
    t.host.cluster.runFor(5_000);
    const after = t.host.cluster.store.get<Pod>('pods', 'default', name)!;
    const cs = after.status!.containerStatuses![0];
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('explains a Pending pod: the scheduler filtered every node for insufficient cpu', () => {
    const t = makeHost();
    t.host.cluster.api.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '64' } } }] } });
    t.host.cluster.runFor(2_000);
    const r = t.call({ op: 'schedulingDecision', namespace: 'default', name: 'big' }) as { ok: true; result: { result: string; message: string } };
    expect(r.result.result).toBe('Unschedulable');
    expect(r.result.message).toMatch(/^0\/4 nodes are available: .*3 Insufficient cpu/);
  });

  it('streams request counts per process with each patch', () => {
    const t = makeHost();
    t.host.cluster.api.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    t.host.handle({ type: 'request', id: 99, call: { op: 'step', ms: 5000 } });
    t.host.flush();
    const p = t.patches().at(-1)!;
    expect(p.stats!.writes).toBeGreaterThan(0);
    expect(p.stats!.byAgent['kubelet']).toBeGreaterThan(0);
    expect(p.stats!.byAgent['kube-scheduler']).toBeGreaterThan(0);
  });
});

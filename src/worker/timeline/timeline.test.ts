/**
 * Rewinding is exact: a seek gives byte for byte the snapshot the cluster had at that instant,
 * and playing on from there gives the same history. Acting in the past forks a branch and the
 * old future is still there.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment, Pod } from '../../sim/api/types';
import { Cluster } from '../../sim/cluster';
import type { StoreEvent } from '../../sim/store/store';
import { KubectlShell } from '../kubectl';
import { DEMO_END, playScript } from './demo';
import { applyInput, type LoggedInput } from './input';
import { clusterOptions, Timeline, type PlaygroundOptions } from './timeline';

const OPTIONS: PlaygroundOptions = { seed: 5, epochMs: Date.UTC(2026, 0, 1) };

function playDemo(opts = OPTIONS): Timeline {
  const tl = new Timeline(opts);
  playScript({ runUntil: (t) => tl.runUntil(t), pods: () => tl.cluster.store.list<Pod>('pods', 'default'), act: (i) => tl.act(i) });
  return tl;
}

/** A plain cluster (no timeline, no keyframes) given the same inputs at the same instants. */
function reference(inputs: readonly LoggedInput[], until: number): Cluster {
  const c = Cluster.create(clusterOptions(OPTIONS));
  const shell = new KubectlShell(c);
  for (const { t, input } of inputs) {
    if (t > until) break;
    if (t > c.clock.now) c.runUntil(t);
    try {
      applyInput(c, shell, input);
    } catch {
      // failed the same way in the timeline
    }
  }
  c.runUntil(until);
  return c;
}

function record(c: Cluster): string[] {
  const log: string[] = [];
  c.store.subscribe('*', (e: StoreEvent) => log.push(`${c.clock.now} ${e.rv} ${e.type} ${e.resource} ${JSON.stringify(e.object)}`));
  return log;
}

describe('timeline', () => {
  const tl = playDemo();
  const inputs = [...tl.inputs];
  const endSnapshot = JSON.stringify(tl.cluster.snapshot());

  it('logs every learner action with its virtual time and keeps keyframes', () => {
    expect(inputs.length).toBe(11);
    expect(inputs.map((i) => i.t)).toEqual([0, 30_000, 45_000, 80_000, 100_000, 150_000, 200_000, 260_000, 330_000, 500_000, 540_000]);
    expect(tl.keyframes.length).toBeGreaterThanOrEqual(15);
    expect(tl.end).toBe(DEMO_END);
  });

  it('is the same history as a plain cluster given the same inputs', () => {
    expect(endSnapshot).toBe(JSON.stringify(reference(inputs, DEMO_END).snapshot()));
  });

  it('seek(t) gives exactly the snapshot the cluster had at t', () => {
    for (const t of [95_000, 333_333, 30_000, 0, 512_345]) {
      tl.seek(t);
      expect(tl.now).toBe(t);
      expect(JSON.stringify(tl.cluster.snapshot()) === JSON.stringify(reference(inputs, t).snapshot()), `at ${t}`).toBe(true);
    }
  });

  it('playing forward after a seek reproduces the same event log', () => {
    const original = new Timeline(OPTIONS);
    const log = record(original.cluster);
    playScript({ runUntil: (t) => original.runUntil(t), pods: () => original.cluster.store.list<Pod>('pods', 'default'), act: (i) => original.act(i) });
    const from = 210_000;
    const after = log.filter((l) => Number(l.slice(0, l.indexOf(' '))) > from);
    expect(after.length).toBeGreaterThan(100);

    original.seek(from);
    const replayed = record(original.cluster);
    original.runUntil(DEMO_END);
    expect(replayed).toEqual(after);
    expect(JSON.stringify(original.cluster.snapshot())).toBe(endSnapshot);
  });

  it('acting in the past starts a branch; the old future can be returned to', () => {
    const t = new Timeline(OPTIONS);
    playScript({ runUntil: (x) => t.runUntil(x), pods: () => t.cluster.store.list<Pod>('pods', 'default'), act: (i) => t.act(i) });
    t.seek(120_000);
    let replaced = 0;
    t.onReplace(() => replaced++);
    // reading the past leaves no trace
    t.act({ op: 'api', verb: 'get', resource: 'deployments', namespace: 'default', name: 'web' });
    t.act({ op: 'kubectlRun', line: 'kubectl get pods' });
    expect(t.branches()).toHaveLength(1);

    t.act({ op: 'kubectlRun', line: 'kubectl scale deployment web --replicas=1' });
    const branches = t.branches();
    expect(branches).toHaveLength(2);
    const fork = branches.find((b) => b.current)!;
    expect(fork).toMatchObject({ parent: 0, forkT: 120_000, inputs: 6 });
    t.runUntil(200_000);
    expect(t.cluster.store.get<Deployment>('deployments', 'default', 'web')?.spec?.replicas).toBe(1);

    t.switchTo(0, DEMO_END);
    expect(replaced).toBeGreaterThan(0);
    expect(t.now).toBe(DEMO_END);
    expect(JSON.stringify(t.cluster.snapshot())).toBe(endSnapshot);
    t.switchTo(fork.id);
    expect(t.now).toBe(200_000);
    expect(t.cluster.store.get<Deployment>('deployments', 'default', 'web')?.spec?.replicas).toBe(1);
  });

  it('marks node NotReady/Ready, taint-manager evictions, rollouts and learner actions', () => {
    const m = tl.markers();
    const kinds = (k: string) => m.filter((x) => x.kind === k);
    expect(kinds('action')).toHaveLength(11);
    const notReady = kinds('node-not-ready').find((x) => x.text === 'node-2 NotReady');
    // the node lifecycle controller notices after the 50 s grace period
    expect(notReady!.t).toBeGreaterThanOrEqual(100_000 + 50_000);
    expect(notReady!.t).toBeLessThan(100_000 + 60_000);
    expect(kinds('node-ready').some((x) => x.text === 'node-2 Ready' && x.t >= 500_000)).toBe(true);
    // NoExecute toleration of 300 s after the taint
    const evicted = kinds('pod-evicted');
    expect(evicted.length).toBeGreaterThan(0);
    expect(evicted[0].t).toBeGreaterThan(notReady!.t + 299_000);
    expect(kinds('rollout-started').length).toBeGreaterThanOrEqual(3); // create, set image, undo
    expect(kinds('rollout-finished').length).toBeGreaterThanOrEqual(2);
    // a seek and replay does not duplicate them
    const before = tl.markers().length;
    tl.seek(50_000);
    tl.runUntil(DEMO_END);
    expect(tl.markers().length).toBe(before);
  });

  it('compares two moments object by object, field by field', () => {
    const d = tl.compare(40_000, 60_000);
    const web = d.changed.find((c) => c.key === 'deployments/default/web')!;
    expect(web.fields).toContainEqual({ path: 'spec.replicas', before: 3, after: 5 });
    expect(web.fields!.some((f) => f.path.includes('resourceVersion') || f.path.includes('Time'))).toBe(false);
    expect(d.added.filter((c) => c.kind === 'Pod').length).toBeGreaterThanOrEqual(2);
    const raw = tl.compare(40_000, 60_000, { ignoreNoise: false });
    expect(raw.changed.find((c) => c.key === 'deployments/default/web')!.fields!.some((f) => f.path === 'metadata.resourceVersion')).toBe(true);
  });

  it('keeps keyframes bounded over a long run', () => {
    const t = new Timeline(OPTIONS, { snapshotEveryMs: 30_000, policy: { maxPerBranch: 8, recentMs: 60_000, coarseMs: 600_000 } });
    t.act({ op: 'api', verb: 'create', resource: 'deployments', namespace: 'default', body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { replicas: 1, selector: { matchLabels: { a: 'a' } }, template: { metadata: { labels: { a: 'a' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } } });
    t.runUntil(3600_000);
    expect(t.keyframes.length).toBeLessThanOrEqual(8);
    // recent ones dense, old ones sparse
    const ts = t.keyframes.map((k) => k.t);
    expect(ts[ts.length - 1]).toBe(3600_000);
    expect(ts[ts.length - 2]).toBe(3600_000 - 30_000);
    expect(ts[0]).toBeLessThan(3600_000 - 600_000);
    t.seek(1000);
    expect(t.now).toBe(1000);
  });
});

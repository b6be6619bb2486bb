/**
 * The host's timeline calls: seeking shows the earlier cluster and Live returns; a save text,
 * a share link and the autosave reopen the same playground; hostile input is refused in plain
 * words without hurting the running one; terminal runs keep the page's numbers across seeks.
 */
import { describe, expect, it } from 'vitest';
import { SimHost } from './host';
import type { FromWorker, KubectlOutputMessage, ReplyMessage, TimelineView } from './protocol';
import { MemoryStorage } from './timeline/storage';
import { keyframeEvery, openInitial } from './timelinecalls';

function makeHost(storage = new MemoryStorage(), timeline?: SimHost['timeline']) {
  const out: FromWorker[] = [];
  let id = 0;
  const host = new SimHost({ seed: 11, epochMs: Date.UTC(2026, 0, 1), demo: true, paused: true, realNow: () => 0, wallNow: () => Date.UTC(2026, 5, 1), storage, timeline, post: (m) => out.push(structuredClone(m)) });
  host.start();
  const call = async <T>(c: unknown): Promise<T> => {
    const my = ++id;
    host.handle({ type: 'request', id: my, call: c });
    for (let i = 0; i < 50; i++) {
      host.flush();
      const r = out.find((m): m is ReplyMessage => m.type === 'reply' && m.id === my);
      if (r) {
        if (!r.ok) throw new Error(r.error.message);
        return r.result as T;
      }
      await new Promise((res) => setTimeout(res, 0));
    }
    throw new Error('no reply');
  };
  const pods = () => host.cluster.store.list('pods', 'default').filter((p) => !p.metadata?.deletionTimestamp).length;
  return { host, out, call, pods };
}

describe('the host on a timeline', () => {
  it('seeks back to before a scale and forward to the end; markers name the action', async () => {
    const h = makeHost();
    await h.call({ op: 'step', ms: 30_000 });
    await h.call({ op: 'kubectlRun', line: 'kubectl scale deployment web --replicas=5' });
    await h.call({ op: 'step', ms: 30_000 });
    expect(h.pods()).toBe(5);
    const v = await h.call<TimelineView>({ op: 'seek', t: 20_000 });
    expect(h.host.cluster.clock.now).toBe(20_000);
    expect(h.pods()).toBe(3);
    expect(v.end).toBe(60_000);
    const texts = v.markers!.map((m) => m.text);
    expect(texts).toEqual(expect.arrayContaining(['create deployments web', 'deployment web rolled out (web-64f5c8754f available)', 'kubectl scale deployment web --replicas=5']));
    expect(texts.indexOf('create deployments web')).toBeLessThan(texts.indexOf('kubectl scale deployment web --replicas=5'));
    // a seek posts a fresh snapshot the page rebuilds its mirror from
    expect(h.out.filter((m) => m.type === 'snapshot')).toHaveLength(2);
    await h.call({ op: 'seek', t: 10_000_000 }); // beyond the end: the end
    expect(h.host.cluster.clock.now).toBe(60_000);
    expect(h.pods()).toBe(5);
  });

  it('reads (get, describe) are not markers; acting in the past forks a branch', async () => {
    const h = makeHost();
    await h.call({ op: 'step', ms: 10_000 });
    await h.call({ op: 'kubectlRun', line: 'kubectl get pods' });
    await h.call({ op: 'api', verb: 'get', resource: 'deployments', namespace: 'default', name: 'web' });
    const markers = await h.call<{ kind: string; text: string }[]>({ op: 'markers' });
    expect(markers.filter((m) => m.kind === 'action').map((m) => m.text)).toEqual(['create deployments web']);
    await h.call({ op: 'seek', t: 5000 });
    await h.call({ op: 'kubectlRun', line: 'kubectl scale deployment web --replicas=1' });
    const branches = await h.call<{ id: number; current: boolean }[]>({ op: 'branches' });
    expect(branches.map((b) => [b.id, b.current])).toEqual([
      [0, false],
      [1, true],
    ]);
    await h.call({ op: 'switchBranch', id: 0 });
    expect(h.host.timeline!.branchId).toBe(0);
  });

  it('a save text, a share link and the autosave reopen the same cluster', async () => {
    const storage = new MemoryStorage();
    const h = makeHost(storage);
    await h.call({ op: 'kubectlRun', line: 'kubectl create deployment kept --image=nginx --replicas=2' });
    await h.call({ op: 'step', ms: 20_000 });
    const names = h.host.cluster.store.list('pods', 'default').map((p) => p.metadata?.name).sort();
    const text = await h.call<string>({ op: 'exportSave' });
    const share = await h.call<string>({ op: 'shareLink' });
    expect(share).toMatch(/^s1\./);
    const saved = await h.call<{ stored: boolean; text: string }>({ op: 'autosave' });
    expect(saved.stored).toBe(true);
    for (const init of [{ saveText: text }, { share }, { resume: true }]) {
      const opened = await openInitial(init, storage);
      expect(opened.notices).toEqual([]);
      const o = makeHost(storage, opened.timeline);
      expect(o.host.cluster.clock.now).toBe(20_000);
      expect(o.host.cluster.store.list('pods', 'default').map((p) => p.metadata?.name).sort()).toEqual(names);
    }
    // the YAML for a real cluster has the learner's Deployments, not their pods
    const yaml = await h.call<string>({ op: 'exportYaml' });
    expect(yaml).toContain('kind create cluster');
    expect(yaml).toMatch(/name: kept/);
    expect(yaml).not.toMatch(/kind: Pod\b/);
  });

  it('hostile saves and links are refused in plain words; the running cluster is untouched', async () => {
    const h = makeHost();
    const before = h.host.cluster;
    await expect(h.call({ op: 'importSave', text: '{"format":"kubernetes-playground-save","version":1,"__proto__":{"x":1}}' })).rejects.toThrow(/forbidden key "__proto__"/);
    await expect(h.call({ op: 'importSave', text: 'not json' })).rejects.toThrow(/not valid JSON/);
    expect(h.host.cluster).toBe(before);
    for (const share of ['garbage', `s1.${'A'.repeat(9000)}`, 's1.!!!']) {
      const opened = await openInitial({ share }, undefined);
      expect(opened.timeline).toBeUndefined();
      expect(opened.notices[0]).toMatch(/link|Link/);
    }
  });

  it('terminal runs keep the page\'s numbers; a seek ends the open ones', async () => {
    const h = makeHost();
    await h.call({ op: 'kubectlStart', run: 1, line: 'kubectl get pods -w' });
    const out1 = h.out.filter((m): m is KubectlOutputMessage => m.type === 'kubectlOutput');
    expect(out1.length).toBeGreaterThan(0);
    expect(out1.every((m) => m.run === 1)).toBe(true);
    await h.call({ op: 'step', ms: 5000 });
    await h.call({ op: 'seek', t: 1000 });
    const ended = h.out.filter((m): m is KubectlOutputMessage => m.type === 'kubectlOutput' && m.exitCode !== undefined);
    expect(ended).toEqual([expect.objectContaining({ run: 1, exitCode: 130 })]);
    // the replayed `get -w` prints on, but that is history: nothing reaches the page
    const n = h.out.length;
    await h.call({ op: 'step', ms: 5000 });
    expect(h.out.slice(n).some((m) => m.type === 'kubectlOutput')).toBe(false);
  });

  it('keyframes thin out at high speed and for big clusters', () => {
    expect(keyframeEvery(1, 4)).toBe(30_000);
    expect(keyframeEvery(300, 4)).toBe(150_000);
    expect(keyframeEvery(1, 500)).toBe(300_000);
    expect(keyframeEvery(1, 5001)).toBe(Infinity);
  });
});

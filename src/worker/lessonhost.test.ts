import { describe, expect, it } from 'vitest';
import { SimHost } from './host';
import { checkToWorker, type FromWorker, type LessonMessage, type ReplyMessage, type SnapshotMessage } from './protocol';
import type { LessonSummary } from './lessonview';

function lessonHost(id: string, replay = 0) {
  const out: FromWorker[] = [];
  let real = 0;
  const host = new SimHost({ epochMs: Date.UTC(2026, 0, 1), demo: true, lesson: { id, replay }, post: (m) => out.push(structuredClone(m)), realNow: () => real });
  let id_ = 0;
  return {
    host,
    take: () => out.splice(0, out.length),
    /** real ms pass, one frame at a time (each frame runs ≤ 250 ms of real gap × speed) */
    frames(n: number, ms = 250) {
      for (let i = 0; i < n; i++) {
        real += ms;
        host.tick();
      }
    },
    call(call: unknown): ReplyMessage {
      const id = ++id_;
      host.handle({ type: 'request', id, call });
      host.flush();
      return out.find((m): m is ReplyMessage => m.type === 'reply' && m.id === id)!;
    },
  };
}

const lessons = (msgs: FromWorker[]) => msgs.filter((m): m is LessonMessage => m.type === 'lesson');

describe('SimHost in a lesson', () => {
  it('builds the lesson cluster (no demo), sends the lesson with its text after the snapshot, at the lesson speed', () => {
    const t = lessonHost('03-deployments');
    t.host.start();
    const [snap, lesson] = t.take();
    expect(snap.type).toBe('snapshot');
    expect(Object.keys((snap as SnapshotMessage).objects).some((k) => k.startsWith('deployments/default/'))).toBe(false);
    expect(lesson.type).toBe('lesson');
    const l = lesson as LessonMessage;
    expect(l.view?.title).toBe('Deployments and self-healing');
    expect(l.view?.steps.map((s) => s.id)).toEqual(['create', 'kill', 'scale', 'double-kill']);
    expect(l.view?.steps[3]).toMatchObject({ breakIt: true, chaos: ['delete pod (app=web)', 'delete pod (app=web)'] });
    expect(l.status.progress.current).toBe(0);
    expect(l.status.checklist).toEqual([{ label: '3 web pods Ready', met: false }]);
    expect((snap as SnapshotMessage).clock.speed).toBe(1);
  });

  it('a kubectl line from the terminal completes the step: a lesson message follows the patch', () => {
    const t = lessonHost('03-deployments');
    t.host.start();
    t.take();
    t.call({ op: 'kubectlStart', run: 1, line: 'kubectl create deployment web --image=playground/web:1.0 --replicas=3' });
    t.call({ op: 'setSpeed', speed: 60 });
    t.take();
    t.frames(4);
    const msgs = t.take();
    const done = lessons(msgs).find((m) => m.status.progress.completed.includes('create'));
    expect(done, 'the step completes by itself').toBeDefined();
    expect(done!.status.progress.current).toBe(1);
    // the lesson message comes after the patch that shows the pods
    expect(msgs.findIndex((m) => m.type === 'patch')).toBeLessThan(msgs.indexOf(done!));
  });

  it('hints, predictions and "show me" are requests; a wrong guess option is refused', () => {
    const t = lessonHost('03-deployments', 1);
    t.host.start();
    t.take();
    const hint = t.call({ op: 'lessonHint', step: 'kill' });
    expect(hint.ok && (hint.result as { progress: { hints: Record<string, number> } }).progress.hints).toEqual({ kill: 1 });
    const bad = t.call({ op: 'lessonPredict', step: 'kill', guess: '7' });
    expect(bad.ok).toBe(false);
    const guess = t.call({ op: 'lessonPredict', step: 'kill', guess: '3' });
    expect(guess.ok && (guess.result as { progress: { predictions: Record<string, unknown> } }).progress.predictions).toEqual({ kill: { guess: '3' } });
    const show = t.call({ op: 'lessonShowMe' });
    expect(show).toMatchObject({ ok: true, result: { output: expect.stringMatching(/^pod "web-.*" deleted/) } });
    t.call({ op: 'setSpeed', speed: 60 });
    t.frames(8);
    const last = lessons(t.take()).pop()!;
    expect(last.status.progress.completed).toEqual(['create', 'kill']);
    expect(last.status.progress.predictions.kill).toEqual({ guess: '3', actual: '3' });
  });

  it('a step with a speed sets the clock while open, and the lesson speed comes back after it', () => {
    const t = lessonHost('05-node-failure');
    t.host.start();
    const [snap] = t.take();
    expect((snap as SnapshotMessage).clock.speed).toBe(10); // step 1: the 50 s grace period
    t.call({ op: 'powerMachine', name: 'node-2', on: false });
    t.frames(30);
    const speeds = t.take().flatMap((m) => (m.type === 'patch' && m.clock ? [m.clock.speed] : []));
    expect(speeds).toContain(30); // step 2: the 300 s toleration
  });

  it('lesson files are there for kubectl apply -f in the terminal', () => {
    const t = lessonHost('06-storage', 1);
    t.host.start();
    t.take();
    t.call({ op: 'kubectlStart', run: 1, line: 'kubectl apply -f photos-pvc.yaml' });
    const out = t.take().filter((m) => m.type === 'kubectlOutput');
    expect(out.map((m) => ('stdout' in m ? m.stdout : '')).join('')).toContain('persistentvolumeclaim/photos created');
  });

  it('answers the catalog in the sandbox too; lesson calls there are refused; cordon runs kubectl', () => {
    const out: FromWorker[] = [];
    const host = new SimHost({ epochMs: 0, post: (m) => out.push(m), realNow: () => 0 });
    host.start();
    host.handle({ type: 'request', id: 1, call: { op: 'lessonCatalog' } });
    host.handle({ type: 'request', id: 2, call: { op: 'lessonHint', step: 'x' } });
    host.handle({ type: 'request', id: 3, call: { op: 'cordon', name: 'node-1', on: true } });
    host.flush();
    const replies = out.filter((m): m is ReplyMessage => m.type === 'reply');
    const cat = replies[0].ok ? (replies[0].result as LessonSummary[]) : [];
    expect(cat).toHaveLength(14);
    expect(cat[0]).toMatchObject({ id: '01-nodes', number: 1 });
    expect(replies[1]).toMatchObject({ ok: false, error: { message: 'no lesson is running' } });
    expect(replies[2]).toMatchObject({ ok: true, result: { stdout: 'node/node-1 cordoned\n', exitCode: 0 } });
    expect(host.cluster.store.get('nodes', '', 'node-1')?.spec).toMatchObject({ unschedulable: true });
  });

  it('an unknown lesson opens the sandbox with a notice; init validates the lesson field', () => {
    const out: FromWorker[] = [];
    const host = new SimHost({ epochMs: 0, lesson: { id: 'nope' }, post: (m) => out.push(m), realNow: () => 0 });
    expect(host.lesson).toBeUndefined();
    expect(out[0]).toMatchObject({ type: 'notice', level: 'warning' });
    expect(checkToWorker({ type: 'init', lesson: { id: '03-deployments', replay: 2 } })).toMatchObject({ ok: true, value: { lesson: { id: '03-deployments', replay: 2 } } });
    expect(checkToWorker({ type: 'init', lesson: { id: '' } }).ok).toBe(false);
    expect(checkToWorker({ type: 'init', lesson: { id: 'a', replay: -1 } }).ok).toBe(false);
    expect(checkToWorker({ type: 'request', id: 1, call: { op: 'cordon', name: 'node-1; rm', on: true } }).ok).toBe(false);
  });
});

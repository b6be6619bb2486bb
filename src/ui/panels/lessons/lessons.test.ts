import { describe, expect, it } from 'vitest';
import type { LessonProgress } from '../../../lessons/runner';
import { lookCss, lookLabel, lookSelection, lookSelector } from './look';
import { lessonFromSearch, lessonHref, loadSaved, mergeProgress, PROGRESS_KEY, replayCount, withoutProgress, withProgress, writeSaved } from './progress';

const progress = (over: Partial<LessonProgress> = {}): LessonProgress => ({
  lessonId: '03-deployments',
  current: 0,
  opened: true,
  fresh: false,
  startedAt: 0,
  completed: [],
  predictions: {},
  hints: {},
  warnings: [],
  finished: false,
  ...over,
});

function memoryStorage(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

describe('saved lesson progress', () => {
  it('round-trips through storage; a reload replays the finished steps', () => {
    const s = memoryStorage();
    const saved = withProgress({ progress: {}, done: [] }, progress({ current: 2, completed: ['create', 'kill'] }));
    writeSaved(saved, s);
    const back = loadSaved(s);
    expect(back.progress['03-deployments'].completed).toEqual(['create', 'kill']);
    expect(replayCount(back, '03-deployments')).toBe(2);
    expect(replayCount(back, '05-node-failure')).toBe(0);
    expect(back.done).toEqual([]);
  });

  it('a finished lesson is done for good; reset forgets its progress but keeps the tick', () => {
    let saved = withProgress({ progress: {}, done: [] }, progress({ current: 4, completed: ['a', 'b', 'c', 'd'], finished: true }));
    expect(saved.done).toEqual(['03-deployments']);
    saved = withoutProgress(saved, '03-deployments');
    expect(saved.progress).toEqual({});
    expect(saved.done).toEqual(['03-deployments']);
  });

  it('drops corrupt or foreign records instead of throwing', () => {
    expect(loadSaved(memoryStorage({ [PROGRESS_KEY]: '{not json' }))).toEqual({ progress: {}, done: [] });
    const odd = { progress: { '03-deployments': { lessonId: 'other', current: 0, completed: [], predictions: {}, hints: {} }, x: 5 }, done: ['01-nodes', 7] };
    expect(loadSaved(memoryStorage({ [PROGRESS_KEY]: JSON.stringify(odd) }))).toEqual({ progress: {}, done: ['01-nodes'] });
    expect(loadSaved(undefined)).toEqual({ progress: {}, done: [] });
  });

  it('after a reload the worker replays steps without the guesses and hints; the saved ones are kept', () => {
    const saved = progress({ current: 2, completed: ['create', 'kill'], predictions: { kill: { guess: '2', actual: '3' } }, hints: { create: 2 } });
    const worker = progress({ current: 2, completed: ['create', 'kill'], predictions: { kill: { actual: '3' } }, hints: {} });
    const merged = mergeProgress(worker, saved);
    expect(merged.predictions.kill).toEqual({ guess: '2', actual: '3' });
    expect(merged.hints).toEqual({ create: 2 });
    // the worker's own guess wins over an old one
    expect(mergeProgress(progress({ predictions: { kill: { guess: '3' } } }), saved).predictions.kill.guess).toBe('3');
    expect(mergeProgress(worker, undefined)).toBe(worker);
  });

  it('reads the lesson from the address and builds lesson addresses', () => {
    expect(lessonFromSearch('?lesson=05-node-failure')).toBe('05-node-failure');
    expect(lessonFromSearch('?seed=3')).toBeNull();
    expect(lessonFromSearch('?lesson=%3Cscript%3E')).toBeNull();
    expect(lessonHref('06-storage', '/app/')).toBe('/app/?lesson=06-storage');
    expect(lessonHref(null, '/app/')).toBe('/app/');
  });
});

describe('what a step points at', () => {
  it('rings canvas elements by test id: exact names, or a name prefix on the card class only', () => {
    expect(lookSelector({ kind: 'node', name: 'node-2' })).toBe('.machine[data-testid="node.node-2"]');
    expect(lookSelector({ kind: 'pod', name: 'web-*' })).toBe('.pod-chip[data-testid^="pod.web-"]');
    expect(lookSelector({ kind: 'replicaset', name: 'web-*' })).toBe('.rs[data-testid^="rs.web-"]');
    expect(lookSelector({ kind: 'pvc', name: 'photos' })).toBe('.claim[data-testid="claim.photos"]');
    expect(lookSelector({ kind: 'hpa', name: 'web' })).toBeNull();
    expect(lookSelector({ kind: 'pod', name: 'a"b' })).toBe('.pod-chip[data-testid="pod.a\\"b"]');
    expect(lookCss([{ kind: 'hpa', name: 'x' }])).toBe('');
    expect(lookCss([{ kind: 'node', name: 'node-2' }])).toMatch(/^\.machine\[data-testid="node\.node-2"\] \{ outline: 3px solid/);
    expect(lookLabel({ kind: 'pod', name: 'web-*' })).toBe('web-… (pods)');
    expect(lookLabel({ kind: 'pvc', name: 'photos' })).toBe('photos (claim)');
  });

  it('selects the first matching object for the inspector', () => {
    const objects = {
      pods: { 'default/web-b': {}, 'default/web-a': {}, 'kube-system/web-0': {} },
      nodes: { '/node-1': {}, '/node-2': {} },
      deployments: { 'default/web': {} },
      persistentvolumeclaims: {},
    };
    expect(lookSelection({ kind: 'pod', name: 'web-*' }, objects)).toEqual({ kind: 'pod', id: 'default/web-a' });
    expect(lookSelection({ kind: 'node', name: 'node-2' }, objects)).toEqual({ kind: 'node', name: 'node-2' });
    expect(lookSelection({ kind: 'deployment', name: 'web' }, objects)).toEqual({ kind: 'object', resource: 'deployments', id: 'default/web' });
    expect(lookSelection({ kind: 'pvc', name: 'photos' }, objects)).toBeNull();
  });
});

/**
 * Every lesson's reference solution, replayed headlessly on a fresh cluster: each step's goal
 * is false when the step opens and true once its solution ran. And for every lesson a wrong
 * attempt leaves the step open.
 */
import { describe, expect, it } from 'vitest';
import { runKubectl } from '../kubectl/index';
import { envFor } from '../kubectl/testing/env';
import type { Cluster } from '../sim/cluster';
import { LESSONS } from './catalog/index';
import { allSteps, type SolutionItem } from './schema';
import { playItems, replaySolution, settleLesson, setupLesson, type RunnerFactory } from './testing';
import { startLesson } from './runner';

const kubectlFor: RunnerFactory = (c: Cluster, files) => {
  const env = envFor(c, files);
  return (line, extra) => runKubectl(line, extra ? { ...env, files: { ...files, ...extra } } : env);
};

/** A wrong attempt per lesson: before the solution of step `step`, these items must leave it open. */
const WRONG: Record<string, { step: string; items: SolutionItem[] }> = {
  '01-nodes': { step: 'stop-kubelet', items: [{ op: 'setProcess', machine: 'node-3', process: 'kubelet', running: false }, { advance: 70_000 }] },
  '02-pods': { step: 'first-pod', items: ['kubectl apply -f profile-cache.yaml', { advance: 15_000 }] },
  '03-deployments': { step: 'scale', items: ['kubectl scale deployment coredns -n kube-system --replicas=5', { advance: 15_000 }] },
  '04-scheduling': { step: 'add-node', items: [{ advance: 60_000 }] },
  '05-node-failure': { step: 'power-off', items: [{ op: 'setProcess', machine: 'node-2', process: 'kube-proxy', running: false }, { advance: 70_000 }] },
  '06-storage': { step: 'move', items: [{ op: 'deletePod', selector: 'app=photos' }, { advance: 90_000 }] },
  '07-services': { step: 'expose', items: ['kubectl expose pod client --port=80 --name=web', { advance: 5_000 }] },
  '08-ingress': { step: 'auth-path', items: [{ op: 'traffic', client: 'logins', target: { kind: 'ingress', host: 'dating.example.com', path: '/auth/login' }, rps: 10 }, { advance: 12_000 }] },
  '09-rollouts': { step: 'undo', items: ['kubectl rollout undo deployment/web --to-revision=1', { advance: 40_000 }] },
  '10-probes': { step: 'probes', items: ['kubectl set image deployment/recs crash=playground/web:1.0', { advance: 60_000 }] },
  '11-control-plane': { step: 'no-controllers', items: [{ op: 'deletePod', selector: 'app=web' }, { advance: 5_000 }] },
  '12-autoscaling': { step: 'rush', items: [{ op: 'traffic', client: 'friday-night', target: { kind: 'ingress', host: 'dating.example.com', path: '/' }, rps: 20 }, { advance: 90_000 }] },
  '13-maintenance': { step: 'drain', items: ['kubectl drain node-2 --ignore-daemonsets', { advance: 40_000 }] },
  '14-capstone': { step: 'deploy', items: ['kubectl apply -f ingress.yaml', { advance: 60_000 }] },
};

describe('lessons', () => {
  it('has 14 lessons numbered in order, each with predict-then-observe and a chaos round', () => {
    expect(LESSONS.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    for (const l of LESSONS) {
      expect(allSteps(l).some((s) => s.predict), l.id).toBe(true);
      expect(l.solution.length, l.id).toBe(allSteps(l).length);
      expect(l.minutes).toBeGreaterThanOrEqual(5);
      expect(l.minutes).toBeLessThanOrEqual(15);
      for (const s of allSteps(l)) {
        expect(s.narration.split(/\s+/).length, `${l.id}/${s.id} narration`).toBeLessThanOrEqual(60);
        expect(s.hints).toHaveLength(3);
      }
    }
  });

  for (const lesson of LESSONS) {
    it(`${lesson.id}: the reference solution completes every step, each goal open at the start`, () => {
      const r = replaySolution(lesson, kubectlFor);
      const steps = allSteps(lesson);
      expect(r.stepDone, `${lesson.id}: ${r.log.join('')}`).toEqual(steps.map(() => true));
      expect(r.progress.finished).toBe(true);
      expect(r.progress.warnings).toEqual([]);
      for (const s of steps) if (s.predict) expect(s.predict.options, `${lesson.id}/${s.id} answer`).toContain(r.progress.predictions[s.id]?.actual);
      expect(r.cluster.faults).toEqual([]);
    });

    const wrong = WRONG[lesson.id];
    it(`${lesson.id}: has a wrong attempt to try`, () => expect(wrong).toBeDefined());
    if (wrong) {
      it(`${lesson.id}: a wrong attempt leaves step "${wrong.step}" open`, () => {
        const { cluster, kubectl } = setupLesson(lesson, kubectlFor);
        let p = settleLesson(lesson, startLesson(lesson, cluster.clock.now), cluster, kubectl);
        const steps = allSteps(lesson);
        const idx = steps.findIndex((s) => s.id === wrong.step);
        expect(idx).toBeGreaterThanOrEqual(0);
        for (let i = 0; i < idx; i++) p = playItems(lesson, p, cluster, kubectl, lesson.solution[i]);
        expect(p.current).toBe(idx);
        p = playItems(lesson, p, cluster, kubectl, wrong.items);
        expect(p.completed).not.toContain(wrong.step);
        expect(p.current).toBe(idx);
      });
    }
  }
});

describe('runner', () => {
  it('reports a goal that already holds when its step opens', async () => {
    const { lesson03 } = await import('./catalog/03-deployments');
    const broken = { ...lesson03, steps: [{ ...lesson03.steps[0], id: 'trivial', goal: { kind: 'predicate', label: 'always', name: 'always', fn: () => true } as const }] };
    const { cluster, kubectl } = setupLesson(broken, kubectlFor);
    const p = settleLesson(broken, startLesson(broken, cluster.clock.now), cluster, kubectl);
    expect(p.completed).toEqual(['trivial']);
    expect(p.warnings).toEqual(['03-deployments/trivial: the goal "always" already holds when the step opens']);
  });
});

/**
 * Runs lessons headlessly (tests, and the check that every solution works): builds the lesson's
 * cluster, replays solutions step by step with the runner evaluating as the UI would.
 */
import { Cluster } from '../sim/cluster';
import { performAction, performItem, type KubectlRunner } from './actions';
import { evaluate, startLesson, type LessonProgress } from './runner';
import { allSteps, lessonFiles, type Lesson, type SolutionItem } from './schema';

export type RunnerFactory = (c: Cluster, files: Record<string, string>) => KubectlRunner;

/** A fresh cluster for the lesson, set up and warmed up. */
export function setupLesson(lesson: Lesson, kubectlFor: RunnerFactory): { cluster: Cluster; kubectl: KubectlRunner } {
  const s = lesson.setup;
  const cluster = Cluster.create({ seed: s.seed, machines: s.machines });
  const files: Record<string, string> = { ...lessonFiles(lesson) };
  s.manifests.forEach((m, i) => (files[`setup-${i}.yaml`] = m));
  const kubectl = kubectlFor(cluster, files);
  s.manifests.forEach((_m, i) => {
    const r = kubectl(`kubectl apply -f setup-${i}.yaml`);
    if (r.exitCode !== 0) throw new Error(`${lesson.id}: setup manifest ${i} failed: ${r.stderr}`);
  });
  for (const a of s.actions ?? []) {
    const r = performAction(cluster, a, kubectl);
    if (!r.ok) throw new Error(`${lesson.id}: setup action failed: ${r.output}`);
  }
  cluster.runFor(s.warmupMs ?? 0);
  return { cluster, kubectl };
}

/** Performs effects until the lesson asks for none, evaluating after each. */
export function settleLesson(lesson: Lesson, p: LessonProgress, c: Cluster, kubectl: KubectlRunner): LessonProgress {
  for (let i = 0; i < 20; i++) {
    const ev = evaluate(lesson, p, c);
    p = ev.progress;
    if (!ev.effects.length) return p;
    for (const a of ev.effects) performAction(c, a, kubectl);
  }
  return p;
}

/**
 * Plays items while evaluating the lesson; `advance` runs in 1 s slices so goals that hold only
 * for a moment are seen, as the UI (evaluating every frame) would see them.
 */
export function playItems(lesson: Lesson, p: LessonProgress, c: Cluster, kubectl: KubectlRunner, items: SolutionItem[], log?: string[]): LessonProgress {
  for (const item of items) {
    if (typeof item === 'object' && 'advance' in item) {
      const end = c.clock.now + item.advance;
      while (c.clock.now < end) {
        c.runUntil(Math.min(end, c.clock.now + 1000));
        p = settleLesson(lesson, p, c, kubectl);
      }
    } else {
      const r = performItem(c, item, kubectl);
      log?.push(r.output);
      p = settleLesson(lesson, p, c, kubectl);
    }
  }
  return p;
}

export interface Replay {
  progress: LessonProgress;
  /** per step: whether it was complete when its solution finished */
  stepDone: boolean[];
  log: string[];
}

/** Replays the whole solution; stops at the first step its solution does not complete. */
export function replaySolution(lesson: Lesson, kubectlFor: RunnerFactory): Replay & { cluster: Cluster } {
  const { cluster, kubectl } = setupLesson(lesson, kubectlFor);
  let p = settleLesson(lesson, startLesson(lesson, cluster.clock.now), cluster, kubectl);
  const steps = allSteps(lesson);
  const stepDone: boolean[] = [];
  const log: string[] = [];
  for (let i = 0; i < steps.length; i++) {
    p = playItems(lesson, p, cluster, kubectl, lesson.solution[i] ?? [], log);
    const done = p.completed.includes(steps[i].id);
    stepDone.push(done);
    if (!done) break;
  }
  return { progress: p, stepDone, log, cluster };
}

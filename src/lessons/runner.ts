/**
 * Progress through a lesson as a pure reducer over plain JSON (the UI saves it in localStorage;
 * the worker keeps it beside the cluster). `evaluate` reads the cluster and says which step is
 * open, which are done, and what the lesson must do to the cluster next (a step's chaos) — the
 * caller performs those effects and evaluates again. No "Next" button: a step completes when
 * its goal holds.
 *
 * A goal that already holds when its step opens is a lesson bug (it could pass by accident); the
 * runner records it in `warnings`, and the lesson tests fail on any.
 */
import type { Cluster } from '../sim/cluster';
import { checkGoal, goalLines, type StepContext } from './goals';
import { allSteps, type Lesson, type LessonAction, type Step } from './schema';

export interface PredictionRecord {
  guess?: string;
  /** what happened, read when the step's goal was met */
  actual?: string;
}

export interface LessonProgress {
  lessonId: string;
  /** index into allSteps(lesson); equal to its length when the lesson is finished */
  current: number;
  /** whether the current step is open (its waitFor held) */
  opened: boolean;
  /** set when a step opens, cleared at its first check (the "false at start" check) */
  fresh: boolean;
  /** virtual ms the current step opened (or the previous one completed, while waiting) */
  startedAt: number;
  completed: string[];
  predictions: Record<string, PredictionRecord>;
  /** hints revealed per step (0–3) */
  hints: Record<string, number>;
  warnings: string[];
  finished: boolean;
}

export interface Evaluation {
  progress: LessonProgress;
  /** actions to perform on the cluster now (a chaos round) before evaluating again */
  effects: LessonAction[];
  /** steps completed by this evaluation */
  justCompleted: string[];
}

export function startLesson(lesson: Lesson, now: number): LessonProgress {
  return { lessonId: lesson.id, current: 0, opened: false, fresh: false, startedAt: now, completed: [], predictions: {}, hints: {}, warnings: [], finished: false };
}

export function currentStep(lesson: Lesson, p: LessonProgress): Step | undefined {
  return allSteps(lesson)[p.current];
}

export function evaluate(lesson: Lesson, progress: LessonProgress, cluster: Cluster): Evaluation {
  const steps = allSteps(lesson);
  let p = progress;
  const justCompleted: string[] = [];
  const now = cluster.clock.now;
  while (p.current < steps.length) {
    const step = steps[p.current];
    if (!p.opened) {
      if (step.waitFor && !checkGoal(step.waitFor, cluster, { startedAt: p.startedAt })) break;
      p = { ...p, opened: true, fresh: true, startedAt: now };
      if (step.chaos?.length) return { progress: p, effects: step.chaos, justCompleted };
    }
    const ctx: StepContext = { startedAt: p.startedAt };
    const met = checkGoal(step.goal, cluster, ctx);
    if (p.fresh) {
      p = { ...p, fresh: false };
      if (met) p = { ...p, warnings: [...p.warnings, `${lesson.id}/${step.id}: the goal "${step.goal.label}" already holds when the step opens`] };
    }
    if (!met) break;
    if (step.predict) {
      let actual: string;
      try {
        actual = step.predict.answer(cluster, ctx);
      } catch {
        actual = '';
      }
      p = { ...p, predictions: { ...p.predictions, [step.id]: { ...p.predictions[step.id], actual } } };
    }
    justCompleted.push(step.id);
    p = { ...p, completed: [...p.completed, step.id], current: p.current + 1, opened: false, fresh: false, startedAt: now };
  }
  if (p.current >= steps.length && !p.finished) p = { ...p, finished: true };
  return { progress: p, effects: [], justCompleted };
}

export function recordPrediction(p: LessonProgress, stepId: string, guess: string): LessonProgress {
  if (p.predictions[stepId]?.actual !== undefined) return p; // too late: it already happened
  return { ...p, predictions: { ...p.predictions, [stepId]: { ...p.predictions[stepId], guess } } };
}

export function revealHint(p: LessonProgress, stepId: string): LessonProgress {
  const n = Math.min(3, (p.hints[stepId] ?? 0) + 1);
  return { ...p, hints: { ...p.hints, [stepId]: n } };
}

/** The open step's checklist, for the panel. */
export function checklist(lesson: Lesson, p: LessonProgress, cluster: Cluster): { label: string; met: boolean }[] {
  const step = currentStep(lesson, p);
  if (!step || !p.opened) return [];
  return goalLines(step.goal, cluster, { startedAt: p.startedAt });
}

/** Whether a value read from storage is a progress record (for loading saved progress). */
export function isProgress(v: unknown): v is LessonProgress {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.lessonId === 'string' && typeof o.current === 'number' && Array.isArray(o.completed) && typeof o.predictions === 'object' && typeof o.hints === 'object';
}

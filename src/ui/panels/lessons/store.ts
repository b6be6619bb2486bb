/**
 * The lessons' own store: the running lesson (its text and the worker's status), the lesson
 * map's catalog, which lessons are done, and the panel's UI state. Fed by `boot.ts` from the
 * worker stream, before React loads; saved progress goes to localStorage on every change.
 */
import { createStore } from 'zustand/vanilla';
import type { LessonProgress } from '../../../lessons/runner';
import type { LessonStatus } from '../../../worker/lessons';
import type { LessonSummary, LessonView } from '../../../worker/lessonview';
import { loadSaved, mergeProgress, setWelcomed, welcomed, withProgress, withoutProgress, writeSaved, type Saved } from './progress';

export interface LessonsState {
  /** the lesson in the address (lesson mode), or null in the sandbox */
  active: string | null;
  view: LessonView | null;
  status: LessonStatus | null;
  /** the worker's progress with the saved guesses and hints folded in */
  progress: LessonProgress | null;
  catalog: LessonSummary[] | null;
  /** lessons finished at least once */
  done: string[];
  /** the side panel is expanded */
  panel: boolean;
  /** the lesson map is showing in the panel */
  map: boolean;
  /** the first-visit card */
  welcome: boolean;
  /** the goal lines of steps completed while watching, all green (a step moves on when they are) */
  metGoals: Record<string, string[]>;
  /** what "Show me" printed, per step (kept when the step turns green a moment later) */
  shown: Record<string, { ok: boolean; text: string }>;
}

let saved: Saved = { progress: {}, done: [] };
/** set while the page leaves for a restarted lesson: late statuses must not save it back */
let frozen = false;

export const lessonsStore = createStore<LessonsState>(() => ({
  active: null,
  view: null,
  status: null,
  progress: null,
  catalog: null,
  done: [],
  panel: false,
  map: false,
  welcome: false,
  metGoals: {},
  shown: {},
}));

/** Boot: the lesson in the address (if any) and what was saved. */
export function initLessons(active: string | null): Saved {
  saved = loadSaved();
  lessonsStore.setState({ active, done: saved.done, panel: active !== null, welcome: active === null && !welcomed() });
  return saved;
}

export function receiveStatus(status: LessonStatus, view?: LessonView): void {
  if (frozen) return;
  const progress = mergeProgress(status.progress, saved.progress[status.lessonId]);
  saved = withProgress(saved, progress);
  writeSaved(saved);
  lessonsStore.setState((s) => {
    // the open step's lines, last seen partly green, are all green now that it is done
    const prev = s.status;
    const stepDone = prev && prev.progress.opened ? s.view?.steps[prev.progress.current]?.id : undefined;
    const metGoals = stepDone && !prev!.progress.completed.includes(stepDone) && status.progress.completed.includes(stepDone) ? { ...s.metGoals, [stepDone]: prev!.checklist.map((g) => g.label) } : s.metGoals;
    return { status, progress, view: view ?? s.view, done: saved.done, metGoals };
  });
}

export function receiveCatalog(catalog: LessonSummary[]): void {
  lessonsStore.setState({ catalog });
}

/** Forget this lesson's progress (before a reload starts it over). */
export function forgetProgress(lessonId: string): void {
  frozen = true;
  saved = withoutProgress(saved, lessonId);
  writeSaved(saved);
}

export function setShown(step: string, out: { ok: boolean; text: string }): void {
  lessonsStore.setState((s) => ({ shown: { ...s.shown, [step]: out } }));
}

export const setPanel = (panel: boolean): void => lessonsStore.setState({ panel });
export const setMap = (map: boolean): void => lessonsStore.setState((s) => ({ map, panel: map ? true : s.panel }));

export function dismissWelcome(): void {
  setWelcomed();
  lessonsStore.setState({ welcome: false });
}

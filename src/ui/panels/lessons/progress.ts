/**
 * Lesson progress in the browser: saved in localStorage so a reload (or a visit next week)
 * resumes where the learner was. The worker owns the truth while a lesson runs; the page keeps
 * what the worker cannot: the guesses and hints of steps it replays after a reload, and which
 * lessons are finished. Pure functions over a Storage-like object, so they test in Node.
 */
import type { LessonProgress } from '../../../lessons/runner';

export const PROGRESS_KEY = 'kube-playground:lessons';
export const WELCOMED_KEY = 'kube-playground:welcomed';

export interface Saved {
  /** per lesson: its progress as last seen */
  progress: Record<string, LessonProgress>;
  /** lessons finished at least once */
  done: string[];
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function storage(): StorageLike | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined; // storage blocked (privacy settings)
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function isProgress(v: unknown): v is LessonProgress {
  return isRecord(v) && typeof v.lessonId === 'string' && typeof v.current === 'number' && Array.isArray(v.completed) && v.completed.every((x) => typeof x === 'string') && isRecord(v.predictions) && isRecord(v.hints);
}

/** What was saved; anything corrupt is dropped, never thrown. */
export function loadSaved(s: StorageLike | undefined = storage()): Saved {
  const out: Saved = { progress: {}, done: [] };
  try {
    const v = JSON.parse(s?.getItem(PROGRESS_KEY) ?? 'null') as unknown;
    if (!isRecord(v)) return out;
    if (isRecord(v.progress)) for (const [id, p] of Object.entries(v.progress)) if (isProgress(p) && p.lessonId === id) out.progress[id] = p;
    if (Array.isArray(v.done)) out.done = v.done.filter((x): x is string => typeof x === 'string');
  } catch {
    // corrupt: start fresh
  }
  return out;
}

export function writeSaved(saved: Saved, s: StorageLike | undefined = storage()): void {
  try {
    s?.setItem(PROGRESS_KEY, JSON.stringify(saved));
  } catch {
    // quota or privacy mode: progress just doesn't survive a reload
  }
}

/**
 * The worker's progress with the page's memory folded in: after a reload the worker replays
 * finished steps without the learner's guesses and hints; those come from what was saved.
 */
export function mergeProgress(worker: LessonProgress, saved: LessonProgress | undefined): LessonProgress {
  if (!saved || saved.lessonId !== worker.lessonId) return worker;
  const predictions = { ...worker.predictions };
  for (const [step, rec] of Object.entries(saved.predictions)) {
    if (rec.guess !== undefined && predictions[step]?.guess === undefined) predictions[step] = { ...rec, ...predictions[step], guess: rec.guess };
  }
  const hints = { ...worker.hints };
  for (const [step, n] of Object.entries(saved.hints)) hints[step] = Math.max(n, hints[step] ?? 0);
  return { ...worker, predictions, hints };
}

/** Records the lesson's progress (and, once finished, the lesson as done). */
export function withProgress(saved: Saved, p: LessonProgress): Saved {
  const done = p.finished && !saved.done.includes(p.lessonId) ? [...saved.done, p.lessonId] : saved.done;
  return { progress: { ...saved.progress, [p.lessonId]: p }, done };
}

/** Reset: the lesson starts over (it stays ticked on the map if it was finished before). */
export function withoutProgress(saved: Saved, lessonId: string): Saved {
  const progress = { ...saved.progress };
  delete progress[lessonId];
  return { ...saved, progress };
}

/** How many finished steps a reload replays for this lesson. */
export function replayCount(saved: Saved, lessonId: string): number {
  return saved.progress[lessonId]?.completed.length ?? 0;
}

export function welcomed(s: StorageLike | undefined = storage()): boolean {
  try {
    return s?.getItem(WELCOMED_KEY) === '1';
  } catch {
    return false;
  }
}

export function setWelcomed(s: StorageLike | undefined = storage()): void {
  try {
    s?.setItem(WELCOMED_KEY, '1');
  } catch {
    // ignore
  }
}

/** The lesson named in the page's address (`?lesson=03-deployments`), if any. */
export function lessonFromSearch(search: string): string | null {
  const id = new URLSearchParams(search).get('lesson');
  return id && /^[a-z0-9-]{1,100}$/.test(id) ? id : null;
}

/** The address of a lesson (or of the sandbox, for null), keeping the page's path. */
export function lessonHref(id: string | null, path = '/'): string {
  return id ? `${path}?lesson=${encodeURIComponent(id)}` : path;
}

/**
 * The panel's calls: to the worker (hints, guesses, "show me") and to the address bar (a
 * lesson starts, restarts or ends with a page load: each lesson has its own cluster).
 */
import { useStore } from 'zustand';
import { kubectlError, send } from '../../actions';
import type { LessonStatus } from '../../../worker/lessons';
import { lessonHref } from './progress';
import { forgetProgress, lessonsStore, receiveStatus, setShown, type LessonsState } from './store';

export function useLessons<T>(selector: (s: LessonsState) => T): T {
  return useStore(lessonsStore, selector);
}

export async function revealHint(step: string): Promise<void> {
  try {
    receiveStatus(await send<LessonStatus>({ op: 'lessonHint', step }));
  } catch {
    // the worker said no (no lesson): nothing to reveal
  }
}

export async function predict(step: string, guess: string): Promise<void> {
  try {
    receiveStatus(await send<LessonStatus>({ op: 'lessonPredict', step, guess }));
  } catch {
    // an option the worker does not know: the guess is not recorded
  }
}

/** Plays the open step's reference solution; what it printed is kept with the step. */
export async function showMe(step: string): Promise<void> {
  try {
    const r = await send<{ output: string }>({ op: 'lessonShowMe' });
    setShown(step, { ok: true, text: r.output.trimEnd() });
  } catch (e) {
    setShown(step, { ok: false, text: kubectlError(e) });
  }
}

function go(href: string): void {
  location.assign(href);
}

export const openLesson = (id: string): void => go(lessonHref(id, location.pathname));

/** A step's question without the chaos round's "Break it:" (the panel labels that round itself). */
export const askOf = (step: { ask?: string; id: string }): string => (step.ask ?? step.id).replace(/^Break it:\s*/, '');

/** Starts the lesson over: its saved progress goes, and a fresh cluster is built. */
export function resetLesson(id: string): void {
  forgetProgress(id);
  go(lessonHref(id, location.pathname));
}

export const leaveToSandbox = (): void => go(lessonHref(null, location.pathname));

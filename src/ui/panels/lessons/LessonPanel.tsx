/**
 * The lesson panel, a column left of the canvas (it never covers the cluster): the lesson's
 * title and steps, what just happened (the explanation, the guess against the outcome), the
 * open step, the finished lesson; a lesson map; reset; back to the sandbox. Collapses to a
 * strip. In the sandbox the same column shows the lesson map when the top bar asks for it.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { LessonStepView, LessonView } from '../../../worker/lessonview';
import type { LessonProgress } from '../../../lessons/runner';
import { askOf, leaveToSandbox, openLesson, resetLesson, useLessons } from './calls';
import { LessonMap } from './LessonMap';
import { lookCss } from './look';
import { ShownOutput, StepCard } from './StepCard';
import { setMap, setPanel } from './store';
import './lessons.css';

/** The top bar's "Lessons" button: opens the panel (in the sandbox, with the lesson map). */
export function LessonsButton() {
  const active = useLessons((s) => s.active);
  const panel = useLessons((s) => s.panel);
  const done = useLessons((s) => s.done.length);
  return (
    <button
      type="button"
      className={`btn lessons-btn${panel ? ' active' : ''}`}
      data-testid="lessons.toggle"
      aria-expanded={panel}
      aria-controls="lesson-panel"
      onClick={() => {
        if (active) setPanel(!panel);
        else if (panel) {
          setMap(false);
          setPanel(false);
        } else setMap(true);
      }}
    >
      <svg className="lessons-icon" viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
        <path d="M1.5 3C3.5 2.2 5.6 2.3 8 3.6c2.4-1.3 4.5-1.4 6.5-.6v10c-2-.8-4.1-.7-6.5.6-2.4-1.3-4.5-1.4-6.5-.6z M8 3.6v10" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />
      </svg>
      Lessons{done > 0 && <span className="lessons-btn-count"> · {done}/14</span>}
    </button>
  );
}

function StepsBar({ view, progress }: { view: LessonView; progress: LessonProgress }) {
  const n = view.steps.length;
  const current = Math.min(progress.current, n);
  return (
    <div className="lesson-progress">
      <span className="small" data-testid="lesson.progress">
        {progress.finished ? `All ${n} steps done` : `Step ${current + 1} of ${n}`}
      </span>
      <ol className="lesson-bar" aria-label="Steps">
        {view.steps.map((s, i) => {
          const state = progress.completed.includes(s.id) ? 'done' : i === current ? 'current' : 'todo';
          return (
            <li key={s.id} className={`${state}${s.breakIt ? ' break-it' : ''}`} aria-current={state === 'current' ? 'step' : undefined} title={`${s.breakIt ? 'Break it' : `Step ${i + 1}`}: ${askOf(s)} (${state === 'done' ? 'done' : state === 'current' ? 'now' : 'to do'})`}>
              <span className="sr-only">
                {s.breakIt ? 'Break it' : `Step ${i + 1}`}: {state === 'done' ? 'done' : state === 'current' ? 'now' : 'to do'}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/**
 * A step that turned green: why it worked, and the learner's guess against what happened. The
 * latest is open; earlier ones fold to one line (a chaos round can heal within a second of
 * the step before it, and both explanations stay readable).
 */
function DoneStep({ step, index, progress, latest }: { step: LessonStepView; index: number; progress: LessonProgress; latest: boolean }) {
  const goals = useLessons((s) => s.metGoals[step.id]);
  const rec = progress.predictions[step.id];
  const right = rec?.guess !== undefined && rec.actual !== undefined && rec.guess === rec.actual;
  const title = `${step.breakIt ? 'Break it, healed' : `Step ${index + 1} done`}: ${askOf(step)}`;
  return (
    <details className="lesson-done" data-testid={`lesson.done.${step.id}`} data-step={step.id} open={latest || undefined}>
      <summary>
        <span className="lesson-check ok" aria-hidden="true">
          ✓
        </span>{' '}
        {title}
      </summary>
      {goals && goals.length > 0 && (
        <ul className="lesson-done-goals" aria-label="Goal met">
          {goals.map((g, i) => (
            <li key={i} data-testid={`lesson.done.goal.${i}`} data-met="true">
              <span className="lesson-check ok" aria-hidden="true">
                ✓
              </span>
              {g}
            </li>
          ))}
        </ul>
      )}
      {step.chaos && (
        <p className="lesson-chaos small" data-testid="lesson.done.chaos">
          The lesson did: {step.chaos.map((c, i) => <code key={i} className="mono lesson-inline">{c}</code>)}
        </p>
      )}
      <ShownOutput step={step.id} />
      <p data-testid="lesson.explain">{step.explain}</p>
      {step.predict && rec?.actual !== undefined && (
        <div className={`lesson-outcome ${rec.guess === undefined ? '' : right ? 'right' : 'wrong'}`} data-testid="lesson.outcome" data-right={rec.guess === undefined ? '' : String(right)}>
          <p>
            <strong>{step.predict.question}</strong>
          </p>
          <p>
            {rec.guess === undefined ? 'You did not guess.' : <>You guessed <strong>{rec.guess}</strong>.</>} What happened: <strong>{rec.actual || '(could not tell)'}</strong>
            {rec.guess !== undefined && (right ? ' — right!' : ' — not this time, and that is the interesting part.')}
          </p>
          <p className="muted">{step.predict.explain}</p>
        </div>
      )}
    </details>
  );
}

function Complete({ view }: { view: LessonView }) {
  const catalog = useLessons((s) => s.catalog);
  const next = catalog?.find((l) => l.number === view.number + 1);
  return (
    <section className="lesson-complete" data-testid="lesson.complete" aria-labelledby="lesson-complete-title">
      <h3 id="lesson-complete-title">Lesson complete</h3>
      <p>
        You finished <strong>{view.title}</strong>. The cluster is still yours: keep poking it, or go on.
      </p>
      <div className="lesson-row">
        {next && (
          <button type="button" className="btn primary" data-testid="lesson.next" onClick={() => openLesson(next.id)}>
            Next: {next.title} →
          </button>
        )}
        <button type="button" className="btn" onClick={() => setMap(true)}>
          Lesson map
        </button>
      </div>
    </section>
  );
}

/** Reset asks once, in place: a fresh cluster loses what the learner built. */
function ResetButton({ id }: { id: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="btn small" data-testid="lesson.reset" title="Start this lesson over on a fresh cluster" onClick={() => setAsking(true)}>
        ↺ Reset
      </button>
    );
  }
  return (
    <span className="lesson-confirm" role="group" aria-label="Start the lesson over?">
      <span className="small">Start over?</span>
      <button type="button" className="btn small danger" data-testid="lesson.reset.confirm" autoFocus onClick={() => resetLesson(id)}>
        Yes, reset
      </button>
      <button type="button" className="btn small" data-testid="lesson.reset.cancel" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/**
 * The canvas fits its view when cards come or go, not when its width changes; when the panel
 * opens or closes, its own "fit view" control is pressed once so the cluster is whole again.
 */
function useRefitOnResize(key: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const id = requestAnimationFrame(() => document.querySelector<HTMLButtonElement>('.react-flow__controls-fitview')?.click());
    return () => cancelAnimationFrame(id);
  }, [key]);
}

/** A step turned green: bring its explanation (and the next step under it) into view. */
function useScrollToLatest(panel: RefObject<HTMLElement | null>, latest: string | undefined): void {
  useEffect(() => {
    if (!latest) return;
    const el = panel.current?.querySelector(`[data-testid="lesson.done.${CSS.escape(latest)}"]`);
    const smooth = !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    el?.scrollIntoView({ block: 'start', inline: 'nearest', behavior: smooth ? 'smooth' : 'auto' });
  }, [panel, latest]);
}

export function LessonPanel() {
  const active = useLessons((s) => s.active);
  const panel = useLessons((s) => s.panel);
  const map = useLessons((s) => s.map);
  const view = useLessons((s) => s.view);
  const status = useLessons((s) => s.status);
  const progress = useLessons((s) => s.progress);
  const ref = useRef<HTMLElement>(null);
  const step = view && progress && !progress.finished ? view.steps[progress.current] : undefined;
  const css = step && progress?.opened ? lookCss(step.look) : '';
  useRefitOnResize(`${active !== null}:${panel}`);
  useScrollToLatest(ref, progress?.completed[progress.completed.length - 1]);

  if (!active) {
    if (!panel) return null;
    return (
      <aside className="lesson-panel" id="lesson-panel" data-testid="lesson.panel" aria-label="Lessons">
        <LessonMap />
        <p className="muted small lesson-foot">Each lesson opens its own small cluster; the sandbox stays as it is on this address.</p>
      </aside>
    );
  }

  if (!panel) {
    return (
      <aside className="lesson-panel collapsed" id="lesson-panel" data-testid="lesson.panel" data-collapsed="true" aria-label="Lesson">
        {css && <style>{css}</style>}
        <button type="button" className="lesson-expand" data-testid="lesson.expand" aria-expanded="false" aria-label="Show the lesson" onClick={() => setPanel(true)}>
          <span aria-hidden="true">»</span>
          <span className="lesson-expand-text">
            {view ? `Lesson ${view.number}` : 'Lesson'}
            {view && progress && ` · ${Math.min(progress.current + 1, view.steps.length)}/${view.steps.length}`}
          </span>
        </button>
      </aside>
    );
  }

  const doneSteps = view && progress ? view.steps.map((s, i) => ({ s, i })).filter(({ s }) => progress.completed.includes(s.id)) : [];
  return (
    <aside ref={ref} className="lesson-panel" id="lesson-panel" data-testid="lesson.panel" data-lesson={active} data-completed={progress?.completed.join(' ') ?? ''} data-finished={progress?.finished ?? false} aria-labelledby="lesson-title">
      {css && <style>{css}</style>}
      <header className="lesson-head">
        <div className="lesson-head-row">
          <p className="lesson-kicker">{view ? `Lesson ${view.number} of 14 · ${view.minutes} min` : 'Lesson'}</p>
          <button type="button" className="btn small icon" data-testid="lesson.collapse" aria-expanded="true" aria-label="Hide the lesson panel" title="Hide the lesson panel" onClick={() => setPanel(false)}>
            «
          </button>
        </div>
        <h2 id="lesson-title" data-testid="lesson.title">
          {view?.title ?? 'Building the lesson’s cluster…'}
        </h2>
        <div className="lesson-row lesson-tools" role="group" aria-label="Lesson">
          <button type="button" className="btn small" data-testid="lesson.map.open" aria-pressed={map} onClick={() => setMap(!map)}>
            Map
          </button>
          <ResetButton id={active} />
          <button type="button" className="btn small" data-testid="lesson.leave" title="Leave the lesson for the sandbox (your progress is kept)" onClick={leaveToSandbox}>
            Exit to sandbox
          </button>
        </div>
        {view && progress && <StepsBar view={view} progress={progress} />}
      </header>
      <div className="lesson-body">
        {map ? (
          <LessonMap onClose={() => setMap(false)} />
        ) : !view || !status || !progress ? (
          <p className="muted" role="status">
            Building the lesson’s cluster…
          </p>
        ) : (
          <>
            {doneSteps.length > 0 && (
              <div className="lesson-history" aria-live="polite" aria-label="Steps done">
                {doneSteps.map(({ s, i }, k) => (
                  <DoneStep key={`${s.id}-${k === doneSteps.length - 1}`} step={s} index={i} progress={progress} latest={k === doneSteps.length - 1} />
                ))}
              </div>
            )}
            {progress.finished ? <Complete view={view} /> : step && <StepCard key={step.id} step={step} status={status} progress={progress} index={progress.current} total={view.steps.length} lessonSpeed={view.speed} />}
          </>
        )}
      </div>
    </aside>
  );
}

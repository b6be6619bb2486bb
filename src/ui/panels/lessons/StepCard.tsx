/**
 * The open step: the question, the narration, the time note, what to do (a kubectl line with
 * Copy and "Run it", or the canvas action named as on screen), a guess to make first, what to
 * look at, the goal lines that turn green by themselves, hints one by one, and "Show me".
 */
import { useState } from 'react';
import type { LessonStatus } from '../../../worker/lessons';
import type { LessonStepView } from '../../../worker/lessonview';
import type { LessonProgress } from '../../../lessons/runner';
import { useStore } from '../../state/hooks';
import { appStore, select } from '../../state/store';
import { askOf, predict, revealHint, showMe, useLessons } from './calls';
import { lookLabel, lookSelection } from './look';
import { copyText, runInTerminal } from './terminal';

const HINT_KINDS = ['Nudge', 'Concept', 'Command'] as const;

/** A kubectl line with Copy and "Run it" (in the Terminal tab). */
export function CommandLine({ line, testid }: { line: string; testid: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const [ran, setRan] = useState<string | null>(null);
  return (
    <div className="lesson-cmd" data-testid={testid}>
      <code className="mono lesson-cmd-line" data-testid={`${testid}.line`}>
        <span aria-hidden="true">$ </span>
        {line}
      </code>
      <div className="lesson-cmd-actions">
        <button
          type="button"
          className="btn small"
          data-testid={`${testid}.copy`}
          aria-label={`Copy: ${line}`}
          onClick={() => void copyText(line).then((ok) => setCopied(ok ? 'yes' : 'no'))}
        >
          {copied === 'yes' ? 'Copied ✓' : 'Copy'}
        </button>
        <button
          type="button"
          className="btn small primary"
          data-testid={`${testid}.run`}
          aria-label={`Run in the terminal: ${line}`}
          onClick={() => void runInTerminal(line).then((where) => setRan(where === 'terminal' ? 'Ran in the Terminal tab ↓' : 'Ran it (see the result on the canvas)'))}
        >
          ▶ Run it
        </button>
        <span className="muted small" role="status">
          {copied === 'no' ? 'Copying is blocked here: select the line instead.' : ran}
        </span>
      </div>
    </div>
  );
}

function TimeNote({ step, lessonSpeed }: { step: LessonStepView; lessonSpeed: number }) {
  const speed = useStore((s) => s.clock.speed);
  const paused = useStore((s) => s.clock.paused);
  if (!step.speed && speed === lessonSpeed && !paused) return null;
  return (
    <p className="lesson-time" data-testid="lesson.time">
      <span className="lesson-tag time">Time</span> 
      {step.speed ? (
        <>
          runs at <strong>{step.speed.speed}×</strong> while this step is open: {step.speed.why}.
        </>
      ) : (
        <>runs at {lessonSpeed}× in this lesson.</>
      )}{' '}
      {paused ? <strong>The clock is paused.</strong> : speed !== (step.speed?.speed ?? lessonSpeed) ? <>You set {speed}×.</> : null}
    </p>
  );
}

function Predict({ step, progress, done }: { step: LessonStepView; progress: LessonProgress; done: boolean }) {
  const p = step.predict!;
  const guess = progress.predictions[step.id]?.guess;
  return (
    <div className="lesson-predict" data-testid="lesson.predict" data-guess={guess ?? ''}>
      <p className="lesson-predict-q" id={`predict-${step.id}`}>
        <span className="lesson-tag">Predict first</span> {p.question}
      </p>
      <div className="lesson-options" role="radiogroup" aria-labelledby={`predict-${step.id}`}>
        {p.options.map((o, i) => (
          <button
            key={o}
            type="button"
            role="radio"
            aria-checked={guess === o}
            disabled={guess !== undefined || done}
            className={`btn lesson-option${guess === o ? ' chosen' : ''}`}
            data-testid={`lesson.predict.${i}`}
            onClick={() => void predict(step.id, o)}
          >
            <span className="lesson-radio" aria-hidden="true" />
            {o}
          </button>
        ))}
      </div>
      <p className="muted small" aria-live="polite">
        {guess === undefined ? 'Choose before you act; the lesson shows what really happened.' : `Your guess: ${guess}. Now do the step and watch.`}
      </p>
    </div>
  );
}

function Hints({ step, shown }: { step: LessonStepView; shown: number }) {
  return (
    <div className="lesson-hints" data-testid="lesson.hints">
      {shown > 0 && (
        <ol className="lesson-hint-list" aria-label="Hints">
          {step.hints.slice(0, shown).map((h, i) => (
            <li key={i} data-testid={`lesson.hint.${i + 1}`}>
              <span className="lesson-tag">{HINT_KINDS[i]}</span>{' '}
              {i === 2 && /^kubectl /.test(h) ? <CommandLine line={h} testid="lesson.hint.command" /> : h}
            </li>
          ))}
        </ol>
      )}
      {shown < 3 && (
        <button type="button" className="btn small" data-testid="lesson.hint" onClick={() => void revealHint(step.id)}>
          {shown === 0 ? 'Need a hint?' : shown === 1 ? 'Another hint (the concept)' : 'Last hint (the exact command)'}
        </button>
      )}
    </div>
  );
}

/** What "Show me" printed (in the open step, and in its card once done). */
export function ShownOutput({ step }: { step: string }) {
  const out = useLessons((s) => s.shown[step]);
  if (!out) return null;
  return (
    <pre className={`lesson-out ${out.ok ? 'ok' : 'err'}`} data-testid="lesson.showme.output" role="status">
      {out.text || 'done — now watch the canvas'}
    </pre>
  );
}

function ShowMe({ step, lines }: { step: string; lines: string[] }) {
  const [busy, setBusy] = useState(false);
  if (!lines.length) return null;
  const acts = lines.filter((l) => !l.startsWith('wait '));
  return (
    <div className="lesson-showme">
      <button
        type="button"
        className="btn small"
        data-testid="lesson.showme"
        disabled={busy || !acts.length}
        title={`Plays: ${lines.join('; ')}`}
        onClick={() => {
          setBusy(true);
          void showMe(step).then(() => setBusy(false));
        }}
      >
        Show me
      </button>
      <span className="muted small">plays the solution: {lines.map((l, i) => (
        <code key={i} className="mono lesson-inline">{l}</code>
      ))}</span>
      <ShownOutput step={step} />
    </div>
  );
}

export function StepCard({ step, status, progress, index, total, lessonSpeed }: { step: LessonStepView; status: LessonStatus; progress: LessonProgress; index: number; total: number; lessonSpeed: number }) {
  const opened = progress.opened;
  const shown = progress.hints[step.id] ?? 0;
  const met = status.checklist.filter((g) => g.met).length;
  return (
    <section className={`lesson-step${step.breakIt ? ' break-it' : ''}`} data-testid="lesson.step" data-step={step.id} data-opened={opened} aria-labelledby="lesson-step-title">
      <p className="lesson-kicker">
        {step.breakIt ? <span className="lesson-tag danger">Break it</span> : <>Step {index + 1} of {total}</>}
      </p>
      <h3 id="lesson-step-title" className="lesson-ask">
        {askOf(step)}
      </h3>
      {step.chaos && (
        <p className="lesson-chaos" data-testid="lesson.chaos">
          <span className="lesson-tag danger">Chaos</span> The lesson just did: {step.chaos.map((c, i) => <code key={i} className="mono lesson-inline">{c}</code>)}
        </p>
      )}
      <p className="lesson-narration" data-testid="lesson.narration">
        {step.narration}
      </p>
      <TimeNote step={step} lessonSpeed={lessonSpeed} />
      {!opened && (
        <p className="lesson-waiting" data-testid="lesson.waiting" role="status">
          Waiting for the cluster{step.waitFor ? `: ${step.waitFor}` : '…'}
        </p>
      )}
      {step.predict && <Predict step={step} progress={progress} done={false} />}
      {(step.command || step.do) && (
        <div className="lesson-do" data-testid="lesson.do">
          <h4>Do</h4>
          {step.do && step.do !== step.command && <p className="lesson-action">{step.do}</p>}
          {step.command && <CommandLine line={step.command} testid="lesson.command" />}
        </div>
      )}
      {step.files &&
        Object.entries(step.files).map(([name, text]) => (
          <details key={name} className="lesson-file">
            <summary>
              <span className="mono">{name}</span> — the file <code className="mono">kubectl apply -f {name}</code> reads
            </summary>
            <pre className="lesson-out">{text}</pre>
          </details>
        ))}
      {step.look && <Look refs={step.look} />}
      <div className="lesson-goals">
        <h4>
          Goal <span className="muted small">({met} of {status.checklist.length || 1} met — checked by the cluster)</span>
        </h4>
        <ul data-testid="lesson.goals" aria-live="polite">
          {status.checklist.map((g, i) => (
            <li key={i} className={g.met ? 'met' : ''} data-testid={`lesson.goal.${i}`} data-met={g.met}>
              <span className="lesson-check" aria-hidden="true">
                {g.met ? '✓' : '○'}
              </span>
              {g.label}
              <span className="sr-only">{g.met ? ' (met)' : ' (not yet)'}</span>
            </li>
          ))}
        </ul>
      </div>
      <Hints step={step} shown={shown} />
      <ShowMe step={step.id} lines={status.showMe} />
    </section>
  );
}

function Look({ refs }: { refs: NonNullable<LessonStepView['look']> }) {
  return (
    <div className="lesson-look" data-testid="lesson.look">
      <span className="muted small">Look at (ringed on the canvas):</span>
      {refs.map((r, i) => (
        <button
          key={i}
          type="button"
          className="btn small lesson-look-btn mono"
          data-testid={`lesson.look.${i}`}
          aria-label={`Inspect ${lookLabel(r)}`}
          onClick={() => select(lookSelection(r, appStore.getState().objects))}
        >
          {lookLabel(r)}
        </button>
      ))}
    </div>
  );
}

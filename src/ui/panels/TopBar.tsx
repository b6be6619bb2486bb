/** The simulated clock and the time controls: pause/play, step, speeds (keys: space, `.`, 1–4). */
import { useStore } from '../state/hooks';
import { pause, resume, setSpeed, step } from '../actions';
import { SPEEDS } from '../../worker/protocol';
import { LessonsButton } from './lessons/LessonPanel';
import { SavesButton } from './saves/SavesButton';

const pad = (n: number) => String(n).padStart(2, '0');

export function formatClock(epochMs: number, now: number): string {
  const d = new Date(epochMs + now);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

function Clock() {
  // whole seconds only: the clock shows no more, and the store changes ~30 times a second
  const wallSecond = useStore((s) => Math.floor((s.clock.epochMs + s.clock.now) / 1000));
  const elapsedSecond = useStore((s) => Math.floor(s.clock.now / 1000));
  const live = useStore((s) => s.live);
  return (
    <div className="clock" aria-live="off">
      <span className="clock-time mono" data-testid="clock" title="simulated time">
        {live ? formatClock(wallSecond * 1000, 0) : '--:--:--'}
      </span>
      <span className="clock-elapsed mono" data-testid="clock.elapsed" title="simulated time since the cluster started">
        +{formatElapsed(elapsedSecond * 1000)}
      </span>
    </div>
  );
}

export function TopBar() {
  const speed = useStore((s) => s.clock.speed);
  const paused = useStore((s) => s.clock.paused);
  return (
    <header className="topbar">
      <h1 className="title">
        <span aria-hidden="true" className="logo">⎈</span> Kubernetes playground
      </h1>
      <LessonsButton />
      <div className="time" role="group" aria-label="Simulated time">
        <Clock />
        <button type="button" className="btn" data-testid="time.toggle" aria-label={paused ? 'Play (space)' : 'Pause (space)'} aria-pressed={paused} onClick={() => (paused ? resume() : pause())}>
          {paused ? '▶ Play' : '❚❚ Pause'}
        </button>
        <button type="button" className="btn" data-testid="time.step" disabled={!paused} aria-label="Step 1 second (key .)" title="Step one simulated second (. — Shift+. for 5 s)" onClick={() => step(1000)}>
          Step <kbd>.</kbd>
        </button>
        <div className="speeds" role="group" aria-label="Speed">
          {SPEEDS.map((s, i) => (
            <button key={s} type="button" className={`btn speed${speed === s ? ' active' : ''}`} data-testid={`speed.${s}`} aria-pressed={speed === s} aria-label={`${s}× speed (key ${i + 1})`} onClick={() => setSpeed(s)}>
              {s}×
            </button>
          ))}
        </div>
      </div>
      <SavesButton />
    </header>
  );
}

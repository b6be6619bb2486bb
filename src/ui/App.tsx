/**
 * The page: top bar (clock, time controls), the canvas, the inspector, recent events.
 * The worker is already running (main.tsx starts it before React loads); this only renders.
 */
import { LazyMotion, MotionConfig, domAnimation } from 'motion/react';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { SPEEDS } from '../worker/protocol';
import { pause, resume, setSpeed } from './actions';
import { Canvas } from './canvas/Canvas';
import { EventsPanel } from './panels/EventsPanel';
import { Inspector } from './panels/Inspector';
import { TopBar } from './panels/TopBar';
import { useStore } from './state/hooks';
import { appStore } from './state/store';

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

function useTimeKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === ' ') {
        // a focused button already reacts to space; don't toggle twice
        if ((e.target as HTMLElement | null)?.tagName === 'BUTTON') return;
        e.preventDefault();
        if (appStore.getState().clock.paused) resume();
        else pause();
        return;
      }
      const i = Number(e.key) - 1;
      if (Number.isInteger(i) && i >= 0 && i < SPEEDS.length) setSpeed(SPEEDS[i]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function App() {
  useTimeKeys();
  const live = useStore((s) => s.live);
  const notice = useStore((s) => s.notice);
  return (
    <MotionConfig reducedMotion="user">
      <LazyMotion features={domAnimation} strict>
        <div className="app" data-testid="app" data-live={live}>
          <TopBar />
          {notice && (
            <div className="notice" role="alert">
              {notice}
            </div>
          )}
          <main className="main">
            <Canvas />
            <Inspector />
          </main>
          <EventsPanel />
          {!live && (
            <div className="loading" role="status">
              Starting the cluster…
            </div>
          )}
        </div>
      </LazyMotion>
    </MotionConfig>
  );
}

export function mount(root: HTMLElement): void {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

/**
 * The page: top bar (clock, time controls), the canvas, the inspector, recent events.
 * The worker is already running (main.tsx starts it before React loads); this only renders.
 */
import { LazyMotion, MotionConfig, domAnimation } from 'motion/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Canvas } from './canvas/Canvas';
// the bottom dock (Events | Terminal | Editor) renders the events panel under its first tab
import { Dock } from './panels/dock/Dock';
import { Inspector } from './panels/inspector/Inspector';
import { Palette } from './panels/palette/Palette';
import { Outcome } from './panels/Outcome';
import { useKeys } from './keys';
import { TopBar } from './panels/TopBar';
import { LessonPanel } from './panels/lessons/LessonPanel';
import { Welcome } from './panels/lessons/Welcome';
import { useStore } from './state/hooks';
import { appStore } from './state/store';
import { RecoveryBanner } from './panels/timeline/RecoveryBanner';
import { TimelineBar } from './panels/timeline/TimelineBar';

export function App() {
  useKeys();
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
              <button type="button" className="link notice-close" aria-label="Dismiss" onClick={() => appStore.setState({ notice: null })}>
                dismiss
              </button>
            </div>
          )}
          <RecoveryBanner />
          {/* the lesson panel (when open) is a column beside the canvas, never over it */}
          <div className="workspace">
            <LessonPanel />
            <main className="main">
              <Canvas />
              <Palette />
              <Outcome />
              <Inspector />
              <Welcome />
            </main>
          </div>
          {/* the simulated clock as a track: scrub back, markers, branches, compare */}
          <TimelineBar />
          <Dock />
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

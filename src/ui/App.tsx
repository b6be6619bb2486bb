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
import { useStore } from './state/hooks';

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
            </div>
          )}
          <main className="main">
            <Canvas />
            <Palette />
            <Outcome />
            <Inspector />
          </main>
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

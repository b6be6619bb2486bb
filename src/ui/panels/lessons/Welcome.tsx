/**
 * The first visit's card: start lesson 1 or explore the sandbox. A band across the top of the
 * canvas (right of the inspector's hint), above the cluster, and it takes no focus: keys keep
 * driving the canvas.
 */
import { openLesson, useLessons } from './calls';
import { dismissWelcome, setMap } from './store';

export function Welcome() {
  const show = useLessons((s) => s.welcome);
  const catalog = useLessons((s) => s.catalog);
  if (!show) return null;
  const first = catalog?.[0]?.id ?? '01-nodes';
  return (
    <section className="lesson-welcome" data-testid="welcome" aria-labelledby="welcome-title">
      <button type="button" className="close" aria-label="Close the welcome card" onClick={dismissWelcome}>
        ×
      </button>
      <div className="lesson-welcome-text">
        <h2 id="welcome-title">Learn Kubernetes by breaking it</h2>
        <p>Fourteen short lessons on the live cluster below: build a dating app, then kill its pods, pull the plug on its nodes, and watch Kubernetes heal it.</p>
      </div>
      <div className="lesson-welcome-actions">
        <button
          type="button"
          className="btn primary"
          data-testid="welcome.start"
          onClick={() => {
            dismissWelcome();
            openLesson(first);
          }}
        >
          Start lesson 1
        </button>
        <button type="button" className="btn" data-testid="welcome.sandbox" onClick={dismissWelcome}>
          Explore the sandbox
        </button>
        <button
          type="button"
          className="btn link"
          data-testid="welcome.map"
          onClick={() => {
            dismissWelcome();
            setMap(true);
          }}
        >
          All lessons
        </button>
      </div>
    </section>
  );
}

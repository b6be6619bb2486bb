/** The 14 lessons in order, ticked when finished; picking one opens it on its own cluster. */
import { useEffect, useRef } from 'react';
import { openLesson, useLessons } from './calls';
import { setMap } from './store';

export function LessonMap({ onClose }: { onClose?: () => void }) {
  const catalog = useLessons((s) => s.catalog);
  const done = useLessons((s) => s.done);
  const active = useLessons((s) => s.active);
  const first = useRef<HTMLButtonElement>(null);
  const loaded = catalog !== null;
  // opened on request: the keyboard goes to the list
  useEffect(() => {
    first.current?.focus();
  }, [loaded]);
  return (
    <nav
      className="lesson-map"
      data-testid="lesson.map"
      aria-label="Lessons"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onClose) {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="lesson-map-head">
        <h2>Lessons</h2>
        <span className="muted small" data-testid="lesson.map.count">
          {done.length} of {catalog?.length ?? 14} done
        </span>
        {onClose && (
          <button type="button" className="btn small" data-testid="lesson.map.close" onClick={onClose}>
            Back to the lesson
          </button>
        )}
      </div>
      {!catalog ? (
        <p className="muted">Loading the lessons…</p>
      ) : (
        <ol className="lesson-map-list">
          {catalog.map((l, i) => {
            const isDone = done.includes(l.id);
            return (
              <li key={l.id}>
                <button
                  ref={i === 0 ? first : undefined}
                  type="button"
                  className={`lesson-map-item${isDone ? ' done' : ''}${active === l.id ? ' current' : ''}`}
                  data-testid={`lesson.map.${l.id}`}
                  data-done={isDone}
                  aria-current={active === l.id ? 'step' : undefined}
                  aria-label={`Lesson ${l.number}: ${l.title}, ${l.minutes} minutes${isDone ? ', done' : ''}${active === l.id ? ', open now' : ''}`}
                  title={l.summary}
                  onClick={() => {
                    if (active === l.id) setMap(false);
                    else openLesson(l.id);
                  }}
                >
                  <span className={`lesson-map-num${isDone ? ' done' : ''}`} aria-hidden="true">
                    {isDone ? '✓' : l.number}
                  </span>
                  <span className="lesson-map-text">
                    <span className="lesson-map-title">{l.title}</span>
                    <span className="muted small">
                      {l.minutes} min · {l.summary}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </nav>
  );
}

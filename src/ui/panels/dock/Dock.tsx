/**
 * The bottom dock: Events | Terminal | Editor. The terminal and the editor are separate
 * chunks (xterm.js, CodeMirror) loaded the first time their tab opens, then kept mounted —
 * hidden, not unmounted — so the terminal keeps its scrollback and a running `get -w`.
 * Ctrl-` opens the terminal; the top edge drags (or arrow keys on it) to resize.
 */
import { Suspense, lazy, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { useStore } from 'zustand';
import { EventsPanel } from '../EventsPanel';
import { DOCK_TABS, dockStore, openTab, type DockTab } from './store';
import './dock.css';

const TerminalView = lazy(() => import('../terminal/TerminalView'));
const EditorPanel = lazy(() => import('../editor/EditorPanel'));

const LABELS: Record<DockTab, string> = { events: 'Events', terminal: 'Terminal', editor: 'Editor' };
const MIN_HEIGHT = 160;

function useDockKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && (e.key === '`' || e.code === 'Backquote')) {
        e.preventDefault();
        openTab('terminal');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function Dock() {
  useDockKeys();
  const tab = useStore(dockStore, (s) => s.tab);
  const mounted = useStore(dockStore, (s) => s.mounted);
  const editing = useStore(dockStore, (s) => s.edit !== null);
  const [height, setHeight] = useState(320);
  const drag = useRef<{ y: number; h: number } | null>(null);
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  const tall = tab !== 'events';

  const clamp = (h: number) => Math.max(MIN_HEIGHT, Math.min(h, Math.round(window.innerHeight * 0.75)));
  const onTabKey = (e: ReactKeyboardEvent, i: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = DOCK_TABS[(i + step + DOCK_TABS.length) % DOCK_TABS.length];
    openTab(next);
    tabs.current[next]?.focus();
  };
  const onDown = (e: ReactPointerEvent) => {
    drag.current = { y: e.clientY, h: height };
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
  };
  const onMove = (e: ReactPointerEvent) => {
    if (drag.current) setHeight(clamp(drag.current.h + drag.current.y - e.clientY));
  };

  return (
    <section className={`dock ${tall ? 'tall' : ''}`} style={tall ? { height } : undefined} aria-label="Panels" data-testid="dock" data-tab={tab}>
      {tall && (
        <div
          className="dock-resize"
          role="separator"
          aria-orientation="horizontal"
          aria-label="Resize panel"
          aria-valuenow={height}
          aria-valuemin={MIN_HEIGHT}
          tabIndex={0}
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={() => (drag.current = null)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowUp') setHeight((h) => clamp(h + 24));
            else if (e.key === 'ArrowDown') setHeight((h) => clamp(h - 24));
          }}
        />
      )}
      <div className="dock-tabs" role="tablist" aria-label="Panels">
        {DOCK_TABS.map((t, i) => (
          <button
            key={t}
            ref={(el) => {
              tabs.current[t] = el;
            }}
            type="button"
            role="tab"
            id={`dock-tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`dock-panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            className={`dock-tab ${tab === t ? 'active' : ''}`}
            data-testid={`dock.tab.${t}`}
            onClick={() => openTab(t)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {LABELS[t]}
            {t === 'editor' && editing && <span className="dock-dot" title="kubectl edit is waiting" aria-label="(kubectl edit waiting)" />}
          </button>
        ))}
        <span className="dock-hint muted">{tab === 'terminal' ? 'Tab completes · ↑ history · Ctrl-C stops · Shift-Tab leaves' : tab === 'editor' ? 'Ctrl+Enter applies' : 'Ctrl+` opens the terminal'}</span>
      </div>
      <div className="dock-panels">
        <div role="tabpanel" id="dock-panel-events" aria-labelledby="dock-tab-events" hidden={tab !== 'events'} className="dock-panel">
          <EventsPanel />
        </div>
        {mounted.terminal && (
          <div role="tabpanel" id="dock-panel-terminal" aria-labelledby="dock-tab-terminal" hidden={tab !== 'terminal'} className="dock-panel">
            <Suspense fallback={<p className="dock-loading muted">Loading the terminal…</p>}>
              <TerminalView active={tab === 'terminal'} />
            </Suspense>
          </div>
        )}
        {mounted.editor && (
          <div role="tabpanel" id="dock-panel-editor" aria-labelledby="dock-tab-editor" hidden={tab !== 'editor'} className="dock-panel">
            <Suspense fallback={<p className="dock-loading muted">Loading the editor…</p>}>
              <EditorPanel active={tab === 'editor'} />
            </Suspense>
          </div>
        )}
      </div>
    </section>
  );
}

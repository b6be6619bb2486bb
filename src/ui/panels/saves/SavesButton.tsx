/** The top bar's "Saves" button; the dialog itself is loaded when first opened. */
import { lazy, Suspense, useState } from 'react';
import { useStore as useZustand } from 'zustand';
import { timelineStore } from '../timeline/state';

const SavesDialog = lazy(() => import('./SavesDialog'));

function time(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function SavesButton() {
  const [open, setOpen] = useState(false);
  const saved = useZustand(timelineStore, (s) => s.saved);
  const title = saved ? (saved.stored ? `Autosaved in this browser at ${time(saved.at)}` : `Not autosaved: ${saved.error ?? 'no storage'}`) : 'Saves, share links and export';
  return (
    <>
      <button type="button" className="btn" data-testid="saves.open" data-saved-at={saved?.stored ? saved.at : undefined} aria-haspopup="dialog" title={title} onClick={() => setOpen(true)}>
        Saves{saved?.stored ? <span className="saved-dot" aria-label={`, autosaved at ${time(saved.at)}`}> ✓</span> : null}
      </button>
      {open && (
        <Suspense fallback={null}>
          <SavesDialog onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}

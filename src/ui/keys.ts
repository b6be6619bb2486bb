/**
 * Keyboard: every canvas action is a button (Tab reaches it); these are the shortcuts.
 * space = pause/play, 1–4 = 1×/10×/60×/300×, `.` = step 1 s (5 s with Shift) while paused,
 * c = create (the palette), n = add a node, Escape = close the palette / clear the selection.
 */
import { useEffect } from 'react';
import { SPEEDS } from '../worker/protocol';
import { pause, resume, setSpeed, step } from './actions';
import { appStore, openPalette, select } from './state/store';

export function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable || !!el.closest?.('.xterm, .cm-editor'));
}

export function useKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        const s = appStore.getState();
        if (s.palette) openPalette(null);
        else if (s.selection && !isTyping(e.target)) select(null);
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === ' ') {
        // a focused button already reacts to space; don't toggle twice
        if ((e.target as HTMLElement | null)?.tagName === 'BUTTON') return;
        e.preventDefault();
        if (appStore.getState().clock.paused) resume();
        else pause();
        return;
      }
      if (e.key === '.' || e.key === '>') {
        if (appStore.getState().clock.paused) step(e.shiftKey || e.key === '>' ? 5000 : 1000);
        return;
      }
      if (e.key === 'c') {
        e.preventDefault();
        openPalette('deployment');
        return;
      }
      if (e.key === 'n') {
        e.preventDefault();
        openPalette('node');
        return;
      }
      const i = Number(e.key) - 1;
      if (Number.isInteger(i) && i >= 0 && i < SPEEDS.length) setSpeed(SPEEDS[i]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * The terminal panel: xterm.js showing the shell (shell.ts), lazily loaded with its CSS the
 * first time the Terminal tab opens. Copy: select and press Ctrl-C (or Ctrl-Shift-C); paste:
 * Ctrl-V; Shift-Tab moves the focus out (Tab itself completes). The shell's state (running,
 * last exit code) is mirrored on the container's data attributes for tests and assistive tech.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { kubectlSession } from '../dock/kubectl';
import { Shell, type ShellState } from './shell';
import './terminal.css';

const HISTORY_KEY = 'kube-playground:history';

function loadHistory(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(-500) : [];
  } catch {
    return [];
  }
}

/** One history for the page: it outlives a remount of the view. */
const history = loadHistory();

const THEME = {
  background: '#0f141b',
  foreground: '#e6e9ef',
  cursor: '#8ab4ff',
  cursorAccent: '#0f141b',
  selectionBackground: '#35507a',
  black: '#1b222c',
  red: '#ff8a80',
  green: '#5fd38d',
  yellow: '#f2c14e',
  blue: '#8ab4ff',
  magenta: '#e29ad2',
  cyan: '#6fd3e0',
  white: '#e6e9ef',
  brightBlack: '#9aa5b4',
  brightRed: '#ffaba3',
  brightGreen: '#8ee3ae',
  brightWhite: '#ffffff',
};

export default function TerminalView({ active }: { active: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const fit = useRef<FitAddon | null>(null);
  const [state, setState] = useState<ShellState>({ running: false, exitCode: 0 });

  useEffect(() => {
    const el = host.current!;
    const t = new Terminal({
      fontFamily: "ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace",
      fontSize: 13,
      lineHeight: 1.25,
      cursorBlink: true,
      scrollback: 5000,
      theme: THEME,
    });
    const f = new FitAddon();
    t.loadAddon(f);
    t.open(el);
    term.current = t;
    fit.current = f;
    const shell = new Shell({
      write: (s) => t.write(s),
      backend: {
        start: (line, h) => kubectlSession.start(line, h),
        stop: (run) => kubectlSession.stop(run),
        complete: (line) => kubectlSession.complete(line),
      },
      history,
      onState: setState,
      onHistory: (h) => {
        try {
          localStorage.setItem(HISTORY_KEY, JSON.stringify(h.slice(-500)));
        } catch {
          // private mode or full storage: history just does not persist
        }
      },
    });
    t.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      // copy: a selection + Ctrl-C copies instead of interrupting; Ctrl-Shift-C always copies
      if (mod && key === 'c' && (e.shiftKey || e.metaKey || t.hasSelection())) {
        if (t.hasSelection()) void navigator.clipboard?.writeText(t.getSelection()).catch(() => undefined);
        return false;
      }
      // paste: leave Ctrl-V to the browser, whose paste event xterm turns into input
      if (mod && key === 'v') return false;
      // Tab completes; Shift-Tab leaves the terminal, so the keyboard is never trapped
      if (e.key === 'Tab' && e.shiftKey) return false;
      return true;
    });
    const data = t.onData((d) => shell.input(d));
    const resize = t.onResize(({ cols }) => shell.resize(cols));
    try {
      f.fit();
    } catch {
      // hidden: fitted when shown
    }
    shell.resize(t.cols);
    shell.start('\x1b[2mkubectl on the playground cluster. Type help to see what it can do; Tab completes, Ctrl-C stops a command.\x1b[0m\n');
    const ro = new ResizeObserver(() => {
      if (el.offsetParent !== null) {
        try {
          f.fit();
        } catch {
          // not laid out yet
        }
      }
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      data.dispose();
      resize.dispose();
      t.dispose();
      term.current = null;
      fit.current = null;
    };
  }, []);

  useEffect(() => {
    if (!active) return;
    // shown again: size to the panel and take the keyboard
    const id = requestAnimationFrame(() => {
      try {
        fit.current?.fit();
      } catch {
        // not laid out
      }
      term.current?.focus();
    });
    return () => cancelAnimationFrame(id);
  }, [active]);

  return (
    <div className="terminal" data-testid="terminal" data-running={state.running} data-exit-code={state.exitCode}>
      <div ref={host} className="terminal-screen" role="region" aria-label="kubectl terminal" />
    </div>
  );
}

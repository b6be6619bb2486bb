/**
 * The bottom dock's own little store: which tab is open, which lazy panels have been mounted
 * (kept mounted afterwards so the terminal keeps its scrollback), and the editor's pending
 * work — a manifest the learner picked, or a `kubectl edit` waiting for Save/Cancel.
 */
import { createStore } from 'zustand/vanilla';

export type DockTab = 'events' | 'terminal' | 'editor';
export const DOCK_TABS: readonly DockTab[] = ['events', 'terminal', 'editor'];

/** A `kubectl edit` run waiting in the editor. */
export interface EditSession {
  run: number;
  /** `deployment.apps/web` */
  title: string;
  text: string;
  /** set when the editor was reopened after a failed save */
  error?: string;
  /** bumps on every (re)open so the editor reloads its text */
  version: number;
}

export interface DockState {
  tab: DockTab;
  /** panels opened at least once */
  mounted: Record<DockTab, boolean>;
  edit: EditSession | null;
}

export const dockStore = createStore<DockState>(() => ({
  tab: 'events',
  mounted: { events: true, terminal: false, editor: false },
  edit: null,
}));

export function openTab(tab: DockTab): void {
  dockStore.setState((s) => ({ tab, mounted: s.mounted[tab] ? s.mounted : { ...s.mounted, [tab]: true } }));
}

let editVersion = 0;

export function openEdit(e: Omit<EditSession, 'version'>): void {
  dockStore.setState({ edit: { ...e, version: ++editVersion } });
  openTab('editor');
}

/** The `kubectl edit` run ended (saved, cancelled, Ctrl-C): back to the terminal it printed to. */
export function closeEdit(run: number): void {
  const s = dockStore.getState();
  if (s.edit?.run !== run) return;
  dockStore.setState({ edit: null });
  if (s.tab === 'editor') openTab('terminal');
}

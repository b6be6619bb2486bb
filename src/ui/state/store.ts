/**
 * The one store: a mirror of the cluster (fed by the worker stream, see sync.ts) plus UI state
 * (selection, dragged positions, the last action's outcome, the open palette form). A vanilla
 * zustand store, so the boot code can feed it before React has even loaded; components read it
 * through `useStore` (hooks.ts) and select narrowly.
 */
import { createStore } from 'zustand/vanilla';
import { emptyMirror, type Mirror } from './mirror';

import type { Selection } from './selection';

export type { Selection };

export interface ActionOutcome {
  ok: boolean;
  /** what happened, as kubectl would print it, or the API server's message */
  text: string;
  /** the kubectl command that does the same */
  command?: string;
}

export type PaletteForm = 'deployment' | 'service' | 'ingress' | 'pvc' | 'node';

export interface UiState {
  selection: Selection;
  positions: Record<string, { x: number; y: number }>;
  outcome: ActionOutcome | null;
  notice: string | null;
  palette: PaletteForm | null;
  /** show kube-system, ingress-nginx… workloads and Services as cards (their pods always show) */
  showSystem: boolean;
}

export type AppState = Mirror & UiState;

const POSITIONS_KEY = 'kube-playground:positions';

function loadPositions(): Record<string, { x: number; y: number }> {
  try {
    const raw = globalThis.localStorage?.getItem(POSITIONS_KEY);
    const v = raw ? (JSON.parse(raw) as unknown) : null;
    if (v && typeof v === 'object') return v as Record<string, { x: number; y: number }>;
  } catch {
    // storage blocked or corrupt: start from the default layout
  }
  return {};
}

export const appStore = createStore<AppState>()(() => ({
  ...emptyMirror(),
  selection: null,
  positions: loadPositions(),
  outcome: null,
  notice: null,
  palette: null,
  showSystem: false,
}));

// the last action's outcome stays (it names its command) until the next action or a dismissal
export const select = (selection: Selection): void => appStore.setState({ selection });
export const setOutcome = (outcome: ActionOutcome | null): void => appStore.setState({ outcome });
export const openPalette = (palette: PaletteForm | null): void => appStore.setState({ palette });
export const setShowSystem = (showSystem: boolean): void => appStore.setState({ showSystem });

export function setPosition(id: string, pos: { x: number; y: number }): void {
  appStore.setState((s) => ({ positions: { ...s.positions, [id]: pos } }));
  try {
    globalThis.localStorage?.setItem(POSITIONS_KEY, JSON.stringify(appStore.getState().positions));
  } catch {
    // quota or privacy mode: positions just don't survive a reload
  }
}

export function resetPositions(): void {
  appStore.setState({ positions: {} });
  try {
    globalThis.localStorage?.removeItem(POSITIONS_KEY);
  } catch {
    // ignore
  }
}

/**
 * The one store: a mirror of the cluster (fed by the worker stream, see sync.ts) plus UI state
 * (selection, dragged positions, the last action's outcome). A vanilla zustand store, so the
 * boot code can feed it before React has even loaded; components read it through `useStore`
 * (hooks.ts) and select narrowly.
 */
import { createStore } from 'zustand/vanilla';
import { emptyMirror, type Mirror } from './mirror';

export type Selection = { kind: 'pod'; id: string } | { kind: 'node'; name: string } | null;

export interface ActionOutcome {
  ok: boolean;
  /** what happened, as kubectl would print it, or the API server's message */
  text: string;
}

export interface UiState {
  selection: Selection;
  positions: Record<string, { x: number; y: number }>;
  outcome: ActionOutcome | null;
  notice: string | null;
}

export type AppState = Mirror & UiState;

export const appStore = createStore<AppState>()(() => ({
  ...emptyMirror(),
  selection: null,
  positions: {},
  outcome: null,
  notice: null,
}));

export const select = (selection: Selection): void => appStore.setState({ selection, outcome: null });
export const setOutcome = (outcome: ActionOutcome | null): void => appStore.setState({ outcome });
export const setPosition = (id: string, pos: { x: number; y: number }): void => appStore.setState((s) => ({ positions: { ...s.positions, [id]: pos } }));

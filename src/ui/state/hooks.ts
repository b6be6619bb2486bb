/** React access to the store: `useStore(selector)`; wrap derived collections in `useShallow`. */
import { useStore as useZustand } from 'zustand';
import { appStore, type AppState } from './store';

export function useStore<T>(selector: (s: AppState) => T): T {
  return useZustand(appStore, selector);
}

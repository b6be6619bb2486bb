/**
 * Boot: start the simulation worker first, feed the store from it, and only then load React and
 * the canvas (a separate chunk) — the worker builds the cluster while the UI code downloads and
 * parses, so a live cluster is on screen sooner. The initial chunk stays tiny.
 */
import '@xyflow/react/dist/style.css';
import './styles.css';
import { spawnSimulation, type SimClient } from '../worker/client';
import { setClient } from './actions';
import { attach } from './state/sync';
import { appStore } from './state/store';

const params = new URLSearchParams(location.search);
const seed = Number(params.get('seed'));
performance.mark('playground:spawn');
const workers = params.has('workers') ? Number(params.get('workers')) : undefined;
const client = spawnSimulation({
  seed: Number.isFinite(seed) && seed > 0 ? seed : undefined,
  demo: params.get('demo') !== '0',
  ...(workers !== undefined && Number.isInteger(workers) && workers >= 0 ? { workers: Math.min(workers, 5000) } : {}),
});
attach(client);
setClient(client);
// a handle for tests and the curious: the same typed calls the canvas makes
// (and the names of the pods the canvas mirrors, so benchmarks can churn them)
(globalThis as unknown as { playground?: { send: SimClient['send']; podNames(ns?: string): string[] } }).playground = {
  send: client.send,
  podNames: (ns = 'default') =>
    Object.keys(appStore.getState().objects.pods)
      .filter((id) => id.startsWith(`${ns}/`))
      .map((id) => id.slice(ns.length + 1)),
};

void import('./App').then(({ mount }) => {
  performance.mark('playground:app-loaded');
  mount(document.getElementById('root')!);
});

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

const params = new URLSearchParams(location.search);
const seed = Number(params.get('seed'));
performance.mark('playground:spawn');
const client = spawnSimulation({ seed: Number.isFinite(seed) && seed > 0 ? seed : undefined, demo: params.get('demo') !== '0' });
attach(client);
setClient(client);
// a handle for tests and the curious: the same typed calls the canvas makes
(globalThis as unknown as { playground?: { send: SimClient['send'] } }).playground = { send: client.send };

void import('./App').then(({ mount }) => {
  performance.mark('playground:app-loaded');
  mount(document.getElementById('root')!);
});

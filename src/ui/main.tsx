/**
 * Boot: start the simulation worker first, feed the store from it, and only then load React and
 * the canvas (a separate chunk) — the worker builds the cluster while the UI code downloads and
 * parses, so a live cluster is on screen sooner. The initial chunk stays tiny.
 */
import '@xyflow/react/dist/style.css';
import './styles.css';
import { superviseSimulation, type SimClient, type SupervisedClient } from '../worker/client';
import { attachTimeline, setRecovery, setSaved } from './panels/timeline/state';
import { setClient } from './actions';
import { attach } from './state/sync';
import { attachLessons, lessonInit } from './panels/lessons/boot';
import { appStore } from './state/store';

const params = new URLSearchParams(location.search);
const seed = Number(params.get('seed'));
performance.mark('playground:spawn');
const workers = params.has('workers') ? Number(params.get('workers')) : undefined;
// `?lesson=<id>` opens a guided lesson on its own cluster (resuming saved progress)
const lesson = lessonInit(location.search);
// a share link (`#s1.…`; anything else after `#` is explained as not a link): the worker replays
// it; the fragment is dropped at once, so a reload comes back to the autosave, not the link
const share = location.hash.length > 1 ? location.hash.slice(1) : undefined;
if (share) history.replaceState(null, '', location.pathname + location.search);
// a reload resumes the autosave, unless the address asks for a particular cluster
const resume = !lesson && !share && !params.has('seed') && !params.has('workers') && params.get('fresh') !== '1';
const client: SupervisedClient = superviseSimulation(
  {
    seed: Number.isFinite(seed) && seed > 0 ? seed : undefined,
    demo: params.get('demo') !== '0' && !lesson,
    ...(lesson ? { lesson } : {}),
    ...(workers !== undefined && Number.isInteger(workers) && workers >= 0 ? { workers: Math.min(workers, 5000) } : {}),
    ...(share ? { share } : {}),
    ...(resume ? { resume: true } : {}),
  },
  {
    initNow: () => ({ speed: appStore.getState().clock.speed, paused: appStore.getState().clock.paused }),
    onCrash: (reason) => setRecovery({ state: 'restarting', text: `The simulation stopped (${reason}). Restarting it from your last save…` }),
    onRecovered: (from) =>
      setRecovery({ state: 'recovered', text: from === 'checkpoint' ? 'The simulation was restarted from your last save: what you built is still here.' : 'The simulation was restarted from the autosave in this browser.' }),
    onCheckpoint: setSaved,
    visible: () => document.visibilityState === 'visible',
  },
);
// leaving the tab: save now (the next visit resumes from it)
document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && void client.checkpoint());
attach(client);
attachTimeline(client);
attachLessons(client);
setClient(client);
// a handle for tests and the curious: the same typed calls the canvas makes
// (and the names of the pods the canvas mirrors, so benchmarks can churn them)
// `killWorker()` is the debug hook for crash recovery ('hang': it dies silently)
(globalThis as unknown as { playground?: { send: SimClient['send']; podNames(ns?: string): string[]; killWorker(how?: 'error' | 'hang'): void; checkpoint(): Promise<void> } }).playground = {
  send: client.send,
  killWorker: (how) => client.kill(how),
  checkpoint: () => client.checkpoint(),
  podNames: (ns = 'default') =>
    Object.keys(appStore.getState().objects.pods)
      .filter((id) => id.startsWith(`${ns}/`))
      .map((id) => id.slice(ns.length + 1)),
};

// installable: a service worker caches the built app so it opens offline (production only)
if (import.meta.env.PROD && 'serviceWorker' in navigator && params.get('sw') !== '0') {
  addEventListener('load', () => void navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch(() => undefined));
}

void import('./App').then(({ mount }) => {
  performance.mark('playground:app-loaded');
  mount(document.getElementById('root')!);
});

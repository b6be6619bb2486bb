/**
 * Teaching scale under churn: 3 workers, a 30-replica Deployment, one pod deleted every simulated
 * second. How much faster than real time does the simulation run? Bar: ≥ 500×.
 */
import { Cluster } from '../src/sim/cluster';
import type { Pod } from '../src/sim/api/types';
import { deployment } from '../src/sim/testing/builders';
import { fmt, type BenchResult } from './report';

const SIM_SECONDS = Number(process.env.BENCH_CHURN_SECONDS ?? 1800);

export default function run(): BenchResult {
  const cluster = Cluster.create({ seed: 11 });
  cluster.api.create('deployments', 'default', deployment('web', { replicas: 30, container: { resources: { requests: { cpu: '50m', memory: '32Mi' } } } }));
  cluster.runFor(60_000);
  let kills = 0;
  const start = performance.now();
  for (let s = 0; s < SIM_SECONDS; s++) {
    const pods = cluster.api.list<Pod>('pods', 'default').items.filter((p) => !p.metadata?.deletionTimestamp);
    if (pods.length) {
      const victim = cluster.random.pick(pods);
      cluster.api.delete('pods', 'default', victim.metadata!.name!);
      kills++;
    }
    cluster.runFor(1000);
  }
  const wallMs = performance.now() - start;
  const speedup = (SIM_SECONDS * 1000) / wallMs;
  const running = cluster.api.list<Pod>('pods', 'default').items.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp).length;
  return {
    id: 'churn-speed',
    title: 'Simulation speed under churn: 3 nodes, 30 pods, a pod killed every second',
    description:
      `A 30-replica Deployment on the default cluster (1 control plane + 3 workers); every simulated second a random pod is deleted ` +
      `(graceful, 30 s) and the ReplicaSet replaces it. ${fmt(SIM_SECONDS)} simulated seconds.`,
    figures: [
      { name: 'pods deleted', value: fmt(kills), unit: '' },
      { name: 'wall time', value: fmt(wallMs / 1000, 2), unit: 's' },
      { name: 'speed vs real time', value: fmt(speedup), unit: '×', bar: '≥ 500×', pass: speedup >= 500 },
      { name: 'Running pods at the end', value: fmt(running), unit: '' },
      { name: 'events in store', value: fmt(cluster.store.count('events')), unit: '' },
    ],
  };
}

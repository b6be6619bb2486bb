/**
 * 5,000 nodes, 150,000 pods created through 1,500 Deployments of 100 replicas: pods per second from
 * the first create to the last pod Running, end to end through API server, store, controllers,
 * scheduler and kubelets; and the heap that takes. Bar: ≥ 2,700 pods/s in ≤ 1 GiB.
 */
import { Cluster } from '../src/sim/cluster';
import type { MachineSpec } from '../src/sim/infra/machines';
import type { Pod } from '../src/sim/api/types';
import { deployment } from '../src/sim/testing/builders';
import { fmt, type BenchResult } from './report';

const NODES = Number(process.env.BENCH_NODES ?? 5000);
const DEPLOYMENTS = Number(process.env.BENCH_DEPLOYMENTS ?? 1500);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 100);

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export default function run(): BenchResult {
  const machines: MachineSpec[] = [{ name: 'control-plane', role: 'control-plane', cpu: 8, memoryGiB: 32 }];
  for (let i = 1; i <= NODES; i++) machines.push({ name: `node-${i}`, cpu: 32, memoryGiB: 128, maxPods: 110 });
  const bootStart = performance.now();
  const cluster = Cluster.create({ seed: 7, machines });
  cluster.runFor(1000);
  const bootMs = performance.now() - bootStart;
  const nodesReady = cluster.store.count('nodes');

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const total = DEPLOYMENTS * REPLICAS;
  let running = 0;
  const seen = new Set<string>();
  cluster.store.subscribe('pods', (e) => {
    const pod = e.object as Pod;
    // only the bench's own pods: every node also runs a kube-proxy pod in kube-system
    if (pod.metadata?.namespace !== 'default') return;
    const uid = pod.metadata?.uid ?? '';
    if (e.type !== 'DELETED' && pod.status?.phase === 'Running' && !seen.has(uid)) {
      seen.add(uid);
      running++;
    }
  });

  const start = performance.now();
  for (let i = 0; i < DEPLOYMENTS; i++) {
    cluster.api.create(
      'deployments',
      'default',
      deployment(`app-${i}`, {
        replicas: REPLICAS,
        image: 'registry.k8s.io/pause:3.10',
        container: { resources: { requests: { cpu: '10m', memory: '16Mi' } } },
      }),
    );
  }
  let simMs = 0;
  while (running < total && simMs < 30 * 60 * 1000) {
    cluster.runFor(1000);
    simMs += 1000;
  }
  const wallMs = performance.now() - start;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const podsPerSecond = (running / wallMs) * 1000;
  const heapGiB = heapAfter / 2 ** 30;
  return {
    id: 'control-plane-scale',
    title: `Control plane at scale: ${fmt(NODES)} nodes, ${fmt(total)} pods`,
    description:
      `${fmt(DEPLOYMENTS)} Deployments × ${fmt(REPLICAS)} replicas created at once on ${fmt(NODES)} nodes; ` +
      'the clock runs as fast as the machine allows until every pod is Running. End to end through the API server, ' +
      'store, Deployment and ReplicaSet controllers, scheduler (adaptive percentageOfNodesToScore) and kubelets ' +
      '(image pull, container start, status). Heap measured after a full GC.',
    figures: [
      { name: 'nodes registered', value: fmt(nodesReady), unit: '' },
      { name: 'boot (nodes register, 1 s simulated)', value: fmt(bootMs / 1000, 1), unit: 's' },
      { name: 'pods Running', value: fmt(running), unit: `of ${fmt(total)}` },
      { name: 'simulated time to all Running', value: fmt(simMs / 1000), unit: 's' },
      { name: 'wall time, creation to all Running', value: fmt(wallMs / 1000, 1), unit: 's' },
      { name: 'throughput', value: fmt(podsPerSecond), unit: 'pods/s', bar: '≥ 2,700', pass: podsPerSecond >= 2700 && running === total },
      { name: 'heap used (after GC)', value: fmt(heapGiB, 2), unit: 'GiB', bar: '≤ 1', pass: heapGiB <= 1 },
      { name: 'heap growth for the pods', value: fmt((heapAfter - heapBefore) / 2 ** 20), unit: 'MiB' },
      { name: 'objects in store', value: fmt(cluster.store.revision), unit: 'revisions' },
    ],
  };
}

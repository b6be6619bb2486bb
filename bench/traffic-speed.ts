/**
 * Traffic at teaching scale: 1,000 requests per simulated second through the Ingress to 10
 * Services (3 nginx pods each), plus a pod calling one Service. How much faster than real time
 * does the simulation run? Bar: ≥ 100×.
 */
import { Cluster } from '../src/sim/cluster';
import type { Traffic } from '../src/sim/network/traffic';
import { deployment } from '../src/sim/testing/builders';
import { fmt, type BenchResult } from './report';

const SIM_SECONDS = Number(process.env.BENCH_TRAFFIC_SECONDS ?? 600);

export default function run(): BenchResult {
  const c = Cluster.create({ seed: 17 });
  const paths = [];
  for (let i = 0; i < 10; i++) {
    const name = `svc-${i}`;
    c.api.create('deployments', 'default', deployment(name, { replicas: 3, container: { resources: { requests: { cpu: '50m' } } } }));
    c.api.create('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });
    paths.push({ path: `/${name}`, pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } });
  }
  c.api.create('ingresses', 'default', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'shop' }, spec: { rules: [{ host: 'shop.example.com', http: { paths } }] } });
  c.runFor(60_000);
  const traffic = c.components.find((x) => x.name === 'traffic') as Traffic;
  for (let i = 0; i < 10; i++) traffic.addClient({ name: `users-${i}`, target: { kind: 'ingress', host: 'shop.example.com', path: `/svc-${i}` }, rps: 100 });
  const start = performance.now();
  c.runFor(SIM_SECONDS * 1000);
  const wallMs = performance.now() - start;
  const speedup = (SIM_SECONDS * 1000) / wallMs;
  let requests = 0;
  let errors = 0;
  for (let i = 0; i < 10; i++) {
    const s = traffic.clientStats(`users-${i}`);
    requests += s.requests;
    errors += s.errors;
  }
  return {
    id: 'traffic-speed',
    title: 'Traffic speed: 1,000 requests/s through an Ingress to 10 Services',
    description:
      `The default cluster; 10 Deployments of 3 nginx pods, each behind a Service and a path of one Ingress; 10 clients at 100 rps each ` +
      `(load balancer → node → kube-proxy → ingress-nginx → pod). ${fmt(SIM_SECONDS)} simulated seconds.`,
    figures: [
      { name: 'requests simulated', value: fmt(SIM_SECONDS * 1000), unit: '' },
      { name: 'wall time', value: fmt(wallMs / 1000, 2), unit: 's' },
      { name: 'speed vs real time', value: fmt(speedup), unit: '×', bar: '≥ 100×', pass: speedup >= 100 },
      { name: 'requests in the last 10 s', value: fmt(requests), unit: '' },
      { name: 'errors in the last 10 s', value: fmt(errors), unit: '' },
    ],
  };
}

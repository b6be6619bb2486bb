/**
 * The soak's cluster at teaching scale: a control-plane machine and five workers; six
 * Deployments (~42 pods) behind Services, two of them behind an Ingress that outside clients hit,
 * a StatefulSet with volumeClaimTemplates (local-path volumes pinned to their nodes), and an HPA
 * on `web` so that the traffic moves its replica count. With CoreDNS, ingress-nginx, kube-proxy
 * and the static control-plane pods that is about 60 pods.
 */
import type { KObject } from '../api/types';
import { Cluster } from '../cluster';
import type { MachineSpec } from '../infra/machines';
import type { Traffic } from '../network/traffic';

export const WORKERS = ['node-1', 'node-2', 'node-3', 'node-4', 'node-5'];
export const NAMESPACE = 'default';

export interface AppSpec {
  name: string;
  image: string;
  /** the images a good rollout alternates between, and the one a bad rollout sets */
  images: [string, string];
  badImage: string;
  replicas: number;
  port: number;
  /** the HPA owns this one's replica count: chaos does not scale it */
  autoscaled?: boolean;
}

const HELLO = 'gcr.io/google-samples/hello-app';
export const APPS: AppSpec[] = [
  { name: 'web', image: `${HELLO}:1.0`, images: [`${HELLO}:1.0`, `${HELLO}:2.0`], badImage: `${HELLO}:nope`, replicas: 4, port: 8080, autoscaled: true },
  { name: 'api', image: 'nginx:1.27', images: ['nginx:1.27', 'nginx:1.28'], badImage: 'nginx:doesnotexist', replicas: 12, port: 80 },
  { name: 'shop', image: `${HELLO}:1.0`, images: [`${HELLO}:1.0`, `${HELLO}:2.0`], badImage: `${HELLO}:broken`, replicas: 8, port: 8080 },
  { name: 'static', image: 'httpd:2.4', images: ['httpd:2.4', 'httpd:2.4.62'], badImage: 'htpd:2.4', replicas: 8, port: 80 },
  { name: 'cache', image: 'redis:7.4', images: ['redis:7.4', 'redis:7.2'], badImage: 'redis:doesnotexist', replicas: 8, port: 6379 },
  { name: 'echo', image: 'registry.k8s.io/echoserver:1.10', images: ['registry.k8s.io/echoserver:1.10', 'registry.k8s.io/echoserver:1.4'], badImage: 'registry.k8s.io/echoserver:0.0.0-nope', replicas: 6, port: 8080 },
];

export const STATEFULSET = { name: 'db', replicas: 3 };
export const HPA = { target: 'web', min: 3, max: 12, cpuPercent: 50 };
export const INGRESS_HOST = 'shop.example.com';
export const CLIENTS = [
  { name: 'users-web', path: '/', rps: 300 },
  { name: 'users-shop', path: '/shop', rps: 100 },
];

function machines(): MachineSpec[] {
  return [{ name: 'control-plane', role: 'control-plane', cpu: 2, memoryGiB: 4 }, ...WORKERS.map((name) => ({ name, cpu: 4, memoryGiB: 8 }))];
}

function deploymentOf(a: AppSpec): KObject {
  const labels = { app: a.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: a.name, labels },
    spec: {
      replicas: a.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: a.image, ports: [{ containerPort: a.port }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
      },
    },
  };
}

function serviceOf(name: string, targetPort: number, headless = false): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ port: 80, targetPort }], ...(headless ? { clusterIP: 'None' } : {}) },
  };
}

function statefulSetOf(): KObject {
  const labels = { app: STATEFULSET.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: STATEFULSET.name },
    spec: {
      serviceName: STATEFULSET.name,
      replicas: STATEFULSET.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'db', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } }, volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
}

function ingressOf(): KObject {
  const backend = (name: string) => ({ service: { name, port: { number: 80 } } });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'shop' },
    spec: {
      rules: [
        {
          host: INGRESS_HOST,
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: backend('web') },
              { path: '/shop', pathType: 'Prefix', backend: backend('shop') },
            ],
          },
        },
      ],
    },
  };
}

function hpaOf(): KObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: HPA.target },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: HPA.target },
      minReplicas: HPA.min,
      maxReplicas: HPA.max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: HPA.cpuPercent } } }],
    },
  };
}

export function trafficOf(c: Cluster): Traffic {
  return c.components.find((x) => x.name === 'traffic') as Traffic;
}

/** A booted cluster with the soak's workloads created and settled (all pods Ready). */
export function buildSoakCluster(seed: number): Cluster {
  const c = Cluster.create({ seed, machines: machines() });
  const api = c.client('kubectl');
  for (const a of APPS) {
    api.create('deployments', NAMESPACE, deploymentOf(a));
    api.create('services', NAMESPACE, serviceOf(a.name, a.port));
  }
  api.create('services', NAMESPACE, serviceOf(STATEFULSET.name, 80, true));
  api.create('statefulsets', NAMESPACE, statefulSetOf());
  api.create('ingresses', NAMESPACE, ingressOf());
  api.create('horizontalpodautoscalers', NAMESPACE, hpaOf());
  const traffic = trafficOf(c);
  for (const cl of CLIENTS) traffic.addClient({ name: cl.name, target: { kind: 'ingress', host: INGRESS_HOST, path: cl.path }, rps: cl.rps });
  c.runFor(3 * 60_000);
  return c;
}

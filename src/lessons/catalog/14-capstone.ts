import type { Cluster } from '../../sim/cluster';
import { all, podMovedOffNode, podsReady, requestsSucceed } from '../goals';
import type { Lesson } from '../schema';
import { deploymentYaml, HOST, ingressYaml, NETWORK_DISK_CLASS, serviceYaml } from './common';

const DB = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: db-data
spec:
  storageClassName: network-disk
  accessModes: [ReadWriteOnce]
  resources:
    requests: { storage: 5Gi }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
  labels: { app: db }
spec:
  replicas: 1
  strategy: { type: Recreate }
  selector:
    matchLabels: { app: db }
  template:
    metadata:
      labels: { app: db }
    spec:
      containers:
        - name: postgres
          image: postgres:17
          env:
            - { name: POSTGRES_PASSWORD, value: swipe-right }
          ports:
            - containerPort: 5432
          volumeMounts:
            - { name: data, mountPath: /var/lib/postgresql/data }
      volumes:
        - name: data
          persistentVolumeClaim: { claimName: db-data }
`;

const APP = [
  deploymentYaml('web', { replicas: 3, probes: true }),
  serviceYaml('web'),
  deploymentYaml('auth', { replicas: 2, image: 'gcr.io/google-samples/hello-app:1.0', cpu: '100m' }),
  serviceYaml('auth'),
  deploymentYaml('recs', { replicas: 2, image: 'gcr.io/google-samples/hello-app:2.0', cpu: '100m' }),
  serviceYaml('recs'),
  DB,
].join('---\n');

interface Sampler {
  recent(): readonly { client: string; hops: string[]; status: unknown }[];
}
const podsAnswering = (c: Cluster) => {
  const t = c.components.find((x) => x.name === 'traffic') as unknown as Sampler;
  return new Set(t.recent().filter((s) => s.client === 'visitors' && s.status === 200).map((s) => s.hops[s.hops.length - 1])).size;
};

/** Lesson 14: the whole dating app, built and defended. */
export const lesson14: Lesson = {
  id: '14-capstone',
  number: 14,
  title: 'Capstone: the dating app',
  minutes: 15,
  summary: 'Deploy the whole app — web, auth, recommendations, a database on a PersistentVolume — behind one Ingress, and keep it serving through a chaos round.',
  setup: { seed: 114, speed: 1, manifests: [NETWORK_DISK_CLASS], warmupMs: 5_000 },
  steps: [
    {
      id: 'deploy',
      ask: 'Can you stand up the whole app in one command?',
      narration: 'app.yaml holds every piece you have met: three Deployments with Services, and a database whose data lives on a claim. Apply it and watch the canvas fill.',
      do: 'kubectl apply -f app.yaml',
      command: 'kubectl apply -f app.yaml',
      files: { 'app.yaml': APP },
      look: [{ kind: 'deployment', name: 'web' }, { kind: 'deployment', name: 'db' }, { kind: 'pvc', name: 'db-data' }],
      explain: 'Deployments made ReplicaSets and pods; the scheduler spread them; the provisioner made the database\'s disk once its pod had a node.',
      goal: all('the app runs', podsReady('app=web', 3, { label: '3 web pods Ready' }), podsReady('app=auth', 2, { label: '2 auth pods Ready' }), podsReady('app=recs', 2, { label: '2 recs pods Ready' }), podsReady('app=db', 1, { label: 'the database is Ready' })),
      hints: ['The step gives you a file.', 'One apply can hold many objects, separated by ---.', 'kubectl apply -f app.yaml'],
    },
    {
      id: 'open',
      ask: 'Which pods answer visitors?',
      narration: 'Open the app to the world: apply ingress.yaml (/ → web, /auth → auth, /recs → recs), then start the visitors client.',
      do: 'kubectl apply -f ingress.yaml, then start "visitors"',
      command: 'kubectl apply -f ingress.yaml',
      files: { 'ingress.yaml': ingressYaml([['/', 'web'], ['/auth', 'auth'], ['/recs', 'recs']]) },
      look: [{ kind: 'ingress', name: 'dating' }],
      explain: 'ingress-nginx routes dating.example.com/ to the web Service\'s endpoints, spreading requests over all ready web pods.',
      goal: requestsSucceed('visitors', 0.95),
      hints: ['An Ingress, then traffic.', 'The Ingress routes by host and path.', 'kubectl apply -f ingress.yaml; start "visitors"'],
      predict: {
        question: 'Which pods answer requests to dating.example.com/?',
        options: ['Only one web pod', 'All three web pods, in turn', 'Any pod of the app'],
        answer: (c) => (podsAnswering(c) >= 3 ? 'All three web pods, in turn' : podsAnswering(c) === 1 ? 'Only one web pod' : 'Any pod of the app'),
        explain: 'The controller balances over the endpoints of the one Service the path maps to.',
      },
    },
  ],
  breakIt: {
    id: 'chaos',
    ask: 'Chaos round: node-1 just died under live traffic. Keep the app serving.',
    narration: 'node-1 is off. Requests to its pods fail until it is marked NotReady (50 s); its pods move after 300 s. You may help: scale web up, or bring node-1 back. The check: 3 web pods Ready away from node-1, 95 % success.',
    look: [{ kind: 'node', name: 'node-1' }],
    explain: 'Readiness took node-1\'s pods out of the endpoints, eviction replaced them, and the Ingress kept routing to whatever was ready. Everything you learned, at once.',
    goal: all('the app survived', podMovedOffNode('app=web', 'node-1', 3), requestsSucceed('visitors', 0.95)),
    hints: ['What fixes itself, and what can you speed up?', 'More replicas elsewhere mean the loss matters less.', 'kubectl scale deployment web --replicas=5'],
    speed: { speed: 10, why: 'the 50 s grace period and 300 s eviction' },
    chaos: [{ op: 'powerMachine', name: 'node-1', on: false }],
  },
  solution: [
    ['kubectl apply -f app.yaml', { advance: 60_000 }],
    ['kubectl apply -f ingress.yaml', { advance: 2_000 }, { op: 'traffic', client: 'visitors', target: { kind: 'ingress', host: HOST, path: '/' }, rps: 30 }, { advance: 12_000 }],
    ['kubectl scale deployment web --replicas=5', { advance: 90_000 }],
  ],
};

import type { Deployment } from '../../sim/api/types';
import type { Cluster } from '../../sim/cluster';
import { all, eventHappened, exists, predicate } from '../goals';
import type { Lesson } from '../schema';
import { deploymentYaml, HOST, ingressYaml, serviceYaml } from './common';

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 50
`;

const replicas = (c: Cluster) => c.store.get<Deployment>('deployments', 'default', 'web')?.spec?.replicas ?? 0;
const rush = (rps: number) => ({ op: 'traffic', client: 'friday-night', target: { kind: 'ingress', host: HOST, path: '/' }, rps }) as const;

/** Lesson 12: the HorizontalPodAutoscaler turns CPU usage into a replica count. */
export const lesson12: Lesson = {
  id: '12-autoscaling',
  number: 12,
  title: 'Autoscaling',
  minutes: 12,
  summary: 'Friday night traffic hits the front end; a HorizontalPodAutoscaler adds pods, then removes them slowly when the rush is over.',
  setup: {
    seed: 112,
    speed: 1,
    manifests: [deploymentYaml('web', { replicas: 2, cpu: '200m' }), serviceYaml('web'), ingressYaml([['/', 'web']])],
    warmupMs: 30_000,
  },
  steps: [
    {
      id: 'hpa',
      ask: 'Who decides how many front-end pods are enough?',
      narration: 'A HorizontalPodAutoscaler watches the pods\' CPU use (from metrics-server) against their request and sets the replica count. Apply hpa.yaml: keep web at 50 % of its 200m request, between 2 and 10 pods.',
      do: 'kubectl apply -f hpa.yaml',
      command: 'kubectl apply -f hpa.yaml',
      files: { 'hpa.yaml': HPA },
      look: [{ kind: 'hpa', name: 'web' }],
      explain: 'Every 15 s the HPA controller reads pod metrics, averages utilization, and computes replicas = ceil(current × usage / target).',
      goal: exists('horizontalpodautoscalers', 'web', { 'status.conditions': [{ type: 'AbleToScale', status: 'True' }] }, 'the HPA is active'),
      hints: ['The step gives you a file.', 'The HPA targets a Deployment by name.', 'kubectl apply -f hpa.yaml'],
    },
    {
      id: 'rush',
      ask: 'Traffic triples. How many pods will the HPA settle on?',
      narration: 'Start the Friday-night rush: 500 requests/s to dating.example.com. Each request costs a web pod 1 ms of CPU, so two pods run hot. Watch the HPA raise the count.',
      do: 'Start the traffic client "friday-night" at 500 requests/s',
      look: [{ kind: 'hpa', name: 'web' }, { kind: 'deployment', name: 'web' }],
      explain: 'Utilization was far above 50 %, so the HPA raised replicas in steps; new pods took their share and utilization fell toward the target.',
      goal: all('the HPA scaled web up', eventHappened('SuccessfulRescale', 'web', 'the HPA rescaled web'), predicate('five', 'web has at least 5 replicas', (c) => replicas(c) >= 5)),
      hints: ['The traffic controls set a rate.', 'More CPU per pod than the target → more pods.', 'Start "friday-night" at 500 requests/s.'],
      speed: { speed: 5, why: 'the HPA acts every 15 s' },
      predict: {
        question: 'How many pods will web have about a minute into the rush?',
        options: ['3–4', '5–6', '10 (the maximum)'],
        answer: (c) => (replicas(c) >= 10 ? '10 (the maximum)' : replicas(c) >= 5 ? '5–6' : '3–4'),
        explain: '500 requests/s × 1 ms = 500m of CPU; at 100m (50 % of 200m) per pod that is 5 pods.',
      },
    },
  ],
  breakIt: {
    id: 'calm',
    ask: 'The rush is over. How fast does the front end shrink?',
    narration: 'Traffic dropped to 20 requests/s. The HPA waits out a 5-minute stabilization window before scaling down, so a short lull does not throw pods away. Time runs 30× here.',
    look: [{ kind: 'hpa', name: 'web' }],
    explain: 'After 300 s of lower recommendations the HPA scaled web down to its minimum of 2.',
    goal: predicate('min', 'web is back to 2 replicas', (c) => replicas(c) === 2),
    hints: ['Let time run.', 'Scale-down waits for the stabilization window.', 'Watch kubectl get hpa web'],
    speed: { speed: 30, why: 'scale-down waits a 300 s stabilization window' },
    chaos: [rush(20)],
  },
  solution: [['kubectl apply -f hpa.yaml', { advance: 40_000 }], [rush(500), { advance: 90_000 }], [{ advance: 420_000 }]],
};

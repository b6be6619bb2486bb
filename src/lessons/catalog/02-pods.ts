import type { Pod } from '../../sim/api/types';
import { isPodReady } from '../../sim/api/podutil';
import { all, predicate } from '../goals';
import type { Lesson } from '../schema';

const PROFILE = `apiVersion: v1
kind: Pod
metadata:
  name: profile
  labels: { app: profile }
spec:
  containers:
    - name: web
      image: playground/web:1.0
      ports:
        - containerPort: 8080
`;

const PROFILE_CACHE = `apiVersion: v1
kind: Pod
metadata:
  name: profile-cache
  labels: { app: profile-cache }
spec:
  containers:
    - name: web
      image: playground/web:1.0
      ports:
        - containerPort: 8080
    - name: cache
      image: redis:7
      ports:
        - containerPort: 6379
`;

const pod = (c: Parameters<Parameters<typeof predicate>[2]>[0], name: string) => c.store.get<Pod>('pods', 'default', name);
const ready = (name: string) => predicate('podReady', `pod ${name} is Ready`, (c) => { const p = pod(c, name); return !!p && isPodReady(p); });

/** Lesson 2: a pod is one or more containers sharing one network namespace. */
export const lesson02: Lesson = {
  id: '02-pods',
  number: 2,
  title: 'Containers and pods',
  minutes: 7,
  summary: 'Run the dating app\'s profile page as a pod, then give it a cache container that shares its network.',
  setup: { seed: 102, speed: 1, manifests: [], warmupMs: 5_000 },
  steps: [
    {
      id: 'first-pod',
      ask: 'Where will your first pod run?',
      narration: 'A pod is the smallest thing Kubernetes runs: one or more containers. Apply profile.yaml. The scheduler picks a node, then that node\'s kubelet pulls the image and starts the container.',
      do: 'kubectl apply -f profile.yaml',
      command: 'kubectl apply -f profile.yaml',
      files: { 'profile.yaml': PROFILE },
      look: [{ kind: 'pod', name: 'profile' }],
      explain: 'The scheduler scored the nodes and bound the pod to one; the kubelet there pulled playground/web and started it. Ready means it passed its checks.',
      goal: ready('profile'),
      hints: ['The step gives you a file.', 'kubectl apply sends a manifest to the API server.', 'kubectl apply -f profile.yaml'],
      predict: {
        question: 'Which node will the pod land on?',
        options: ['node-1', 'node-2', 'node-3'],
        answer: (c) => pod(c, 'profile')?.spec?.nodeName ?? '',
        explain: 'With empty nodes the scores tie; the scheduler picks among the best at random. You cannot know in advance — and you should not need to.',
      },
    },
    {
      id: 'sidecar',
      ask: 'Two containers in one pod: one IP address, or two?',
      narration: 'The profile page wants a cache next to it. Apply profile-cache.yaml: a pod with two containers, web and a redis cache. They share the pod\'s network, so web reaches the cache at localhost:6379.',
      do: 'kubectl apply -f profile-cache.yaml',
      command: 'kubectl apply -f profile-cache.yaml',
      files: { 'profile-cache.yaml': PROFILE_CACHE },
      look: [{ kind: 'pod', name: 'profile-cache' }],
      explain: 'Both containers started in one pod on one node with one IP. The pod is Ready only when both containers are.',
      goal: all('profile-cache runs both containers', ready('profile-cache'), predicate('containers', 'two containers ready', (c) => (pod(c, 'profile-cache')?.status?.containerStatuses ?? []).filter((s) => s.ready).length === 2)),
      hints: ['Another file, another pod.', 'Containers of a pod share the network namespace.', 'kubectl apply -f profile-cache.yaml'],
      predict: {
        question: 'How many IP addresses does profile-cache get?',
        options: ['One, shared by both containers', 'Two, one per container'],
        answer: (c) => ((pod(c, 'profile-cache')?.status?.podIPs?.length ?? 1) === 1 ? 'One, shared by both containers' : 'Two, one per container'),
        explain: 'The IP belongs to the pod, not to containers: they talk over localhost and must not use the same port.',
      },
    },
  ],
  breakIt: {
    id: 'crash-cache',
    ask: 'Break it: the cache container just crashed. Who restarts it?',
    narration: 'The lesson killed the cache container. Watch the pod: it turns not ready, then the kubelet restarts the container after a 10 s back-off. Nobody else is involved.',
    look: [{ kind: 'pod', name: 'profile-cache' }],
    explain: 'The kubelet restarted the container (restartPolicy: Always) and counted it in RESTARTS. Deleting the pod would be different: nothing recreates a bare pod.',
    goal: all(
      'cache restarted and the pod is Ready',
      predicate('restarted', 'the cache container restarted', (c) => (pod(c, 'profile-cache')?.status?.containerStatuses?.find((s) => s.name === 'cache')?.restartCount ?? 0) >= 1),
      ready('profile-cache'),
    ),
    hints: ['Just watch the pod.', 'The kubelet restarts containers with back-off.', 'kubectl get pod profile-cache'],
    chaos: [{ op: 'crashContainer', name: 'profile-cache', container: 'cache' }],
  },
  solution: [['kubectl apply -f profile.yaml', { advance: 15_000 }], ['kubectl apply -f profile-cache.yaml', { advance: 15_000 }], [{ advance: 30_000 }]],
};

import { all, podsMatching, predicate, requestsSucceed, serviceEndpoints } from '../goals';
import type { Lesson } from '../schema';
import { deploymentYaml } from './common';

const CLIENT = `apiVersion: v1
kind: Pod
metadata:
  name: client
  labels: { app: client }
spec:
  containers:
    - name: client
      image: nginx:1.27
`;

const TRAFFIC = { op: 'traffic', client: 'client-calls', target: { kind: 'service', namespace: 'default', name: 'web', port: 80 }, from: 'default/client', rps: 20 } as const;

/** Lesson 7: a Service is a stable name and address; readiness decides which pods get traffic. */
export const lesson07: Lesson = {
  id: '07-services',
  number: 7,
  title: 'Services',
  minutes: 8,
  summary: 'Give the web front end one stable address, send it requests, and see readiness decide which pods receive them.',
  setup: { seed: 107, speed: 1, manifests: [deploymentYaml('web', { replicas: 3, probes: true }), CLIENT], warmupMs: 30_000 },
  steps: [
    {
      id: 'expose',
      ask: 'Pods come and go with new IPs. How does anyone find the front end?',
      narration: 'A Service gives a set of pods one stable virtual IP and DNS name (web.default.svc.cluster.local). Its selector picks the pods; the EndpointSlice controller lists the ready ones. Expose web.',
      do: 'kubectl expose deployment web --port=80 --target-port=8080',
      command: 'kubectl expose deployment web --port=80 --target-port=8080',
      look: [{ kind: 'service', name: 'web' }],
      explain: 'The API server gave the Service a ClusterIP; the EndpointSlice controller listed the 3 ready pods; kube-proxy on every node programmed rules from the IP to those pods.',
      goal: serviceEndpoints('web', 3),
      hints: ['kubectl can create a Service from a Deployment.', 'The Service selects pods by their labels.', 'kubectl expose deployment web --port=80 --target-port=8080'],
      predict: {
        question: 'How many endpoints will the Service web list?',
        options: ['1', '3', '0 until traffic arrives'],
        answer: () => '3',
        explain: 'Every Ready pod matching the selector is an endpoint, before any request is sent.',
      },
    },
    {
      id: 'traffic',
      narration: 'Now the client pod calls http://web a steady 20 times a second. Start it and watch the requests travel: DNS, the Service IP, kube-proxy\'s rules, a pod.',
      do: 'Start the traffic client "client-calls" (20 requests/s to Service web)',
      look: [{ kind: 'service', name: 'web' }],
      explain: 'kube-proxy on the client\'s node picked a ready endpoint at random for each connection: the load spreads over the three pods.',
      goal: requestsSucceed('client-calls', 0.99),
      hints: ['The traffic controls send requests.', 'A Service spreads connections over its endpoints.', 'Start "client-calls" in the traffic panel.'],
    },
    {
      id: 'unready',
      ask: 'If one pod stops being ready, do callers see errors?',
      narration: 'Crash the container of one web pod. Until the kubelet restarts it and its readiness probe passes, the pod is not ready. Watch the endpoints.',
      do: 'Click a web pod → Crash container',
      look: [{ kind: 'pod', name: 'web-*' }],
      explain: 'The kubelet reported the pod not ready; the EndpointSlice controller marked the endpoint not ready; kube-proxy stopped sending it connections. After the restart, the readiness probe passed and it came back.',
      goal: all('the crash was seen and healed', predicate('restarted', 'a web container restarted', (c) => podsMatching(c, 'app=web').some((p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1)), serviceEndpoints('web', 3)),
      hints: ['Pods have a crash action.', 'Only ready pods are endpoints.', 'Click a web pod → Crash container'],
      predict: {
        question: 'While that pod restarts, what do callers of http://web see?',
        options: ['Errors for about a third of requests', 'No errors: the pod left the endpoints', 'A total outage'],
        answer: () => 'No errors: the pod left the endpoints',
        explain: 'Readiness, not existence, decides who gets traffic. (A few requests can fail in the instant before kube-proxy\'s rules change.)',
      },
    },
  ],
  breakIt: {
    id: 'scaled-to-zero',
    ask: 'Break it: someone scaled web to zero. Callers get errors — fix it.',
    narration: 'The Service still exists, but it selects no ready pods: connections are refused. Bring the front end back to three pods and keep requests succeeding.',
    look: [{ kind: 'deployment', name: 'web' }, { kind: 'service', name: 'web' }],
    explain: 'The Service never changed: it followed its selector. When pods came back, they became endpoints as soon as they were ready.',
    goal: all('web serves again', serviceEndpoints('web', 3), requestsSucceed('client-calls', 0.99)),
    hints: ['The Service is fine; the pods are missing.', 'Scale the Deployment back.', 'kubectl scale deployment web --replicas=3'],
    chaos: [{ op: 'kubectl', line: 'kubectl scale deployment web --replicas=0' }],
  },
  solution: [
    ['kubectl expose deployment web --port=80 --target-port=8080', { advance: 5_000 }],
    [TRAFFIC, { advance: 12_000 }],
    [{ op: 'crashContainer', selector: 'app=web' }, { advance: 40_000 }],
    [{ advance: 5_000 }, 'kubectl scale deployment web --replicas=3', { advance: 40_000 }],
  ],
};

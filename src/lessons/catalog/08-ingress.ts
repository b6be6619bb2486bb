import type { Cluster } from '../../sim/cluster';
import { all, exists, predicate, requestsSucceed, serviceEndpoints } from '../goals';
import type { Lesson } from '../schema';
import { deploymentYaml, HOST, ingressYaml, serviceYaml } from './common';

interface Sampler {
  recent(): readonly { client: string; hops: string[]; status: unknown }[];
}
/** The Service names that answered the client's most recent requests (from the pod names). */
function answeredBy(c: Cluster, client: string): string[] {
  const t = c.components.find((x) => x.name === 'traffic') as unknown as Sampler;
  const out = new Set<string>();
  for (const s of t.recent().filter((x) => x.client === client).slice(-10)) {
    const pod = s.hops[s.hops.length - 1] ?? '';
    if (s.status === 200) out.add(pod.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''));
  }
  return [...out];
}

const visitors = { op: 'traffic', client: 'visitors', target: { kind: 'ingress', host: HOST, path: '/' }, rps: 20 } as const;
const logins = { op: 'traffic', client: 'logins', target: { kind: 'ingress', host: HOST, path: '/auth/login' }, rps: 10 } as const;

/** Lesson 8: one Ingress routes a host and paths to the app's Services. */
export const lesson08: Lesson = {
  id: '08-ingress',
  number: 8,
  title: 'Ingress',
  minutes: 9,
  summary: 'Put the web front end and the auth service behind one address, dating.example.com, routed by path.',
  setup: {
    seed: 108,
    speed: 1,
    manifests: [deploymentYaml('web', { replicas: 2 }), serviceYaml('web'), deploymentYaml('auth', { replicas: 2, image: 'gcr.io/google-samples/hello-app:1.0', cpu: '100m' }), serviceYaml('auth')],
    warmupMs: 30_000,
  },
  steps: [
    {
      id: 'ingress',
      ask: 'How do people outside the cluster reach the app?',
      narration: 'An Ingress maps hosts and paths to Services; an ingress controller (ingress-nginx here, on the control-plane node) does the routing behind a load balancer. Apply ingress.yaml for dating.example.com.',
      do: 'kubectl apply -f ingress.yaml',
      command: 'kubectl apply -f ingress.yaml',
      files: { 'ingress.yaml': ingressYaml([['/', 'web']]) },
      look: [{ kind: 'ingress', name: 'dating' }],
      explain: 'ingress-nginx claimed the Ingress (class nginx, the default) and published its load balancer address in the status: kubectl get ingress shows it under ADDRESS.',
      goal: exists('ingresses', 'dating', { 'status.loadBalancer.ingress.0.ip': '172.18.255.200' }, 'Ingress dating has an address'),
      hints: ['The step gives you a file.', 'An Ingress is a routing table for HTTP.', 'kubectl apply -f ingress.yaml'],
    },
    {
      id: 'visitors',
      narration: 'Send visitors to http://dating.example.com/. Follow a request: load balancer → a node → the ingress controller → a web pod.',
      do: 'Start the traffic client "visitors"',
      look: [{ kind: 'ingress', name: 'dating' }, { kind: 'service', name: 'web' }],
      explain: 'The controller matched host and path, looked up the web Service\'s endpoints, and proxied each request straight to a pod.',
      goal: requestsSucceed('visitors', 0.95),
      hints: ['The traffic controls send requests.', 'The Ingress matches the host name.', 'Start "visitors" in the traffic panel.'],
    },
    {
      id: 'auth-path',
      ask: 'Logins should go to auth, not web. Where does /auth/login go now?',
      narration: 'Apply ingress-auth.yaml: it adds the path /auth → Service auth. Then start the logins client, which requests /auth/login.',
      do: 'kubectl apply -f ingress-auth.yaml, then start "logins"',
      command: 'kubectl apply -f ingress-auth.yaml',
      files: { 'ingress-auth.yaml': ingressYaml([['/', 'web'], ['/auth', 'auth']]) },
      look: [{ kind: 'service', name: 'auth' }],
      explain: 'For /auth/login both paths match; the longest Prefix wins, so auth answers. Everything else still goes to web.',
      goal: all('logins reach auth', requestsSucceed('logins', 0.95), predicate('auth', 'auth pods answer /auth/login', (c) => answeredBy(c, 'logins').join() === 'auth')),
      hints: ['Update the Ingress, then send logins.', 'Prefix paths match element by element; the longest match wins.', 'kubectl apply -f ingress-auth.yaml'],
      predict: {
        question: 'With both rules, which Service answers /auth/login?',
        options: ['web', 'auth', 'neither: 404'],
        answer: (c) => answeredBy(c, 'logins')[0] ?? 'neither: 404',
        explain: '/ and /auth both match; the controller picks the longest matching path.',
      },
    },
  ],
  breakIt: {
    id: 'auth-down',
    ask: 'Break it: auth was scaled to zero. What do logins get now?',
    narration: 'The Ingress still routes /auth to Service auth, which has no endpoints: ingress-nginx answers 503. Bring auth back.',
    look: [{ kind: 'deployment', name: 'auth' }],
    explain: 'The route was never wrong; the backend was empty. With two ready endpoints again, the controller proxied to them.',
    goal: all('logins succeed again', serviceEndpoints('auth', 2), requestsSucceed('logins', 0.95)),
    hints: ['503 means the route matched a Service with no ready pods.', 'Scale auth back up.', 'kubectl scale deployment auth --replicas=2'],
    chaos: [{ op: 'kubectl', line: 'kubectl scale deployment auth --replicas=0' }],
  },
  solution: [
    ['kubectl apply -f ingress.yaml', { advance: 3_000 }],
    [visitors, { advance: 12_000 }],
    ['kubectl apply -f ingress-auth.yaml', { advance: 2_000 }, logins, { advance: 12_000 }],
    [{ advance: 5_000 }, 'kubectl scale deployment auth --replicas=2', { advance: 40_000 }],
  ],
};

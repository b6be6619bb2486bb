import { all, deploymentRolledOut, exists, predicate } from '../goals';
import type { Lesson } from '../schema';
import { activePods, waitingReason } from './common';

const recs = (port: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: recs
  labels: { app: recs }
spec:
  replicas: 2
  selector:
    matchLabels: { app: recs }
  template:
    metadata:
      labels: { app: recs }
    spec:
      containers:
        - name: recs
          image: playground/web:1.0
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
            periodSeconds: 5
          livenessProbe:
            httpGet: { path: /healthz, port: ${port} }
            periodSeconds: 10
            failureThreshold: 3
`;

const crashLooping = predicate('crashloop', 'a recs pod is in CrashLoopBackOff', (c) => activePods(c, 'app=recs').some((p) => waitingReason(p) === 'CrashLoopBackOff'));
const liveness = (port: number) => exists('deployments', 'recs', { 'spec.template.spec.containers': [{ livenessProbe: { httpGet: { port } } }] }, `recs has a liveness probe on port ${port}`);

/** Lesson 10: the kubelet restarts crashing containers with back-off; probes say alive and ready. */
export const lesson10: Lesson = {
  id: '10-probes',
  number: 10,
  title: 'Probes and CrashLoopBackOff',
  minutes: 10,
  summary: 'A recommendations build that crashes on start, the kubelet\'s back-off, and probes that tell Kubernetes when a container is alive and ready.',
  setup: { seed: 110, speed: 1, manifests: [], warmupMs: 5_000 },
  steps: [
    {
      id: 'crash',
      ask: 'What does Kubernetes do with a program that keeps crashing?',
      narration: 'Deploy a recommendations build that exits right after starting. Time runs 10× here: the kubelet waits 10 s, 20 s, 40 s… between restarts, up to 5 minutes.',
      do: 'kubectl create deployment recs --image=playground/crash:1.0',
      command: 'kubectl create deployment recs --image=playground/crash:1.0',
      look: [{ kind: 'pod', name: 'recs-*' }],
      explain: 'The kubelet restarted the container after each exit, doubling the wait each time: CrashLoopBackOff is the kubelet waiting, not a failure of Kubernetes.',
      goal: crashLooping,
      hints: ['Create the Deployment.', 'restartPolicy Always: the kubelet restarts with back-off.', 'kubectl create deployment recs --image=playground/crash:1.0'],
      speed: { speed: 10, why: 'the restart back-off grows 10 s, 20 s, 40 s…' },
      predict: {
        question: 'What will kubectl get pods show in the STATUS column?',
        options: ['Running', 'Error', 'CrashLoopBackOff'],
        answer: (c) => (activePods(c, 'app=recs').some((p) => waitingReason(p) === 'CrashLoopBackOff') ? 'CrashLoopBackOff' : 'Error'),
        explain: 'Between restarts the container waits with reason CrashLoopBackOff; kubectl shows that reason.',
      },
    },
    {
      id: 'probes',
      ask: 'How does Kubernetes know a running program is healthy?',
      narration: 'Replace recs with a working build that has two probes: readiness (/ready: may it get traffic?) and liveness (/healthz: is it alive, or should the kubelet restart it?). Apply recs-probes.yaml.',
      do: 'kubectl apply -f recs-probes.yaml',
      command: 'kubectl apply -f recs-probes.yaml',
      files: { 'recs-probes.yaml': recs(8080) },
      look: [{ kind: 'deployment', name: 'recs' }],
      explain: 'The rollout replaced the crashing pods. The kubelet probes each container: pods turn Ready only after /ready answers 200.',
      goal: all('recs rolled out with probes', liveness(8080), deploymentRolledOut('recs')),
      hints: ['The step gives you a file.', 'apply updates the existing Deployment.', 'kubectl apply -f recs-probes.yaml'],
    },
  ],
  breakIt: {
    id: 'bad-probe',
    ask: 'Break it: someone pointed the liveness probe at port 8081. What will the kubelet do?',
    narration: 'Nothing listens on 8081, so every liveness check fails. After 3 failures the kubelet kills and restarts the container, again and again. Fix it: apply recs-probes.yaml again.',
    look: [{ kind: 'pod', name: 'recs-*' }],
    explain: 'The kubelet logged "Liveness probe failed" (Unhealthy) and restarted the container. A wrong liveness probe turns a healthy app into a crash loop.',
    goal: all('the probe is right again', liveness(8080), deploymentRolledOut('recs')),
    hints: ['kubectl describe pod shows Unhealthy events.', 'Put the probe back on the port the app serves.', 'kubectl apply -f recs-probes.yaml'],
    chaos: [{ op: 'kubectl', line: 'kubectl apply -f recs-bad-probe.yaml', files: { 'recs-bad-probe.yaml': recs(8081) } }],
  },
  solution: [['kubectl create deployment recs --image=playground/crash:1.0', { advance: 60_000 }], ['kubectl apply -f recs-probes.yaml', { advance: 60_000 }], [{ advance: 60_000 }, 'kubectl apply -f recs-probes.yaml', { advance: 60_000 }]],
};

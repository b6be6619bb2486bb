import { all, podMovedOffNode } from '../goals';
import type { Lesson } from '../schema';
import { activePods, createdSince, deploymentYaml, machinePowered, nodeReady } from './common';

/** Lesson 5: a dead node is noticed after 50 s, and its pods are evicted after 300 s more. */
export const lesson05: Lesson = {
  id: '05-node-failure',
  number: 5,
  title: 'When a node dies',
  minutes: 10,
  summary: 'Pull the plug on a node under the web front end and follow the real timeline: NotReady, the 300 s eviction, rescheduling.',
  setup: { seed: 105, speed: 1, manifests: [deploymentYaml('web', { replicas: 3 })], warmupMs: 30_000 },
  steps: [
    {
      id: 'power-off',
      ask: 'What happens to the web pod on node-2 when node-2 dies?',
      narration: 'Power off node-2. Its containers stop at once, but the control plane cannot see that yet: it only misses heartbeats. Time runs 10× here, as the node controller waits 50 s.',
      do: 'node-2 → Power off',
      look: [{ kind: 'node', name: 'node-2' }],
      explain: 'After 50 s without a Lease renewal the node lifecycle controller set Ready=Unknown, tainted node-2 unreachable, and marked its pods not ready — so Services stop sending them traffic.',
      goal: nodeReady('node-2', 'Unknown'),
      hints: ['Each node card has a power switch.', 'The control plane learns of failures only through missing heartbeats.', 'node-2 → Power off'],
      speed: { speed: 10, why: 'the node controller waits 50 s for a heartbeat' },
      predict: {
        question: 'When node-2 turns NotReady, what happens to its web pod?',
        options: ['It is replaced at once', 'Nothing for about 5 more minutes', 'It is deleted and not replaced'],
        answer: (c, ctx) => (activePods(c, 'app=web').some((p) => createdSince(c, p, ctx.startedAt)) ? 'It is replaced at once' : 'Nothing for about 5 more minutes'),
        explain: 'Pods tolerate the unreachable taint for 300 s (tolerationSeconds), in case the node comes back.',
      },
    },
    {
      id: 'evicted',
      ask: 'Will the front end get its third pod back?',
      narration: 'Now the 300 s toleration runs out. Time runs 30× so you can watch it; the moment comes at about five minutes. The taint manager evicts the pod and the ReplicaSet replaces it on a healthy node.',
      do: 'Watch (kubectl get pods -o wide)',
      command: 'kubectl get pods -o wide',
      look: [{ kind: 'pod', name: 'web-*' }],
      explain: 'After 300 s the taint eviction controller deleted the pod (it stays Terminating: no kubelet can confirm). The ReplicaSet controller saw 2 of 3 and created a pod, scheduled on node-1 or node-3.',
      goal: podMovedOffNode('app=web', 'node-2', 3, '3 web pods Ready away from node-2'),
      hints: ['Let time run.', 'The default tolerations are 300 s for not-ready and unreachable nodes.', 'kubectl get pods -o wide'],
      speed: { speed: 30, why: 'pods tolerate an unreachable node for 300 s' },
    },
  ],
  breakIt: {
    id: 'second-failure',
    ask: 'Break it: node-3 has died too. Can the front end survive on one node?',
    narration: 'node-3 lost power. Bring node-2 back so the cluster has room again, then watch node-3\'s pod move after its 300 s.',
    look: [{ kind: 'node', name: 'node-2' }, { kind: 'node', name: 'node-3' }],
    explain: 'node-2\'s kubelet came back, deleted the pods it had lost, and reported Ready. node-3\'s pod was evicted after 300 s and rescheduled.',
    goal: all('web runs off node-3, node-2 is back', machinePowered('node-2', true), podMovedOffNode('app=web', 'node-3', 3)),
    hints: ['One node is not enough capacity to count on.', 'Power the old node on; eviction handles the rest.', 'node-2 → Power on, then wait about 5 minutes'],
    speed: { speed: 30, why: 'the 300 s toleration again' },
    chaos: [{ op: 'powerMachine', name: 'node-3', on: false }],
  },
  solution: [[{ op: 'powerMachine', name: 'node-2', on: false }, { advance: 60_000 }], [{ advance: 330_000 }], [{ op: 'powerMachine', name: 'node-2', on: true }, { advance: 420_000 }]],
};

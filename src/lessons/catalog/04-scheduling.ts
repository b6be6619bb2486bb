import type { Deployment, Pod } from '../../sim/api/types';
import { all, podsReady, predicate } from '../goals';
import type { Lesson } from '../schema';
import { activePods, deploymentYaml } from './common';

const pending = (c: Parameters<Parameters<typeof predicate>[2]>[0]) =>
  activePods(c, 'app=recs').filter((p: Pod) => p.status?.conditions?.some((x) => x.type === 'PodScheduled' && x.status === 'False' && x.reason === 'Unschedulable'));

const fullyAvailable = predicate('available', 'recs has all its replicas available', (c) => {
  const d = c.store.get<Deployment>('deployments', 'default', 'recs');
  return !!d && (d.status?.availableReplicas ?? 0) >= (d.spec?.replicas ?? 1) && (d.status?.replicas ?? 0) === (d.spec?.replicas ?? 1);
});

/** Lesson 4: requests fill nodes; a pod that fits nowhere waits Pending until capacity arrives. */
export const lesson04: Lesson = {
  id: '04-scheduling',
  number: 4,
  title: 'Scaling and the scheduler',
  minutes: 8,
  summary: 'Scale the recommendation service past what two small nodes hold, read why pods are Pending, and add capacity.',
  setup: {
    seed: 104,
    speed: 1,
    machines: [
      { name: 'control-plane', role: 'control-plane', cpu: 2, memoryGiB: 4 },
      { name: 'node-1', cpu: 2, memoryGiB: 4 },
      { name: 'node-2', cpu: 2, memoryGiB: 4 },
    ],
    manifests: [deploymentYaml('recs', { replicas: 2, cpu: '600m', image: 'gcr.io/google-samples/hello-app:1.0' })],
    warmupMs: 30_000,
  },
  steps: [
    {
      id: 'overfill',
      ask: 'Each recs pod asks for 600m of CPU. Two nodes have 2 CPUs each. What happens at 8 pods?',
      narration: 'A pod\'s CPU request is what the scheduler counts: a node is full when the requests of its pods reach its allocatable CPU. Scale recs to 8 and watch the unscheduled tray.',
      do: 'kubectl scale deployment recs --replicas=8',
      command: 'kubectl scale deployment recs --replicas=8',
      look: [{ kind: 'deployment', name: 'recs' }, { kind: 'node', name: 'node-1' }, { kind: 'node', name: 'node-2' }],
      explain: 'The scheduler filtered every node out: "Insufficient cpu". Those pods stay Pending, and the scheduler retries when something changes. kubectl describe pod shows the reason as a FailedScheduling event.',
      goal: predicate('pending', 'some recs pods are Pending: Unschedulable', (c) => pending(c).length > 0),
      hints: ['Change the replica count.', 'Requests add up per node; the scheduler never overcommits them.', 'kubectl scale deployment recs --replicas=8'],
      predict: {
        question: 'How many of the 8 recs pods will get a node?',
        options: ['4', '6', '8'],
        answer: (c) => String(activePods(c, 'app=recs').filter((p) => p.spec?.nodeName).length),
        explain: '3 × 600m = 1800m fits a 2-CPU node; a fourth would need 2400m. Two nodes hold 6.',
      },
    },
    {
      id: 'add-node',
      ask: 'How do the waiting pods get a home?',
      narration: 'Add a medium node (4 CPUs). The Pending pods are retried when a node joins; watch them leave the tray.',
      do: 'Click "Add node" (medium) in the palette',
      look: [{ kind: 'node', name: 'node-3' }],
      explain: 'The new Node\'s arrival moved the Pending pods back to the scheduler\'s active queue; it found room on node-3 and bound them.',
      goal: podsReady('app=recs', 8, { label: '8 recs pods Ready' }),
      hints: ['More capacity, not fewer pods.', 'The scheduler retries Pending pods when the cluster changes.', 'Palette → Add node → medium.'],
    },
  ],
  breakIt: {
    id: 'overfill-again',
    ask: 'Break it: someone scaled recs to 12. Can you make every pod fit?',
    narration: 'recs now wants 12 pods, and some are Pending again. Fix it with what you learned: add capacity, or choose fewer replicas. The check: no pod Pending, every replica available.',
    look: [{ kind: 'deployment', name: 'recs' }],
    explain: 'Either way the scheduler could place every pod: requests must fit somewhere, or pods wait.',
    goal: all('every recs pod placed', predicate('none-pending', 'no recs pod is Pending', (c) => pending(c).length === 0), fullyAvailable),
    hints: ['Count CPUs: 12 × 600m.', 'Add a node, or scale down.', 'Palette → Add node → medium (or kubectl scale deployment recs --replicas=8)'],
    chaos: [{ op: 'kubectl', line: 'kubectl scale deployment recs --replicas=12' }],
  },
  solution: [['kubectl scale deployment recs --replicas=8', { advance: 10_000 }], [{ op: 'addMachine', size: 'medium' }, { advance: 30_000 }], [{ op: 'addMachine', size: 'medium' }, { advance: 30_000 }]],
};

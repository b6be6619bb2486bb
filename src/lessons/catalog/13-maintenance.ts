import type { Node } from '../../sim/api/types';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { Cluster } from '../../sim/cluster';
import { all, podsReady, predicate } from '../goals';
import type { Lesson } from '../schema';
import { activePods, deploymentYaml, machinePowered } from './common';

const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 2
  selector:
    matchLabels: { app: web }
`;

const cordoned = (c: Cluster, name: string) => !!c.store.get<Node>('nodes', '', name)?.spec?.unschedulable;
const webOn = (c: Cluster, node: string) => activePods(c, 'app=web').filter((p) => p.spec?.nodeName === node).length;
const drained = (node: string) => all(`${node} drained`, predicate('cordoned', `${node} is cordoned`, (c) => cordoned(c, node)), predicate('empty', `no web pod on ${node}`, (c) => webOn(c, node) === 0), podsReady('app=web', 3, { label: '3 web pods Ready' }));

/** Lesson 13: cordon, drain, and the PodDisruptionBudget that keeps enough pods up. */
export const lesson13: Lesson = {
  id: '13-maintenance',
  number: 13,
  title: 'Node maintenance',
  minutes: 10,
  summary: 'Take node-1 out for an upgrade without hurting the front end: a PodDisruptionBudget, cordon, drain, uncordon.',
  setup: { seed: 113, speed: 1, manifests: [deploymentYaml('web', { replicas: 3 })], warmupMs: 30_000 },
  steps: [
    {
      id: 'pdb',
      ask: 'How do you tell Kubernetes how many front-end pods it may take away?',
      narration: 'A PodDisruptionBudget says how many pods must stay available during voluntary disruptions like a drain. Apply pdb.yaml: at least 2 web pods.',
      do: 'kubectl apply -f pdb.yaml',
      command: 'kubectl apply -f pdb.yaml',
      files: { 'pdb.yaml': PDB },
      look: [{ kind: 'pdb', name: 'web' }],
      explain: 'The disruption controller counted 3 healthy pods against minAvailable 2: one disruption allowed (kubectl get pdb shows ALLOWED DISRUPTIONS 1).',
      goal: predicate('pdb', 'PDB web allows 1 disruption', (c) => c.store.get<PodDisruptionBudget>('poddisruptionbudgets', 'default', 'web')?.status?.disruptionsAllowed === 1),
      hints: ['The step gives you a file.', 'minAvailable is counted over the pods the selector matches.', 'kubectl apply -f pdb.yaml'],
    },
    {
      id: 'cordon',
      ask: 'Does cordoning a node move its pods?',
      narration: 'Cordon node-1: mark it unschedulable. Watch its frame and its pods.',
      do: 'kubectl cordon node-1',
      command: 'kubectl cordon node-1',
      look: [{ kind: 'node', name: 'node-1' }],
      explain: 'cordon only set spec.unschedulable: the scheduler skips node-1 for new pods. The pods already there keep running.',
      goal: predicate('cordoned', 'node-1 is cordoned', (c) => cordoned(c, 'node-1')),
      hints: ['kubectl has a command named for this.', 'Unschedulable affects only new pods.', 'kubectl cordon node-1'],
      predict: {
        question: 'What happens to the pods on node-1?',
        options: ['They are moved away', 'They keep running'],
        answer: (c) => (webOn(c, 'node-1') > 0 ? 'They keep running' : 'They are moved away'),
        explain: 'Moving pods is drain\'s job; cordon just closes the door.',
      },
    },
    {
      id: 'drain',
      narration: 'Drain node-1: kubectl evicts its pods through the eviction API, which checks the PodDisruptionBudget. The ReplicaSet replaces each evicted pod elsewhere.',
      do: 'kubectl drain node-1 --ignore-daemonsets',
      command: 'kubectl drain node-1 --ignore-daemonsets',
      look: [{ kind: 'node', name: 'node-1' }, { kind: 'pdb', name: 'web' }],
      explain: 'The eviction was allowed (one disruption); the pod terminated gracefully and the ReplicaSet controller created a replacement on node-2 or node-3.',
      goal: drained('node-1'),
      hints: ['Drain evicts, respecting budgets.', 'DaemonSet pods stay; the flag says that is fine.', 'kubectl drain node-1 --ignore-daemonsets'],
    },
    {
      id: 'uncordon',
      narration: 'The upgrade is done. Uncordon node-1 so it takes pods again.',
      do: 'kubectl uncordon node-1',
      command: 'kubectl uncordon node-1',
      look: [{ kind: 'node', name: 'node-1' }],
      explain: 'uncordon cleared spec.unschedulable. Existing pods do not move back; new ones may land there.',
      goal: predicate('uncordoned', 'node-1 is schedulable', (c) => !cordoned(c, 'node-1')),
      hints: ['The opposite of cordon.', 'Schedulable again, nothing moves by itself.', 'kubectl uncordon node-1'],
    },
  ],
  breakIt: {
    id: 'budget-blocks',
    ask: 'Break it: node-3 failed just as node-2 is due for maintenance. Will the budget let you drain?',
    narration: 'node-3 lost power, so only 2 web pods are healthy: the budget allows 0 disruptions and evictions are refused. Power node-3 on, wait for 3 healthy pods, then drain node-2 (drain retries every 5 s).',
    look: [{ kind: 'pdb', name: 'web' }, { kind: 'node', name: 'node-3' }],
    explain: 'The eviction API answered 429 "Cannot evict pod as it would violate the pod\'s disruption budget" until enough pods were healthy. Budgets protect against voluntary disruptions; they cannot stop a power cut.',
    goal: all('node-2 drained safely', machinePowered('node-3', true), drained('node-2')),
    hints: ['Check kubectl get pdb.', 'Restore health before disrupting more.', 'Power on node-3; then kubectl drain node-2 --ignore-daemonsets'],
    speed: { speed: 10, why: 'node-3 takes 50 s to be noticed and seconds to come back' },
    chaos: [{ op: 'powerMachine', name: 'node-3', on: false }],
  },
  solution: [
    ['kubectl apply -f pdb.yaml', { advance: 5_000 }],
    ['kubectl cordon node-1', { advance: 2_000 }],
    ['kubectl drain node-1 --ignore-daemonsets', { advance: 40_000 }],
    ['kubectl uncordon node-1', { advance: 2_000 }],
    [{ advance: 60_000 }, { op: 'powerMachine', name: 'node-3', on: true }, { advance: 40_000 }, 'kubectl drain node-2 --ignore-daemonsets', { advance: 30_000 }, 'kubectl drain node-2 --ignore-daemonsets', { advance: 40_000 }],
  ],
};

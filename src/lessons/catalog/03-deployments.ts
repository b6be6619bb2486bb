import { all, eventHappened, podsReady } from '../goals';
import type { Lesson } from '../schema';
import { activePods } from './common';

/** Lesson 3: a Deployment keeps N pods alive; the ReplicaSet controller replaces the fallen. */
export const lesson03: Lesson = {
  id: '03-deployments',
  number: 3,
  title: 'Deployments and self-healing',
  minutes: 8,
  summary: 'Run the web front end as a Deployment of three pods and watch Kubernetes replace the ones you kill.',
  setup: { seed: 103, speed: 1, manifests: [], warmupMs: 5_000 },
  steps: [
    {
      id: 'create',
      ask: 'How do you keep three copies of the web front end running?',
      narration: 'A Deployment declares "three pods like this". It creates a ReplicaSet, and the ReplicaSet controller creates the pods. Create the web Deployment.',
      do: 'kubectl create deployment web --image=playground/web:1.0 --replicas=3',
      command: 'kubectl create deployment web --image=playground/web:1.0 --replicas=3',
      look: [{ kind: 'deployment', name: 'web' }],
      explain: 'The Deployment controller made ReplicaSet web-<hash>; the ReplicaSet controller created three pods; the scheduler spread them over the nodes.',
      goal: podsReady('app=web', 3, { label: '3 web pods Ready' }),
      hints: ['One kubectl create command does it.', 'kubectl create deployment takes an image and a replica count.', 'kubectl create deployment web --image=playground/web:1.0 --replicas=3'],
    },
    {
      id: 'kill',
      ask: 'What happens to the app if one of its pods dies?',
      narration: 'Delete one web pod: click it, then Delete (or use kubectl delete pod). Keep your eyes on the ReplicaSet.',
      do: 'Click a web pod → Delete',
      look: [{ kind: 'pod', name: 'web-*' }, { kind: 'replicaset', name: 'web-*' }],
      explain: 'The ReplicaSet controller noticed 2 of 3 pods and created one more within the same second. This is self-healing: desired state versus current state.',
      goal: all('a replacement pod is Ready', eventHappened('SuccessfulCreate', 'web-*', 'the ReplicaSet created a replacement'), podsReady('app=web', 3, { label: '3 web pods Ready' })),
      hints: ['Pods are on the canvas inside their nodes.', 'The ReplicaSet counts its pods and makes up the difference.', 'kubectl delete pod <one of the web pods>'],
      predict: {
        question: 'A second after you delete one, how many web pods are not terminating?',
        options: ['2', '3', '4'],
        answer: (c) => String(activePods(c, 'app=web').length),
        explain: 'The replacement is created at once, while the deleted pod is still shutting down (30 s grace period).',
      },
    },
    {
      id: 'scale',
      ask: 'Friday night: more people are looking for dates. Can the front end grow?',
      narration: 'Scale web to 5 replicas. You change one number; the controllers do the rest.',
      do: 'kubectl scale deployment web --replicas=5',
      command: 'kubectl scale deployment web --replicas=5',
      look: [{ kind: 'deployment', name: 'web' }],
      explain: 'The Deployment controller set the ReplicaSet to 5; its controller created two pods; the scheduler placed them.',
      goal: podsReady('app=web', 5, { label: '5 web pods Ready' }),
      hints: ['It is one number on the Deployment.', 'kubectl scale changes spec.replicas.', 'kubectl scale deployment web --replicas=5'],
    },
  ],
  breakIt: {
    id: 'double-kill',
    ask: 'Break it: two pods died at once. Will the front end recover?',
    narration: 'The lesson just deleted two web pods. Watch the ReplicaSet bring the count back to five.',
    look: [{ kind: 'replicaset', name: 'web-*' }],
    explain: 'Same loop, twice: the ReplicaSet controller compares 3 with 5 and creates two pods. It does not care how they died.',
    goal: all('5 pods again', eventHappened('SuccessfulCreate', 'web-*', 'replacements created'), podsReady('app=web', 5, { label: '5 web pods Ready' })),
    hints: ['Just watch.', 'Desired 5, current 3: the controller acts.', 'kubectl get pods -l app=web'],
    chaos: [{ op: 'deletePod', selector: 'app=web' }, { op: 'deletePod', selector: 'app=web' }],
  },
  solution: [
    ['kubectl create deployment web --image=playground/web:1.0 --replicas=3', { advance: 20_000 }],
    [{ op: 'deletePod', selector: 'app=web' }, { advance: 15_000 }],
    ['kubectl scale deployment web --replicas=5', { advance: 15_000 }],
    [{ advance: 15_000 }],
  ],
};

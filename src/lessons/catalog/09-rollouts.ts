import type { ReplicaSet } from '../../sim/api/types';
import { all, deploymentRolledOut, exists, not, predicate, readyPods } from '../goals';
import type { Lesson } from '../schema';
import { activePods, deploymentYaml, waitingReason } from './common';

const image = (img: string) => exists('deployments', 'web', { 'spec.template.spec.containers': [{ image: img }] }, `web's template runs ${img}`);
const pullFailing = predicate('pull-failing', 'a web pod cannot pull its image', (c) => activePods(c, 'app=web').some((p) => ['ErrImagePull', 'ImagePullBackOff'].includes(waitingReason(p) ?? '')));

/** Lesson 9: rolling updates replace pods a few at a time; a bad image stalls them; undo. */
export const lesson09: Lesson = {
  id: '09-rollouts',
  number: 9,
  title: 'Rolling updates and rollbacks',
  minutes: 10,
  summary: 'Ship a new version of the front end without downtime, ship a broken one, and roll it back.',
  setup: { seed: 109, speed: 1, manifests: [deploymentYaml('web', { replicas: 4 })], warmupMs: 30_000 },
  steps: [
    {
      id: 'update',
      ask: 'Can you replace every pod without the site ever going down?',
      narration: 'Change the image to playground/web:2.0. The Deployment controller creates a new ReplicaSet and shifts pods over a few at a time: at most 25 % extra (maxSurge), at most 25 % missing (maxUnavailable).',
      do: 'kubectl set image deployment/web web=playground/web:2.0',
      command: 'kubectl set image deployment/web web=playground/web:2.0',
      look: [{ kind: 'deployment', name: 'web' }, { kind: 'replicaset', name: 'web-*' }],
      explain: 'The Deployment controller scaled the new ReplicaSet up and the old one down in turns, waiting for new pods to be available. Ready pods never dropped below 3.',
      goal: all('web runs 2.0 everywhere', image('playground/web:2.0'), deploymentRolledOut('web')),
      hints: ['Change the image, not the pods.', 'kubectl set image edits the pod template; that starts a rollout.', 'kubectl set image deployment/web web=playground/web:2.0'],
      predict: {
        question: 'How many ReplicaSets will web have when the rollout is done?',
        options: ['1', '2', '4'],
        answer: (c) => String(c.store.list<ReplicaSet>('replicasets', 'default').filter((r) => r.metadata?.labels?.app === 'web').length),
        explain: 'The old ReplicaSet stays, scaled to 0: it is the revision history that makes a rollback possible.',
      },
    },
    {
      id: 'bad-image',
      ask: 'What if the new version has a typo in its image?',
      narration: 'Deploy playground/web:lastest — a typo for latest. Watch the new pods and the old ones.',
      do: 'kubectl set image deployment/web web=playground/web:lastest',
      command: 'kubectl set image deployment/web web=playground/web:lastest',
      look: [{ kind: 'replicaset', name: 'web-*' }],
      explain: 'The kubelet could not pull the image (ErrImagePull, then ImagePullBackOff). New pods never became available, so the controller stopped replacing old ones: the rollout is stuck, the site still up.',
      goal: pullFailing,
      hints: ['Copy the line exactly, typo included.', 'A rollout only proceeds as new pods become available.', 'kubectl set image deployment/web web=playground/web:lastest'],
      predict: {
        question: 'Will the site go down?',
        options: ['Yes: all pods get the broken image', 'No: old pods keep serving and the rollout stalls'],
        answer: (c) => (readyPods(c, 'app=web').length >= 3 ? 'No: old pods keep serving and the rollout stalls' : 'Yes: all pods get the broken image'),
        explain: 'maxUnavailable 25 % of 4 is 1: the controller may take down only one old pod before new ones are available.',
      },
    },
    {
      id: 'undo',
      narration: 'Roll back: the Deployment returns to the previous template, the 2.0 ReplicaSet scales up again, the broken pods go.',
      do: 'kubectl rollout undo deployment/web',
      command: 'kubectl rollout undo deployment/web',
      look: [{ kind: 'deployment', name: 'web' }],
      explain: 'rollout undo copied the template of the previous revision back into the Deployment; the controller found the matching old ReplicaSet and scaled it up.',
      goal: all('back on 2.0', image('playground/web:2.0'), deploymentRolledOut('web'), not(pullFailing, 'no pod is stuck pulling')),
      hints: ['kubectl rollout has a command for this.', 'Every template change is a revision.', 'kubectl rollout undo deployment/web'],
    },
  ],
  breakIt: {
    id: 'another-typo',
    ask: 'Break it: a colleague deployed playground/web:latset. Fix it.',
    narration: 'Another stuck rollout. Use what you know: roll back, or set a correct image. The check: web rolled out with no pods failing to pull.',
    look: [{ kind: 'deployment', name: 'web' }],
    explain: 'Kubernetes cannot fix a typo: it keeps the old pods serving and waits for you.',
    goal: all('web rolled out cleanly', deploymentRolledOut('web'), not(pullFailing, 'no pod is stuck pulling')),
    hints: ['Same problem as before.', 'Undo goes back one revision.', 'kubectl rollout undo deployment/web'],
    chaos: [{ op: 'kubectl', line: 'kubectl set image deployment/web web=playground/web:latset' }],
  },
  solution: [
    ['kubectl set image deployment/web web=playground/web:2.0', { advance: 60_000 }],
    ['kubectl set image deployment/web web=playground/web:lastest', { advance: 20_000 }],
    ['kubectl rollout undo deployment/web', { advance: 40_000 }],
    [{ advance: 10_000 }, 'kubectl rollout undo deployment/web', { advance: 40_000 }],
  ],
};

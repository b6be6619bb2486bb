import { all, podsReady, predicate, readyPods } from '../goals';
import type { Lesson } from '../schema';
import { activePods, deploymentYaml, processRunning } from './common';

const CP = 'control-plane';

/** Lesson 11: each control-plane component does one job; stop one and only that job stops. */
export const lesson11: Lesson = {
  id: '11-control-plane',
  number: 11,
  title: 'The control plane',
  minutes: 10,
  summary: 'Stop the scheduler, the controller manager and the API server one at a time, and see what breaks and what keeps running.',
  setup: { seed: 111, speed: 1, manifests: [deploymentYaml('web', { replicas: 3 })], warmupMs: 30_000 },
  steps: [
    {
      id: 'no-scheduler',
      ask: 'Without the scheduler, can new pods still run?',
      narration: 'Stop kube-scheduler on the control-plane node, then scale web to 5.',
      do: 'Stop kube-scheduler (control-plane → Processes), then kubectl scale deployment web --replicas=5',
      command: 'kubectl scale deployment web --replicas=5',
      look: [{ kind: 'component', name: 'kube-scheduler' }],
      explain: 'The ReplicaSet controller (in kube-controller-manager) created two pods, but nobody bound them to a node: they wait in the unscheduled tray.',
      goal: all('new pods wait for a scheduler', processRunning('kube-scheduler', false), predicate('unscheduled', '2 web pods have no node', (c) => activePods(c, 'app=web').filter((p) => !p.spec?.nodeName).length >= 2)),
      hints: ['Two actions: stop a process, then scale.', 'Creating pods and placing them are different jobs.', 'Stop kube-scheduler; kubectl scale deployment web --replicas=5'],
      predict: {
        question: 'What happens to the 2 new pods?',
        options: ['They run anyway', 'They are never created', 'They are created but wait without a node'],
        answer: (c) => (activePods(c, 'app=web').some((p) => !p.spec?.nodeName) ? 'They are created but wait without a node' : 'They run anyway'),
        explain: 'Controllers create pods; only the scheduler sets spec.nodeName.',
      },
    },
    {
      id: 'scheduler-back',
      narration: 'Start kube-scheduler again. On start it lists the pods without a node and places them.',
      do: 'Start kube-scheduler',
      look: [{ kind: 'component', name: 'kube-scheduler' }],
      explain: 'The restarted scheduler re-listed pending pods and bound them; the kubelets started them.',
      goal: podsReady('app=web', 5, { label: '5 web pods Ready' }),
      hints: ['Undo the stop.', 'A restarted component catches up from the API server.', 'Start kube-scheduler on the control-plane node.'],
    },
    {
      id: 'no-controllers',
      ask: 'Without the controller manager, does a deleted pod come back?',
      narration: 'Stop kube-controller-manager, then delete a web pod.',
      do: 'Stop kube-controller-manager, then click a web pod → Delete',
      look: [{ kind: 'component', name: 'kube-controller-manager' }],
      explain: 'The ReplicaSet controller lives in kube-controller-manager. With it stopped, nobody compares 4 with 5: the pod is not replaced. The running pods are untouched.',
      goal: all('nobody replaces the pod', processRunning('kube-controller-manager', false), predicate('four', 'only 4 web pods left', (c) => activePods(c, 'app=web').length === 4)),
      hints: ['Stop the process, then delete.', 'Self-healing is a controller, not magic.', 'Stop kube-controller-manager; kubectl delete pod <a web pod>'],
      predict: {
        question: 'Will the deleted pod be replaced?',
        options: ['Yes, at once', 'No, not while the controller manager is stopped'],
        answer: (c) => (activePods(c, 'app=web').length >= 5 ? 'Yes, at once' : 'No, not while the controller manager is stopped'),
        explain: 'No controller, no reconciliation: desired state is only a number in etcd.',
      },
    },
    {
      id: 'controllers-back',
      narration: 'Start kube-controller-manager. The ReplicaSet controller resyncs and counts again.',
      do: 'Start kube-controller-manager',
      look: [{ kind: 'replicaset', name: 'web-*' }],
      explain: 'On start the controllers re-listed everything, found 4 of 5, and created a pod.',
      goal: all('5 again', processRunning('kube-controller-manager', true), podsReady('app=web', 5, { label: '5 web pods Ready' })),
      hints: ['Undo the stop.', 'Controllers are level-triggered: they act on state, not on missed events.', 'Start kube-controller-manager.'],
    },
  ],
  breakIt: {
    id: 'no-apiserver',
    ask: 'Break it: the API server is down. Is the app down?',
    narration: 'The lesson stopped kube-apiserver. kubectl now fails with "connection refused", and every component is cut off. Look at the web pods, then start the API server again.',
    look: [{ kind: 'component', name: 'kube-apiserver' }],
    explain: 'Running pods kept running: kubelets and containers do not need the API server to keep serving. Only changes stopped. The API server is the only way in.',
    goal: all('the API server is back', processRunning('kube-apiserver', true), podsReady('app=web', 5, { label: '5 web pods Ready' })),
    hints: ['Try kubectl get pods.', 'Everything talks through the API server.', 'Start kube-apiserver on the control-plane node.'],
    chaos: [{ op: 'setProcess', machine: CP, process: 'kube-apiserver', running: false }],
    predict: {
      question: 'While the API server was down, did the web pods keep running?',
      options: ['Yes', 'No'],
      answer: (c) => (readyPods(c, 'app=web').length >= 5 ? 'Yes' : 'No'),
      explain: 'The data plane does not depend on the control plane from moment to moment.',
    },
  },
  solution: [
    [{ op: 'setProcess', machine: CP, process: 'kube-scheduler', running: false }, 'kubectl scale deployment web --replicas=5', { advance: 5_000 }],
    [{ op: 'setProcess', machine: CP, process: 'kube-scheduler', running: true }, { advance: 20_000 }],
    [{ op: 'setProcess', machine: CP, process: 'kube-controller-manager', running: false }, { op: 'deletePod', selector: 'app=web' }, { advance: 5_000 }],
    [{ op: 'setProcess', machine: CP, process: 'kube-controller-manager', running: true }, { advance: 30_000 }],
    [{ advance: 20_000 }, { op: 'setProcess', machine: CP, process: 'kube-apiserver', running: true }, { advance: 20_000 }],
  ],
};

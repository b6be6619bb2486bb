import { type Lesson } from '../schema';
import { all } from '../goals';
import { machinePowered, nodeReady, nodeReadyStatus } from './common';

/** Lesson 1: the machines under everything, and how the control plane knows they are alive. */
export const lesson01: Lesson = {
  id: '01-nodes',
  number: 1,
  title: 'Nodes and the cluster',
  minutes: 6,
  summary: 'The machines the dating app will run on, and how the control plane knows each one is alive.',
  setup: { seed: 101, speed: 1, manifests: [], warmupMs: 5_000 },
  steps: [
    {
      id: 'add-node',
      ask: 'What does a new machine need before Kubernetes will use it?',
      narration: 'The canvas shows a control-plane node across the top and three worker nodes. Add a fourth machine: its kubelet — the agent on every node — registers a Node object with the API server.',
      do: 'Click "Add node" (medium) in the palette',
      look: [{ kind: 'node', name: 'node-4' }],
      explain: 'The kubelet on node-4 created the Node object and reported the Ready condition. Only then does the scheduler consider it for pods.',
      goal: nodeReady('node-4', 'True', 'node-4 is Ready'),
      hints: ['The palette on the left can add machines.', 'A node joins when its kubelet registers with the API server.', 'Palette → Add node → medium.'],
      predict: {
        question: 'When can the new node take pods?',
        options: ['At once, when the machine exists', 'Once its kubelet registers and reports Ready', 'After an administrator approves it'],
        answer: (c) => (nodeReadyStatus(c, 'node-4') === 'True' ? 'Once its kubelet registers and reports Ready' : 'At once, when the machine exists'),
        explain: 'A machine is just a machine until its kubelet registers a Node and reports Ready.',
      },
    },
    {
      id: 'stop-kubelet',
      ask: 'How does the control plane notice that a node has gone quiet?',
      narration: 'Every node\'s kubelet renews a Lease every 10 s: a heartbeat. Stop the kubelet on node-4 and watch its frame. Time runs 10× faster here: the node controller waits 50 s without a heartbeat.',
      do: 'Stop the kubelet process on node-4 (node-4 → Processes → kubelet)',
      look: [{ kind: 'node', name: 'node-4' }],
      explain: 'The node lifecycle controller in kube-controller-manager saw no Lease renewal for 50 s and set Ready to Unknown: the node is NotReady.',
      goal: nodeReady('node-4', 'Unknown'),
      hints: ['Each node shows its processes.', 'No heartbeat for the grace period makes a node NotReady.', 'Stop kubelet on node-4 from its card.'],
      speed: { speed: 10, why: 'the node controller waits 50 s for a heartbeat' },
      predict: {
        question: 'How soon will the node show NotReady?',
        options: ['Immediately', 'After about 50 s without a heartbeat', 'Never: its machine is still on'],
        answer: (c, ctx) => (c.clock.now - ctx.startedAt >= 30_000 ? 'After about 50 s without a heartbeat' : 'Immediately'),
        explain: 'Kubernetes cannot tell a dead node from a slow one, so it waits the node-monitor grace period (50 s).',
      },
    },
    {
      id: 'start-kubelet',
      narration: 'Start the kubelet on node-4 again. It renews its Lease and posts its status; watch the frame turn solid.',
      do: 'Start the kubelet process on node-4',
      look: [{ kind: 'node', name: 'node-4' }],
      explain: 'The kubelet posted a fresh status with Ready=True; the controller clears the NotReady taint.',
      goal: nodeReady('node-4', 'True', 'node-4 is Ready again'),
      hints: ['Undo what you just did.', 'A running kubelet is a heartbeat.', 'Start kubelet on node-4 from its card.'],
    },
  ],
  breakIt: {
    id: 'power-cut',
    ask: 'Break it: node-1 just lost power. Can you bring it back?',
    narration: 'A power cut: node-1 is off. After 50 s it turns NotReady, as you saw. Power it back on and wait for Ready.',
    do: 'Power on node-1',
    look: [{ kind: 'node', name: 'node-1' }],
    explain: 'Booting started the kubelet, which reported Ready. Kubernetes never powers machines on — that is the infrastructure layer, yours.',
    goal: all('node-1 is back', machinePowered('node-1', true), nodeReady('node-1', 'True')),
    hints: ['Look at node-1\'s frame.', 'A powered-off machine runs no kubelet.', 'node-1 → Power on.'],
    chaos: [{ op: 'powerMachine', name: 'node-1', on: false }],
  },
  solution: [
    [{ op: 'addMachine', size: 'medium' }, { advance: 10_000 }],
    [{ op: 'setProcess', machine: 'node-4', process: 'kubelet', running: false }, { advance: 70_000 }],
    [{ op: 'setProcess', machine: 'node-4', process: 'kubelet', running: true }, { advance: 20_000 }],
    [{ op: 'powerMachine', name: 'node-1', on: true }, { advance: 30_000 }],
  ],
};

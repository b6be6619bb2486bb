/**
 * The default demo as a script: the Deployment `web` (3 replicas) a learner sees on first load,
 * then ten learner actions over ten minutes — pods deleted, a scale, a new image, a machine
 * powered off and on, a network cut, a rollback. Tests and the rewind benchmark play it; a
 * lesson or a "show me" button could too.
 */
import type { Pod } from '../../sim/api/types';
import { DEMO_DEPLOYMENT } from '../host';
import type { Input } from './input';

export interface ScriptStep {
  /** virtual ms */
  t: number;
  /** the input, or a function choosing it from the cluster as a learner clicking would */
  input: Input | ((pods: Pod[]) => Input | undefined);
}

/** The first running pod of `web`, as a learner would click it. */
const firstPod = (pods: Pod[]): Input | undefined => {
  const p = pods.find((x) => x.metadata?.labels?.app === 'web' && !x.metadata.deletionTimestamp);
  return p ? { op: 'deletePod', namespace: 'default', name: p.metadata!.name! } : undefined;
};

export const DEMO_END = 600_000;

export const DEMO_SCRIPT: ScriptStep[] = [
  { t: 0, input: { op: 'api', verb: 'create', resource: 'deployments', namespace: 'default', body: DEMO_DEPLOYMENT } },
  { t: 30_000, input: firstPod },
  { t: 45_000, input: { op: 'kubectlRun', line: 'kubectl scale deployment web --replicas=5' } },
  { t: 80_000, input: { op: 'kubectlRun', line: 'kubectl set image deployment/web nginx=nginx:1.28' } },
  { t: 100_000, input: { op: 'powerMachine', name: 'node-2', on: false } },
  { t: 150_000, input: firstPod },
  { t: 200_000, input: { op: 'api', verb: 'patch', resource: 'deployments', namespace: 'default', name: 'web', body: { spec: { replicas: 4 } }, patchType: 'merge' } },
  { t: 260_000, input: { op: 'setNetwork', name: 'node-3', up: false } },
  { t: 330_000, input: { op: 'setNetwork', name: 'node-3', up: true } },
  { t: 500_000, input: { op: 'powerMachine', name: 'node-2', on: true } },
  { t: 540_000, input: { op: 'kubectlRun', line: 'kubectl rollout undo deployment/web' } },
];

/** Plays the script on anything that can run to a time, list pods and act. */
export function playScript(target: { runUntil(t: number): void; pods(): Pod[]; act(i: Input): unknown }, script = DEMO_SCRIPT, end = DEMO_END): Input[] {
  const applied: Input[] = [];
  for (const step of script) {
    target.runUntil(step.t);
    const input = typeof step.input === 'function' ? step.input(target.pods()) : step.input;
    if (!input) continue;
    applied.push(input);
    try {
      target.act(input);
    } catch {
      // a learner's failed action is still an action (the log keeps it)
    }
  }
  target.runUntil(end);
  return applied;
}

/**
 * Canvas actions: each is one call over the wire, and its outcome is printed the way kubectl
 * prints it (`pod "x" deleted`, `Error from server (NotFound): …`) next to the kubectl command
 * that does the same — clicking teaches the command. Actions that kubectl can do run through
 * the worker's kubectl pipeline (`kubectlRun`), so the real rules apply (drain's checks,
 * rollout history); infrastructure actions (power, network, processes) are not API calls and
 * say so.
 */
import { CallError, type SimClient } from '../worker/client';
import type { Call, FromWorker, KubectlRunResult, MachineSize, MachineView } from '../worker/protocol';
import { setOutcome } from './state/store';

let client: SimClient | null = null;

export function setClient(c: SimClient | null): void {
  client = c;
}

export function send<T = unknown>(call: Call): Promise<T> {
  if (!client) return Promise.reject(new Error('the simulation is not running'));
  return client.send<T>(call);
}

/** Every message from the worker that is not a reply (the terminal listens for its output). */
export function listen(fn: (msg: FromWorker) => void): () => void {
  if (!client) return () => undefined;
  return client.listen(fn);
}

/** How kubectl prints a failed request. */
export function kubectlError(e: unknown): string {
  if (e instanceof CallError && e.reason) return `Error from server (${e.reason}): ${e.message}`;
  return `error: ${e instanceof Error ? e.message : String(e)}`;
}

const nsFlag = (ns: string) => (ns === 'default' ? '' : ` -n ${ns}`);

export function kubectlDeletePodLine(namespace: string, name: string): string {
  return `kubectl delete pod ${name}${nsFlag(namespace)}`;
}

/** Runs a kubectl line in the worker; resolves to its output (stdout + stderr) and exit code. */
export async function kubectl(line: string, files?: Record<string, string>): Promise<KubectlRunResult> {
  return send<KubectlRunResult>({ op: 'kubectlRun', line, files });
}

/** Runs a kubectl line as a canvas action: the outcome shows the command and what it printed. */
export async function runAction(line: string, files?: Record<string, string>): Promise<boolean> {
  try {
    const r = await kubectl(line, files);
    const text = (r.stdout + r.stderr).trimEnd() || '(no output)';
    setOutcome({ ok: r.exitCode === 0, text, command: line });
    return r.exitCode === 0;
  } catch (e) {
    setOutcome({ ok: false, text: kubectlError(e), command: line });
    return false;
  }
}

async function infra(call: Call, ok: string, command?: string): Promise<boolean> {
  try {
    await send(call);
    setOutcome({ ok: true, text: ok, command });
    return true;
  } catch (e) {
    setOutcome({ ok: false, text: kubectlError(e), command });
    return false;
  }
}

export async function deletePod(namespace: string, name: string): Promise<void> {
  const command = kubectlDeletePodLine(namespace, name);
  try {
    await send({ op: 'deletePod', namespace, name });
    setOutcome({ ok: true, text: `pod "${name}" deleted`, command });
  } catch (e) {
    setOutcome({ ok: false, text: kubectlError(e), command });
  }
}

export const powerMachine = (name: string, on: boolean) =>
  infra({ op: 'powerMachine', name, on }, on ? `machine ${name} powered on: it boots, and its kubelet registers again` : `machine ${name} powered off: its kubelet stops posting status`);

export const setNetwork = (name: string, up: boolean) =>
  infra({ op: 'setNetwork', name, up }, up ? `${name}'s network link restored: its kubelet reaches the API server again` : `${name}'s network link cut: the machine runs on, but nothing it sends reaches the API server`);

/** Services the machine's init system runs; the control plane's components are static pods. */
const SYSTEMD_UNITS = new Set(['kubelet', 'containerd']);

/**
 * What an operator would type: systemd units are stopped with systemctl; a kubeadm control-plane
 * component is stopped by taking its manifest out of the kubelet's static pod directory.
 */
function processCommand(machine: string, process: string, running: boolean): string {
  if (SYSTEMD_UNITS.has(process)) return `sudo systemctl ${running ? 'start' : 'stop'} ${process}  # on ${machine}`;
  return running
    ? `sudo mv /etc/kubernetes/${process}.yaml /etc/kubernetes/manifests/  # on ${machine}`
    : `sudo mv /etc/kubernetes/manifests/${process}.yaml /etc/kubernetes/  # on ${machine}`;
}

export const setProcess = (machine: string, process: string, running: boolean) =>
  infra({ op: 'setProcess', machine, process, running }, running ? `${process} started on ${machine}` : `${process} stopped on ${machine}`, processCommand(machine, process, running));

export async function addMachine(size: MachineSize): Promise<string | null> {
  try {
    const m = await send<MachineView>({ op: 'addMachine', size });
    setOutcome({ ok: true, text: `machine ${m.name} booted (${size}): its kubelet registers node/${m.name}`, command: `kubeadm join …  # on ${m.name}` });
    return m.name;
  } catch (e) {
    setOutcome({ ok: false, text: kubectlError(e) });
    return null;
  }
}

export const removeMachine = (name: string) =>
  infra({ op: 'removeMachine', name }, `machine ${name} deleted, and node "${name}" with it; the pod garbage collector removes its pods`, `kubectl delete node ${name}`);

export async function crashContainer(namespace: string, name: string, container?: string): Promise<void> {
  await infra(
    { op: 'crashContainer', namespace, name, container },
    `the container's process was killed (exit code 137): the kubelet restarts it, with back-off if it keeps crashing`,
    `kill -9 <pid of ${container ?? 'the container'}>  # on the node`,
  );
}

export const cordon = (node: string, on: boolean) => runAction(`kubectl ${on ? 'cordon' : 'uncordon'} ${node}`);
export const drain = (node: string) => runAction(`kubectl drain ${node} --ignore-daemonsets --delete-emptydir-data`);
export const scaleDeployment = (ns: string, name: string, replicas: number) => runAction(`kubectl scale deployment/${name} --replicas=${Math.max(0, replicas)}${nsFlag(ns)}`);
export const setImage = (ns: string, name: string, container: string, image: string) => runAction(`kubectl set image deployment/${name} ${container}=${image}${nsFlag(ns)}`);
export const rolloutUndo = (ns: string, name: string) => runAction(`kubectl rollout undo deployment/${name}${nsFlag(ns)}`);
export const deleteObject = (kind: string, ns: string, name: string) => runAction(`kubectl delete ${kind} ${name}${nsFlag(ns)}`);

/** Mounts a claim into every container of a Deployment's template: a new ReplicaSet rolls out. */
export async function attachClaim(ns: string, deployment: string, claim: string, mountPath = '/data'): Promise<boolean> {
  const volume = claim.replace(/[^a-z0-9-]/g, '-').slice(0, 63);
  const dep = await send<{ spec?: { template?: { spec?: { containers?: { name: string }[] } } } }>({ op: 'api', verb: 'get', resource: 'deployments', namespace: ns, name: deployment }).catch(() => null);
  const containers = dep?.spec?.template?.spec?.containers ?? [];
  const body = {
    spec: {
      template: {
        spec: {
          volumes: [{ name: volume, persistentVolumeClaim: { claimName: claim } }],
          containers: containers.map((c) => ({ name: c.name, volumeMounts: [{ name: volume, mountPath }] })),
        },
      },
    },
  };
  const command = `kubectl patch deployment ${deployment}${nsFlag(ns)} --type=strategic -p '${JSON.stringify(body)}'`;
  try {
    await send({ op: 'api', verb: 'patch', resource: 'deployments', namespace: ns, name: deployment, body, patchType: 'strategic' });
    setOutcome({ ok: true, text: `deployment.apps/${deployment} patched`, command });
    return true;
  } catch (e) {
    setOutcome({ ok: false, text: kubectlError(e), command });
    return false;
  }
}

/** Outside users sending requests (0 stops them); not an API call: the world outside the cluster. */
export async function sendTraffic(name: string, target: Extract<Call, { op: 'traffic' }>['target'], rps: number): Promise<void> {
  const where = target.kind === 'ingress' ? `http://${target.host}${target.path}` : `http://${target.name}.${target.namespace}.svc:${target.port}/`;
  await infra({ op: 'traffic', name, target, rps }, rps ? `${rps} requests per second from users to ${where}` : `users stopped sending to ${where}`, rps ? `hey -q ${rps} -z 1h ${where}  # outside the cluster` : undefined);
}

export const setSpeed = (speed: number) => send({ op: 'setSpeed', speed }).catch(() => undefined);
export const pause = () => send({ op: 'pause' }).catch(() => undefined);
export const resume = () => send({ op: 'resume' }).catch(() => undefined);
export const step = (ms: number) => send({ op: 'step', ms }).catch(() => undefined);

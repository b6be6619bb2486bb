/**
 * Canvas actions: each is one call over the wire, and its outcome is printed the way kubectl
 * prints it (`pod "web-…" deleted`, `Error from server (NotFound): …`), so clicking teaches
 * the command.
 */
import { CallError, type SimClient } from '../worker/client';
import type { Call } from '../worker/protocol';
import { setOutcome } from './state/store';

let client: SimClient | null = null;

export function setClient(c: SimClient | null): void {
  client = c;
}

export function send<T = unknown>(call: Call): Promise<T> {
  if (!client) return Promise.reject(new Error('the simulation is not running'));
  return client.send<T>(call);
}

/** How kubectl prints a failed request. */
export function kubectlError(e: unknown): string {
  if (e instanceof CallError && e.reason) return `Error from server (${e.reason}): ${e.message}`;
  return `error: ${e instanceof Error ? e.message : String(e)}`;
}

export function kubectlDeletePodLine(namespace: string, name: string): string {
  return namespace === 'default' ? `kubectl delete pod ${name}` : `kubectl delete pod ${name} -n ${namespace}`;
}

export async function deletePod(namespace: string, name: string): Promise<void> {
  try {
    await send({ op: 'deletePod', namespace, name });
    setOutcome({ ok: true, text: `pod "${name}" deleted` });
  } catch (e) {
    setOutcome({ ok: false, text: kubectlError(e) });
  }
}

export async function powerMachine(name: string, on: boolean): Promise<void> {
  try {
    await send({ op: 'powerMachine', name, on });
    setOutcome({ ok: true, text: on ? `machine ${name} powered on: it boots, and its kubelet registers again` : `machine ${name} powered off: its kubelet stops posting status` });
  } catch (e) {
    setOutcome({ ok: false, text: kubectlError(e) });
  }
}

export const setSpeed = (speed: number) => send({ op: 'setSpeed', speed }).catch(() => undefined);
export const pause = () => send({ op: 'pause' }).catch(() => undefined);
export const resume = () => send({ op: 'resume' }).catch(() => undefined);

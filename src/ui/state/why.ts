/**
 * Plain-language answers to "why is this pod like this?", read from the object itself — the
 * container states and conditions kubectl shows — so each sentence points at a real field.
 * Pure; the scheduler's per-node record comes separately (the inspector's Why tab).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { podColumns } from './podstatus';

export function explainPod(pod: Pod): string[] {
  const out: string[] = [];
  const cols = podColumns(pod);
  const st = pod.status;
  const scheduled = st?.conditions?.find((c) => c.type === 'PodScheduled');
  if (pod.metadata?.deletionTimestamp) {
    out.push(
      st?.reason === 'NodeLost' || cols.status === 'Unknown'
        ? 'Being deleted, but its node stopped reporting: no kubelet can confirm the containers stopped, so the object stays until the node comes back or the pod is force-deleted.'
        : `Being deleted: its containers got SIGTERM and have ${pod.metadata.deletionGracePeriodSeconds ?? 30} s to stop before SIGKILL; the kubelet then removes the object.`,
    );
  }
  if (!pod.spec?.nodeName) {
    if (scheduled?.reason === 'Unschedulable') out.push('Pending: the scheduler found no node that fits (see the per-node reasons below); it retries when the cluster changes.');
    else if (scheduled?.reason === 'SchedulingGated') out.push('Pending: scheduling gates hold it back until they are removed.');
    else out.push('Pending: waiting for the scheduler to bind it to a node.');
  }
  for (const cs of [...(st?.initContainerStatuses ?? []), ...(st?.containerStatuses ?? [])]) {
    const w = cs.state?.waiting?.reason;
    const last = cs.lastState?.terminated;
    if (w === 'CrashLoopBackOff')
      out.push(`Container ${cs.name} keeps exiting${last ? ` (last exit code ${last.exitCode}${last.reason ? `, ${last.reason}` : ''})` : ''}: the kubelet waits longer before each restart (10 s, doubling, up to 5 min).`);
    else if (w === 'ErrImagePull' || w === 'ImagePullBackOff') {
      const image = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === cs.name)?.image ?? cs.image;
      out.push(`Container ${cs.name}: the image "${image}" could not be pulled; the kubelet retries with back-off. Check the name and tag.`);
    }
    else if (w === 'ContainerCreating') out.push(`Container ${cs.name} is being created: the sandbox and image pull come first.`);
    else if (cs.state?.running && !cs.ready && !pod.metadata?.deletionTimestamp) out.push(`Container ${cs.name} runs but is not ready: its readiness probe has not passed, so Services send it no traffic.`);
    else if (cs.state?.running && cs.restartCount > 0 && last) out.push(`Container ${cs.name} restarted ${cs.restartCount} time${cs.restartCount === 1 ? '' : 's'}; the last instance exited with code ${last.exitCode}${last.reason ? ` (${last.reason})` : ''}.`);
  }
  if (!out.length && cols.status === 'Running' && cols.ready === cols.total) out.push(`Running and ready on ${pod.spec?.nodeName}: every container started and passes its probes.`);
  return out;
}

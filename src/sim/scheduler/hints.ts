/**
 * Which cluster events may make an unschedulable pod schedulable — the plugins' QueueingHints
 * (`EventsToRegister` + `isSchedulableAfter…`), simplified: for each plugin that rejected the pod
 * last time, a cheap check of the changed node or pod. "Maybe" means the pod is retried (after
 * its back-off); an event none of its rejectors cares about leaves it waiting (at most 5 min).
 */
import type { Node } from '../api/types';
import { deepEqual } from '../util/immutable';
import type { NodeInfo } from './nodeinfo';
import type { PodInfo } from './podinfo';
import { nodeMatchesPod } from './plugins/nodeaffinity';
import { untoleratedTaint } from './plugins/tainttoleration';
import { NodeUnschedulable } from './plugins/nodeunschedulable';

export interface NodeChange {
  added: boolean;
  allocatable: boolean;
  labels: boolean;
  taints: boolean;
  unschedulable: boolean;
}

/** What changed between two versions of a Node that scheduling could care about. */
export function nodeChange(old: Node | undefined, cur: Node): NodeChange | null {
  if (!old) return { added: true, allocatable: true, labels: true, taints: true, unschedulable: true };
  const c: NodeChange = {
    added: false,
    allocatable: !deepEqual(old.status?.allocatable, cur.status?.allocatable),
    labels: !deepEqual(old.metadata?.labels, cur.metadata?.labels),
    taints: !deepEqual(old.spec?.taints, cur.spec?.taints),
    unschedulable: !!old.spec?.unschedulable !== !!cur.spec?.unschedulable,
  };
  return c.allocatable || c.labels || c.taints || c.unschedulable ? c : null;
}

const unschedulable = new NodeUnschedulable();

/** Whether the node change may help a pod rejected by `plugin`. */
export function nodeEventHelps(plugin: string, pod: PodInfo, node: NodeInfo, c: NodeChange): boolean {
  switch (plugin) {
    case 'NodeUnschedulable':
      return (c.added || c.unschedulable || c.taints) && !unschedulable.filter(pod, node);
    case 'TaintToleration':
      return (c.added || c.taints) && !untoleratedTaint(pod, node);
    case 'NodeAffinity':
      return (c.added || c.labels) && nodeMatchesPod(pod, node);
    case 'NodeResourcesFit':
      return (c.added || c.allocatable) && pod.spec.cpu <= node.allocCpu && pod.spec.memory <= node.allocMemory && node.allocPods > 0;
    case 'PodTopologySpread':
      return c.added || c.labels;
    default:
      return c.added;
  }
}

/** A bound pod went away (deleted or finished): room, ports, or spread may have changed. */
export function podGoneHelps(plugin: string): boolean {
  return plugin === 'NodeResourcesFit' || plugin === 'NodePorts' || plugin === 'PodTopologySpread' || plugin === 'VolumeRestrictions' || plugin === 'NodeVolumeLimits';
}

/** A pod was bound (or its labels changed): only spreading can care. */
export function podBoundHelps(plugin: string): boolean {
  return plugin === 'PodTopologySpread';
}

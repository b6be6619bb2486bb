/**
 * How the node lifecycle controller judges one node's health (`tryUpdateNodeHealth` in
 * `node_lifecycle_controller.go`), as a pure function of the Node, its Lease, what the
 * controller saw last time, and the time.
 *
 * The controller's own clock decides: `probe` is when *it* last saw the Ready heartbeat or the
 * Lease move, not the timestamps the kubelet wrote (that avoids clock skew between machines).
 * No movement for the grace period → every kubelet-owned condition becomes Unknown.
 */
import type { Lease, Node, NodeCondition } from '../api/types';
import { deepEqual } from '../util/immutable';
import { parseTime, rfc3339 } from '../util/time';

export const NODE_MONITOR_GRACE_MS = 50_000;
export const NODE_STARTUP_GRACE_MS = 60_000;

/** the conditions a silent kubelet's node gets as Unknown (NetworkUnavailable is not the kubelet's) */
const KUBELET_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export interface ReadySnap {
  status: string;
  hb?: string;
  ltt?: string;
}

/** What the controller last saw of a node (`nodeHealthData`); times are absolute ms. */
export interface Health {
  probe: number;
  readyTransition: number;
  ready?: ReadySnap;
  /** renewTime of the last Lease seen */
  lease?: string;
}

export interface Judgement {
  /** the Ready condition as found, before any update (a stand-in Unknown if never posted) */
  observed: ReadySnap;
  /** the Ready condition after the judgement; undefined while a never-posted node is in grace */
  current?: ReadySnap;
  health: Health;
  /** the status to write, when the node must be marked Unknown */
  status?: Node['status'];
}

export function readyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready');
}

export function snap(c: NodeCondition): ReadySnap {
  return { status: c.status, hb: c.lastHeartbeatTime, ltt: c.lastTransitionTime };
}

export function judgeNode(node: Node, lease: Lease | undefined, last: Health | undefined, now: number): Judgement {
  const created = parseTime(node.metadata?.creationTimestamp);
  let h = last;
  const cur = readyCondition(node);
  let observed: ReadySnap;
  let grace: number;
  if (!cur) {
    // never posted: a stand-in Unknown condition dated at creation, and the startup grace
    observed = { status: 'Unknown', hb: node.metadata?.creationTimestamp, ltt: node.metadata?.creationTimestamp };
    grace = NODE_STARTUP_GRACE_MS;
    h = h ? { ...h, ready: undefined } : { probe: created, readyTransition: created };
  } else {
    observed = snap(cur);
    grace = NODE_MONITOR_GRACE_MS;
  }
  const saved = h?.ready;
  const savedLease = h?.lease;
  // a fresh record forgets the Lease, so the next pass counts it as renewed — as the source does
  if (!h) h = { probe: now, readyTransition: now, ready: cur && snap(cur) };
  else if (!saved && cur) h = { probe: now, readyTransition: now, ready: snap(cur) };
  else if (saved && !cur) h = { probe: now, readyTransition: now };
  else if (saved && cur && saved.hb !== cur.lastHeartbeatTime) {
    h = { probe: now, readyTransition: saved.ltt !== cur.lastTransitionTime ? now : h.readyTransition, ready: snap(cur) };
  }
  // a renewed Lease counts as a heartbeat too: it is what the kubelet sends every 10 s
  const renew = lease?.spec?.renewTime;
  if (renew && (!savedLease || parseTime(savedLease) < parseTime(renew))) h = { ...h, lease: renew, probe: now };

  // `now.After(probe + grace)`: real passes drift a little later each period, so the pass
  // exactly `grace` after the probe is already after it
  if (now - h.probe < grace) return { observed, current: cur && snap(cur), health: h };
  const nowTs = rfc3339(now);
  const conditions: NodeCondition[] = [...(node.status?.conditions ?? [])];
  for (const type of KUBELET_CONDITIONS) {
    const i = conditions.findIndex((c) => c.type === type);
    if (i < 0) {
      conditions.push({ type, status: 'Unknown', lastHeartbeatTime: node.metadata?.creationTimestamp, lastTransitionTime: nowTs, reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' });
    } else if (conditions[i].status !== 'Unknown') {
      conditions[i] = { ...conditions[i], status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: nowTs };
    }
  }
  const next = conditions.find((c) => c.type === 'Ready')!;
  // only a changed Ready condition is written (the other conditions ride along)
  if (cur && deepEqual(next, cur)) return { observed, current: snap(next), health: h };
  return {
    observed,
    current: snap(next),
    health: { probe: h.probe, readyTransition: now, ready: snap(next), lease: renew },
    status: { ...node.status, conditions },
  };
}

/**
 * Notable moments for the timeline strip, derived from watch events as a user of real Kubernetes
 * would spot them: a Node's Ready condition flipping, the taint manager evicting a pod
 * (`TaintManagerEviction` Events), a Deployment starting or finishing a rollout (its
 * `Progressing` condition naming a new ReplicaSet / reaching `NewReplicaSetAvailable`), and the
 * learner's own actions (from the input log).
 */
import type { Deployment, Event, KObject, Node } from '../../sim/api/types';
import type { StoreEvent } from '../../sim/store/store';

export type MarkerKind = 'node-not-ready' | 'node-ready' | 'pod-evicted' | 'rollout-started' | 'rollout-finished' | 'rollout-stuck' | 'action';

export interface Marker {
  /** virtual ms */
  t: number;
  kind: MarkerKind;
  text: string;
  /** the object concerned: `resource/namespace/name` */
  object?: string;
}

function readyStatus(n: KObject | undefined): string | undefined {
  return (n as Node | undefined)?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
}

function progressing(d: KObject | undefined): { reason?: string; rs?: string } | undefined {
  const c = (d as Deployment | undefined)?.status?.conditions?.find((x) => x.type === 'Progressing');
  if (!c) return undefined;
  // every Progressing message names the ReplicaSet the rollout is heading to, in quotes
  return { reason: c.reason, rs: /"([^"]+)"/.exec(c.message ?? '')?.[1] };
}

/**
 * Turns watch events into markers. Keeps which Deployments are mid-rollout, so a scale (which
 * also passes through `ReplicaSetUpdated`) is not reported as a finished rollout.
 */
export class MarkerDeriver {
  private readonly rolling = new Set<string>();

  /** After a restore: Deployments whose Progressing reason is not yet "available" are rolling. */
  reset(deployments: Iterable<KObject>): void {
    this.rolling.clear();
    for (const d of deployments) {
      const p = progressing(d);
      if (p && p.reason !== 'NewReplicaSetAvailable' && p.reason !== 'ProgressDeadlineExceeded') this.rolling.add(d.metadata?.uid ?? '');
    }
  }

  derive(e: StoreEvent, t: number): Marker | undefined {
    const md = e.object.metadata;
    const ref = `${e.resource}/${md?.namespace ?? ''}/${md?.name ?? ''}`;
    if (e.resource === 'nodes' && e.type === 'MODIFIED') {
      const before = readyStatus(e.old);
      const after = readyStatus(e.object);
      if (before === after || after === undefined) return undefined;
      if (after === 'True') return { t, kind: 'node-ready', text: `${md?.name} Ready`, object: ref };
      if (before === 'True') return { t, kind: 'node-not-ready', text: `${md?.name} NotReady`, object: ref };
      return undefined;
    }
    if (e.resource === 'events' && e.type === 'ADDED') {
      const ev = e.object as Event;
      if (ev.reason !== 'TaintManagerEviction' || !ev.message?.startsWith('Marking for deletion')) return undefined;
      const pod = ev.involvedObject;
      return { t, kind: 'pod-evicted', text: `pod ${pod?.namespace}/${pod?.name} evicted (node unreachable)`, object: `pods/${pod?.namespace ?? ''}/${pod?.name ?? ''}` };
    }
    if (e.resource === 'deployments') {
      const uid = md?.uid ?? '';
      if (e.type === 'DELETED') {
        this.rolling.delete(uid);
        return undefined;
      }
      const before = progressing(e.old);
      const after = progressing(e.object);
      if (!after || (before?.reason === after.reason && before?.rs === after.rs)) return undefined;
      if (after.reason === 'NewReplicaSetAvailable') {
        if (!this.rolling.delete(uid)) return undefined;
        return { t, kind: 'rollout-finished', text: `deployment ${md?.name} rolled out (${after.rs ?? 'new ReplicaSet'} available)`, object: ref };
      }
      if (after.reason === 'ProgressDeadlineExceeded') {
        this.rolling.delete(uid);
        return { t, kind: 'rollout-stuck', text: `deployment ${md?.name} exceeded its progress deadline`, object: ref };
      }
      if (after.rs && after.rs !== before?.rs) {
        this.rolling.add(uid);
        return { t, kind: 'rollout-started', text: `deployment ${md?.name} rolling out ${after.rs}`, object: ref };
      }
      // a scale of a finished rollout passes through ReplicaSetUpdated: not a rollout
      return undefined;
    }
    return undefined;
  }
}

/**
 * TaintToleration (`plugins/tainttoleration`).
 * Filter: the first NoSchedule/NoExecute taint the pod does not tolerate rejects the node,
 * reported as `node(s) had untolerated taint {key: value}`.
 * Score (weight 3): the number of PreferNoSchedule taints the pod does not tolerate, normalised
 * in reverse — fewer is better; with none anywhere every node gets 100.
 */
import type { NodeInfo } from '../nodeinfo';
import { tolerates, type PodInfo } from '../podinfo';
import { defaultNormalize, status, type FilterPlugin, type ScorePlugin, type Status } from '../types';

const byTaint = new Map<string, Status>();

/** One shared Status per distinct taint (the reason text names it). */
function untolerated(key: string, value: string): Status {
  const k = `${key}\u0000${value}`;
  let s = byTaint.get(k);
  if (!s) byTaint.set(k, (s = status('UnschedulableAndUnresolvable', `node(s) had untolerated taint {${key}: ${value}}`)));
  return s;
}

export function untoleratedTaint(pod: PodInfo, node: NodeInfo): { key: string; value: string; effect: string } | undefined {
  const tols = pod.spec.tolerations;
  outer: for (const t of node.hardTaints) {
    for (const tol of tols) if (tolerates(tol, t.key, t.value, t.effect)) continue outer;
    return t;
  }
  return undefined;
}

export class TaintToleration implements FilterPlugin, ScorePlugin {
  readonly name = 'TaintToleration';
  readonly weight = 3;

  filter(pod: PodInfo, node: NodeInfo): Status | null {
    if (node.hardTaints.length === 0) return null;
    const t = untoleratedTaint(pod, node);
    return t ? untolerated(t.key, t.value) : null;
  }

  score(pod: PodInfo, node: NodeInfo): number {
    let n = 0;
    outer: for (const t of node.preferNoSchedule) {
      for (const tol of pod.spec.tolerations) {
        if ((tol.effect === '' || tol.effect === 'PreferNoSchedule') && tolerates(tol, t.key, t.value, t.effect)) continue outer;
      }
      n++;
    }
    return n;
  }

  normalize(scores: Float64Array, count: number): void {
    defaultNormalize(scores, count, true);
  }
}

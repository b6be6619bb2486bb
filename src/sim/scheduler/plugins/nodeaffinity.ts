/**
 * NodeAffinity (`plugins/nodeaffinity`).
 * PreFilter: terms that name nodes narrow the cycle to them (PreFilterResult).
 * Filter: `spec.nodeSelector` (every pair) and requiredDuringScheduling node affinity (any one
 * term; within a term every expression and field requirement) must match the node.
 * Score (weight 2): the sum of the weights of the preferred terms the node matches, normalised
 * by the best node. Skipped for pods without preferred terms, as the real PreScore does.
 */
import type { NodeInfo } from '../nodeinfo';
import type { NodeRequirement, NodeTerm, PodInfo } from '../podinfo';
import { defaultNormalize, status, type FilterPlugin, type PreFilterResult, type ScorePlugin, type Status } from '../types';

export const REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
const MISMATCH = status('UnschedulableAndUnresolvable', REASON_NODE_AFFINITY);

function requirementMatches(r: NodeRequirement, value: string | undefined): boolean {
  switch (r.op) {
    case 'In':
      return value !== undefined && r.values.includes(value);
    case 'NotIn':
      return value === undefined || !r.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || r.values.length !== 1) return false;
      const a = Number.parseInt(value, 10);
      const b = Number.parseInt(r.values[0], 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.op === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** A term with no requirements at all matches no node (`nodeSelectorTerm` semantics). */
export function termMatches(t: NodeTerm, node: NodeInfo): boolean {
  if (t.expressions.length === 0 && t.fields.length === 0) return false;
  const labels = node.labels;
  for (const r of t.expressions) if (!requirementMatches(r, Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined)) return false;
  for (const r of t.fields) if (!requirementMatches(r, r.key === 'metadata.name' ? node.name : undefined)) return false;
  return true;
}

/** nodeSelector and required affinity together: what the filter (and the queue's hint) checks. */
export function nodeMatchesPod(pod: PodInfo, node: NodeInfo): boolean {
  const sel = pod.spec.nodeSelector;
  if (sel) for (const [k, v] of sel) if (node.labels[k] !== v) return false;
  const req = pod.spec.required;
  if (req) {
    let any = false;
    for (const t of req) {
      if (termMatches(t, node)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

export class NodeAffinity implements FilterPlugin, ScorePlugin {
  readonly name = 'NodeAffinity';
  readonly weight = 2;

  /**
   * Every required term naming nodes (`matchFields metadata.name In [...]`, as the DaemonSet
   * controller pins its pods) limits the cycle to those nodes; a term without one allows all.
   */
  preFilter(pod: PodInfo): 'skip' | PreFilterResult | void {
    if (!pod.spec.nodeSelector && !pod.spec.required) return 'skip';
    const req = pod.spec.required;
    if (!req?.length) return;
    const names = new Set<string>();
    for (const t of req) {
      let termNames: Set<string> | undefined;
      for (const r of t.fields) {
        if (r.key !== 'metadata.name' || r.op !== 'In') continue;
        termNames = termNames ? new Set(r.values.filter((v) => termNames!.has(v))) : new Set(r.values);
      }
      if (!termNames) return;
      for (const n of termNames) names.add(n);
    }
    return { nodeNames: [...names] };
  }

  filter(pod: PodInfo, node: NodeInfo): Status | null {
    return nodeMatchesPod(pod, node) ? null : MISMATCH;
  }

  preScore(pod: PodInfo): 'skip' | void {
    if (!pod.spec.preferred) return 'skip';
  }

  score(pod: PodInfo, node: NodeInfo): number {
    let s = 0;
    for (const p of pod.spec.preferred ?? []) if (termMatches(p.term, node)) s += p.weight;
    return s;
  }

  normalize(scores: Float64Array, count: number): void {
    defaultNormalize(scores, count, false);
  }
}

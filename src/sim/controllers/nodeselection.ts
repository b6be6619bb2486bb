/**
 * Does a pod template fit a Node object by labels and taints alone? The DaemonSet controller's
 * `NodeShouldRunDaemonPod` asks this of every node (nodeSelector, required node affinity, and
 * the NoSchedule/NoExecute taints the pod must tolerate) — resources are the scheduler's affair.
 */
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Taint, Toleration } from 'kubernetes-types/core/v1';
import { toleratesTaint } from './taints';

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  // an empty term matches nothing
  if (!exprs.length && !fields.length) return false;
  for (const r of exprs) if (!requirementMatches(r, labels[r.key])) return false;
  for (const r of fields) if (!requirementMatches(r, r.key === 'metadata.name' ? node.metadata?.name : undefined)) return false;
  return true;
}

/** nodeSelector and requiredDuringScheduling node affinity. */
export function nodeMatchesSelectors(spec: PodSpec | undefined, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const req = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req) return (req.nodeSelectorTerms ?? []).some((t) => termMatches(t, node));
  return true;
}

/** The taints of `effects` that none of `tolerations` tolerates. */
export function untolerated(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined, effects: readonly string[]): Taint[] {
  return (taints ?? []).filter((t) => effects.includes(t.effect) && !(tolerations ?? []).some((tol) => toleratesTaint(tol, t)));
}

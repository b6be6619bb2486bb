/**
 * PodTopologySpread (`plugins/podtopologyspread`), explicit constraints only.
 * Filter (`whenUnsatisfiable: DoNotSchedule`): placing the pod must keep
 * `pods matching in this domain + 1 − fewest in any domain ≤ maxSkew`; a node without the
 * topology label is rejected as `(missing required label)`.
 * Score (`ScheduleAnyway`, weight 2): matching pods in the node's domain, weighted by
 * log(domains + 2), normalised so the emptiest domain scores 100.
 *
 * Approximated (see README): no cluster-default constraints for pods without their own
 * (the real plugin spreads Service/ReplicaSet pods over hostname and zone by default);
 * `matchLabelKeys` and `nodeTaintsPolicy: Honor` are ignored; `nodeAffinityPolicy` is always
 * Honor (the default). Counting walks every bound pod, so it costs O(pods) per pod that has
 * constraints — fine for lessons, not for 150,000-pod benchmarks (whose pods have none).
 */
import { matchesRequirements } from '../../api/labels';
import type { Pod } from '../../api/types';
import type { Store } from '../../store/store';
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo, SpreadConstraint } from '../podinfo';
import { nodeMatchesPod } from './nodeaffinity';
import { status, type CycleState, type FilterPlugin, type ScorePlugin, type Status } from '../types';

// a module-local copy: imported bindings cost a getter call per use under some loaders (tsx)
const MAX_SCORE = 100;

export const REASON_SPREAD = "node(s) didn't match pod topology spread constraints";
export const REASON_SPREAD_LABEL = `${REASON_SPREAD} (missing required label)`;
const NOT_MATCH = status('Unschedulable', REASON_SPREAD);
const MISSING_LABEL = status('UnschedulableAndUnresolvable', REASON_SPREAD_LABEL);

interface Counts {
  constraints: SpreadConstraint[];
  /** per constraint: domain value → matching pods */
  counts: Map<string, number>[];
  /** per constraint: fewest matching pods in a domain (0 when fewer domains than minDomains) */
  min: number[];
  selfMatch: number[];
}

interface ScoreState {
  constraints: SpreadConstraint[];
  counts: Map<string, number>[];
  weights: number[];
  ignored: Set<NodeInfo>;
}

export class PodTopologySpread implements FilterPlugin, ScorePlugin {
  readonly name = 'PodTopologySpread';
  readonly weight = 2;

  constructor(private readonly store: Store) {}

  private countMatching(pod: PodInfo, node: NodeInfo, c: SpreadConstraint): number {
    if (!c.selector) return 0;
    let n = 0;
    for (const p of this.store.podsOn<Pod>(node.name)) {
      if (p.metadata?.namespace !== pod.namespace || p.metadata?.deletionTimestamp) continue;
      const phase = p.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      if (matchesRequirements(c.selector, p.metadata?.labels)) n++;
    }
    return n;
  }

  /** Domains and their counts over the nodes that qualify (have every key, match affinity). */
  private count(pod: PodInfo, constraints: SpreadConstraint[], nodes: readonly NodeInfo[]): Map<string, number>[] {
    const counts = constraints.map(() => new Map<string, number>());
    for (const node of nodes) {
      if (!nodeMatchesPod(pod, node)) continue;
      if (!constraints.every((c) => node.labels[c.topologyKey] !== undefined)) continue;
      constraints.forEach((c, i) => {
        const v = node.labels[c.topologyKey];
        counts[i].set(v, (counts[i].get(v) ?? 0) + this.countMatching(pod, node, c));
      });
    }
    return counts;
  }

  preFilter(pod: PodInfo, state: CycleState, nodes: readonly NodeInfo[]): 'skip' | void {
    const hard = pod.spec.spread?.filter((c) => c.hard);
    if (!hard?.length) return 'skip';
    const counts = this.count(pod, hard, nodes);
    const min = hard.map((c, i) => {
      if (counts[i].size < c.minDomains) return 0;
      let m = Infinity;
      for (const v of counts[i].values()) m = Math.min(m, v);
      return m === Infinity ? 0 : m;
    });
    const selfMatch = hard.map((c) => (c.selector && matchesRequirements(c.selector, pod.labels) ? 1 : 0));
    state.spread = { constraints: hard, counts, min, selfMatch } satisfies Counts;
  }

  filter(_pod: PodInfo, node: NodeInfo, state: CycleState): Status | null {
    const s = state.spread as Counts;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      const v = node.labels[c.topologyKey];
      if (v === undefined) return MISSING_LABEL;
      const skew = (s.counts[i].get(v) ?? 0) + s.selfMatch[i] - s.min[i];
      if (skew > c.maxSkew) return NOT_MATCH;
    }
    return null;
  }

  preScore(pod: PodInfo, state: CycleState, nodes: readonly NodeInfo[], count: number): 'skip' | void {
    const soft = pod.spec.spread?.filter((c) => !c.hard);
    if (!soft?.length) return 'skip';
    const feasible = nodes.slice(0, count);
    const ignored = new Set<NodeInfo>();
    for (const n of feasible) if (!soft.every((c) => n.labels[c.topologyKey] !== undefined)) ignored.add(n);
    const counted = feasible.filter((n) => !ignored.has(n));
    const counts = this.count(pod, soft, counted);
    const weights = soft.map((c, i) => Math.log((c.topologyKey === 'kubernetes.io/hostname' ? counted.length : counts[i].size) + 2));
    state.spreadScore = { constraints: soft, counts, weights, ignored } satisfies ScoreState;
  }

  score(_pod: PodInfo, node: NodeInfo, state: CycleState): number {
    const s = state.spreadScore as ScoreState;
    if (s.ignored.has(node)) return -1;
    let score = 0;
    s.constraints.forEach((c, i) => {
      const v = node.labels[c.topologyKey];
      score += (s.counts[i].get(v) ?? 0) * s.weights[i] + (c.maxSkew - 1);
    });
    return Math.round(score);
  }

  normalize(scores: Float64Array, count: number): void {
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < count; i++) {
      if (scores[i] < 0) continue;
      min = Math.min(min, scores[i]);
      max = Math.max(max, scores[i]);
    }
    for (let i = 0; i < count; i++) {
      if (scores[i] < 0) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_SCORE;
      else scores[i] = Math.trunc((MAX_SCORE * (max + min - scores[i])) / max);
    }
  }
}

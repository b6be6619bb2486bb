/**
 * One scheduling cycle (`schedule_one.go` schedulePod / findNodesThatFitPod / prioritizeNodes /
 * selectHost): PreFilter → Filter over the nodes, from a rotating start index, until enough
 * feasible nodes are found (adaptive percentageOfNodesToScore) → PreScore/Score/Normalize on the
 * feasible ones → the highest weighted sum wins, ties broken at random.
 *
 * The per-node loop is the hot path of the whole simulation: it allocates nothing per node
 * (shared Status objects, reused score buffers) and calls only the plugins that did not Skip.
 */
import type { Random } from '../random';
import type { NodeInfo } from './nodeinfo';
import type { PodInfo } from './podinfo';
import type { CycleState, FilterPlugin, ScorePlugin, Status } from './types';

/** Full per-node detail is kept in the decision record up to this many nodes. */
export const DETAIL_NODES = 100;
const TOP_SCORES = 10;
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

/** `numFeasibleNodesToFind` with percentageOfNodesToScore = 0 (adaptive, the default). */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  const pct = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - Math.trunc(numAllNodes / 125));
  const n = Math.trunc((numAllNodes * pct) / 100);
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, n);
}

export interface FilterRecord {
  node: string;
  plugin: string;
  reason: string;
}

export interface ScoreRecord {
  node: string;
  total: number;
  /** each plugin's normalised score × its weight (they add up to total) */
  byPlugin: Record<string, number>;
}

/** A node that failed only for reasons preemption might fix. */
export interface ResolvableFailure {
  node: NodeInfo;
  status: Status;
}

export interface CycleOutcome {
  node?: string;
  nodesTotal: number;
  evaluated: number;
  feasible: number;
  /** a PreFilter rejected the pod on every node (message without counts) */
  preFilterMsg?: string;
  /** failure reason → number of nodes */
  reasonCounts: Map<string, number>;
  /** plugins that rejected the pod somewhere (the queue requeues on their events) */
  rejectors: Set<string>;
  resolvable: ResolvableFailure[];
  filtered: FilterRecord[];
  scores: ScoreRecord[];
  /** what PreFilter computed and which filters ran (preemption re-runs them) */
  state: CycleState;
  active: FilterPlugin[];
}

/** Position (never 0: the chosen node) of the lowest total in `idx`. */
function worstOf(idx: number[], totals: Float64Array): number {
  let worst = 1;
  for (let j = 2; j < idx.length; j++) if (totals[idx[j]] < totals[idx[worst]]) worst = j;
  return worst;
}

export class Framework {
  private nextStart = 0;
  /** reused across cycles and never truncated: regrowing it cost ~17 KB of garbage per pod at 5,000 nodes */
  private feasibleBuf: NodeInfo[] = [];
  private buffers: Float64Array[] = [];
  private totals = new Float64Array(0);

  constructor(
    readonly filters: readonly FilterPlugin[],
    readonly scorers: readonly ScorePlugin[],
    private readonly random: Random,
  ) {}

  /** Where the next search starts (part of the scheduler's snapshot). */
  get startIndex(): number {
    return this.nextStart;
  }
  set startIndex(v: number) {
    this.nextStart = v;
  }

  /** Runs every filter on one node: the first failing plugin's status, or null. */
  runFilters(pod: PodInfo, node: NodeInfo, state: CycleState, active: readonly FilterPlugin[] = this.filters): { plugin: string; status: Status } | null {
    for (const f of active) {
      const s = f.filter(pod, node, state);
      if (s) return { plugin: f.name, status: s };
    }
    return null;
  }

  /** `lookup` finds a node by name (for PreFilter results); without it the list is scanned. */
  schedule(pod: PodInfo, allNodes: readonly NodeInfo[], nominated?: NodeInfo, lookup?: (name: string) => NodeInfo | undefined): CycleOutcome {
    const all = allNodes.length;
    const detail = all <= DETAIL_NODES;
    const out: CycleOutcome = {
      nodesTotal: all,
      evaluated: 0,
      feasible: 0,
      reasonCounts: new Map(),
      rejectors: new Set(),
      resolvable: [],
      filtered: [],
      scores: [],
      state: {},
      active: [],
    };
    if (all === 0) return out;
    const state = out.state;

    // PreFilter: plugins with nothing to check for this pod drop out of the cycle
    const active = out.active;
    let only: Set<string> | undefined;
    const narrowing: string[] = [];
    for (const f of this.filters) {
      const r = f.preFilter ? f.preFilter(pod, state, allNodes) : undefined;
      if (r === 'skip') continue;
      if (r && 'nodeNames' in r) {
        only = only ? new Set(r.nodeNames.filter((x) => only!.has(x))) : new Set(r.nodeNames);
        narrowing.push(f.name);
      } else if (r) {
        out.preFilterMsg = r.reasons.join(', ');
        out.rejectors.add(f.name);
        return out;
      }
      active.push(f);
    }
    // a PreFilter result: only those nodes are filtered; the others count as rejected by it
    let nodes = allNodes;
    if (only) {
      const picked: NodeInfo[] = [];
      if (lookup) {
        for (const name of only) {
          const ni = lookup(name);
          if (ni) picked.push(ni);
        }
        picked.sort((a, b) => a.index - b.index);
      } else for (const ni of allNodes) if (only.has(ni.name)) picked.push(ni);
      nodes = picked;
      const absent = all - picked.length;
      for (const p of narrowing) out.rejectors.add(p);
      if (absent) {
        const reason = `node(s) didn't satisfy plugin(s) [${[...narrowing].sort().join(' ')}]`;
        out.reasonCounts.set(reason, absent);
        if (detail) for (const ni of allNodes) if (!only.has(ni.name)) out.filtered.push({ node: ni.name, plugin: narrowing[0], reason });
      }
    }
    const n = nodes.length;

    // a pod that preempted others tries its nominated node first
    if (nominated && nominated.index >= 0 && !this.runFilters(pod, nominated, state, active)) {
      out.evaluated = 1;
      out.feasible = 1;
      out.node = nominated.name;
      return out;
    }

    // Filter, from a rotating start, until enough feasible nodes are found
    const want = numFeasibleNodesToFind(n);
    const feasible = this.feasibleBuf;
    let count = 0;
    let processed = 0;
    const start = n ? this.nextStart % n : 0;
    let at = start;
    for (; processed < n && count < want; processed++) {
      const node = nodes[at];
      if (++at === n) at = 0;
      let failed: Status | null = null;
      let plugin = '';
      for (let p = 0; p < active.length; p++) {
        failed = active[p].filter(pod, node, state);
        if (failed) {
          plugin = active[p].name;
          break;
        }
      }
      if (!failed) {
        feasible[count++] = node;
        continue;
      }
      out.rejectors.add(plugin);
      for (const r of failed.reasons) out.reasonCounts.set(r, (out.reasonCounts.get(r) ?? 0) + 1);
      if (failed.code === 'Unschedulable') out.resolvable.push({ node, status: failed });
      if (detail) out.filtered.push({ node: node.name, plugin, reason: failed.reasons.join(', ') });
    }
    this.nextStart = n === all ? (start + processed) % n : (this.nextStart + processed) % all;
    out.evaluated = processed;
    out.feasible = count;
    if (count === 0) return out;
    if (count === 1) {
      out.node = feasible[0].name;
      return out;
    }

    // Score
    if (this.totals.length < count) this.totals = new Float64Array(Math.max(count, 2 * this.totals.length));
    const totals = this.totals;
    totals.fill(0, 0, count);
    const used: ScorePlugin[] = [];
    let usedMask = 0;
    for (let si = 0; si < this.scorers.length; si++) {
      const s = this.scorers[si];
      if (s.preScore && s.preScore(pod, state, feasible, count) === 'skip') continue;
      usedMask |= 1 << si;
      const k = used.length;
      if (!this.buffers[k] || this.buffers[k].length < count) this.buffers[k] = new Float64Array(Math.max(count, 2 * (this.buffers[k]?.length ?? 0)));
      const buf = this.buffers[k];
      for (let i = 0; i < count; i++) buf[i] = s.score(pod, feasible[i], state);
      if (s.normalize) s.normalize(buf, count, state, feasible);
      const w = s.weight;
      for (let i = 0; i < count; i++) totals[i] += buf[i] * w;
      used.push(s);
    }

    // selectHost: the best total; among equals each has the same chance (one draw)
    let max = totals[0];
    let ties = 1;
    for (let i = 1; i < count; i++) {
      const t = totals[i];
      if (t > max) {
        max = t;
        ties = 1;
      } else if (t === max) ties++;
    }
    let pick = ties > 1 ? this.random.int(ties) : 0;
    let best = 0;
    for (let i = 0; i < count; i++) {
      if (totals[i] === max && pick-- === 0) {
        best = i;
        break;
      }
    }
    out.node = feasible[best].name;
    out.scores = this.scoreRecords(feasible, count, used, usedMask, detail, best);
    return out;
  }

  private scoreRecords(feasible: NodeInfo[], count: number, used: ScorePlugin[], usedMask: number, detail: boolean, best: number): ScoreRecord[] {
    const totals = this.totals;
    let idx: number[];
    if (detail) idx = Array.from({ length: count }, (_, i) => i);
    else {
      // the chosen node and the other best nine, without sorting hundreds of nodes
      // `worst` is kept between nodes and looked for again only after a replacement: most
      // nodes lose against the current worst in one comparison
      idx = [best];
      let worst = -1;
      for (let i = 0; i < count; i++) {
        if (i === best) continue;
        if (idx.length < TOP_SCORES) {
          idx.push(i);
          continue;
        }
        if (worst < 0) worst = worstOf(idx, totals);
        if (totals[i] > totals[idx[worst]]) {
          idx[worst] = i;
          worst = -1;
        }
      }
    }
    idx.sort((a, b) => (a === best ? -1 : b === best ? 1 : totals[b] - totals[a] || a - b));
    const template = this.byPluginTemplate(used, usedMask);
    const records: ScoreRecord[] = new Array(idx.length);
    for (let r = 0; r < idx.length; r++) {
      const i = idx[r];
      // a copy of a template with the keys in place stays a fast object; keys added one by one
      // under computed names would not
      const byPlugin: Record<string, number> = { ...template };
      for (let k = 0; k < used.length; k++) byPlugin[used[k].name] = this.buffers[k][i] * used[k].weight;
      records[r] = { node: feasible[i].name, total: totals[i], byPlugin };
    }
    return records;
  }

  private templates = new Map<number, Record<string, number>>();

  /** `{plugin: 0, …}` for this set of scoring plugins (a bit per plugin), built once per set. */
  private byPluginTemplate(used: readonly ScorePlugin[], mask: number): Record<string, number> {
    let t = this.templates.get(mask);
    if (!t) {
      t = {};
      for (const s of used) t[s.name] = 0;
      this.templates.set(mask, t);
    }
    return t;
  }
}

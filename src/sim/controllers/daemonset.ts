/**
 * The DaemonSet controller (`pkg/controller/daemon`): one pod on every eligible node.
 *
 * - Eligible (`NodeShouldRunDaemonPod`): nodeSelector / required node affinity match, and every
 *   NoSchedule/NoExecute taint tolerated — with the tolerations the controller adds to its pods
 *   (not-ready/unreachable NoExecute *without* tolerationSeconds, so they are never evicted,
 *   disk/memory/pid-pressure and unschedulable NoSchedule, so cordoned nodes keep them).
 * - The pod is NOT bound by the controller: it gets node affinity `metadata.name In [node]`
 *   and the default scheduler places it, as in the real cluster since v1.12.
 * - Nodes that no longer qualify lose their pod (a NoExecute taint; labels); failed pods are
 *   deleted and recreated.
 * - RollingUpdate: pods of an old revision are deleted while at most `maxUnavailable` (default
 *   1) nodes lack an available pod; the next sync recreates them from the new template.
 */
import type { ControllerRevision, DaemonSet, DaemonSetStatus } from 'kubernetes-types/apps/v1';
import type { Node, NodeSelectorTerm, Toleration } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors';
import { selectorMatches } from '../api/labels';
import { controllerOf, isPodAvailable, isPodReady } from '../api/podutil';
import type { KObject, Pod, PodSpec } from '../api/types';
import type { ClusterContext } from '../context';
import type { StoreEvent } from '../store/store';
import { deepEqual } from '../util/immutable';
import { Controller, keyOf, RequeueError, splitKey } from './controller';
import { ensureRevision, HASH_LABEL, ownerRef, REVISION_LABEL, templateOf, truncateHistory } from './history';
import { nodeMatchesSelectors, untolerated } from './nodeselection';

export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
const BURST = 250;
const NONE: readonly Pod[] = [];

const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });
/** `util.AddOrUpdateDaemonPodTolerations`, in the order real DaemonSet pods show them. */
const DAEMON_TOLERATIONS: readonly Toleration[] = [
  exists('node.kubernetes.io/not-ready', 'NoExecute'),
  exists('node.kubernetes.io/unreachable', 'NoExecute'),
  exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
];
const HOST_NETWORK_TOLERATION = exists('node.kubernetes.io/network-unavailable', 'NoSchedule');

export function daemonPodTolerations(spec: PodSpec | undefined): Toleration[] {
  const out = [...(spec?.tolerations ?? [])];
  const extra = spec?.hostNetwork ? [...DAEMON_TOLERATIONS, HOST_NETWORK_TOLERATION] : DAEMON_TOLERATIONS;
  for (const t of extra) {
    const i = out.findIndex((x) => x.key === t.key && x.effect === t.effect);
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

/** `ReplaceDaemonSetPodNodeNameNodeAffinity`: the pod may only go to `node`. */
function pinnedAffinity(spec: PodSpec | undefined, node: string): PodSpec['affinity'] {
  const term: NodeSelectorTerm = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] };
  const affinity = spec?.affinity ?? {};
  return { ...affinity, nodeAffinity: { ...(affinity.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } };
}

function intOrPercent(v: number | string | undefined, total: number, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(v) || 0;
}

export class DaemonSetController extends Controller {
  constructor(ctx: ClusterContext) {
    super('daemonset', ctx, 'daemonset-controller');
    ctx.store.subscribe('daemonsets', (e) => this.queue.add(keyOf(e.object)));
    ctx.store.subscribe('pods', (e) => {
      const ref = controllerOf(e.object) ?? (e.old ? controllerOf(e.old) : undefined);
      if (ref?.kind === 'DaemonSet') this.queue.add(`${e.object.metadata?.namespace}/${ref.name}`);
    });
    ctx.store.subscribe('nodes', (e) => this.onNode(e));
  }

  /** Only what changes eligibility or availability wakes every DaemonSet. */
  private onNode(e: StoreEvent): void {
    const n = e.object as Node;
    const o = e.old as Node | undefined;
    if (e.type === 'MODIFIED' && o && deepEqual(n.metadata?.labels, o.metadata?.labels) && n.spec === o.spec && deepEqual(n.spec, o.spec)) return;
    for (const ds of this.ctx.store.iterate('daemonsets')) this.queue.add(keyOf(ds));
  }

  protected allKeys(): Iterable<string> {
    return [...this.ctx.store.iterate('daemonsets')].map(keyOf);
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const ds = this.ctx.store.get<DaemonSet>('daemonsets', ns, name);
    if (!ds || ds.metadata?.deletionTimestamp) return;
    try {
      this.sync(ds);
    } catch (e) {
      if (e instanceof ApiError) throw new RequeueError(e.message);
      throw e;
    }
  }

  /** node name → this set's pods there (terminating ones included) */
  private podsByNode(ds: DaemonSet): Map<string, Pod[]> {
    const uid = ds.metadata?.uid ?? '';
    const out = new Map<string, Pod[]>();
    for (const p of this.ctx.store.dependents<Pod>(uid)) {
      if (p.kind !== 'Pod' || controllerOf(p)?.uid !== uid || !selectorMatches(ds.spec?.selector, p.metadata?.labels)) continue;
      // an unscheduled pod belongs to the node its affinity names
      const node = p.spec?.nodeName ?? p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0] ?? '';
      let list = out.get(node);
      if (!list) out.set(node, (list = []));
      list.push(p);
    }
    return out;
  }

  private sync(ds: DaemonSet): void {
    const { update, all } = ensureRevision(this.client, this.ctx.store, ds as KObject, ds.spec?.template);
    const hash = update.metadata?.labels?.[HASH_LABEL] ?? '';
    const byNode = this.podsByNode(ds);
    const spec = ds.spec?.template?.spec;
    const tolerations = daemonPodTolerations(spec);
    const toCreate: string[] = [];
    const toDelete: Pod[] = [];
    const eligible: string[] = [];
    for (const node of this.ctx.store.iterate<Node>('nodes')) {
      const name = node.metadata?.name ?? '';
      const all = byNode.get(name);
      const pods = all ? all.filter((p) => !p.metadata?.deletionTimestamp) : NONE;
      const selectorsOk = nodeMatchesSelectors(spec, node);
      const shouldRun = selectorsOk && !untolerated(node.spec?.taints, tolerations, ['NoSchedule', 'NoExecute']).length;
      const shouldContinue = selectorsOk && !untolerated(node.spec?.taints, tolerations, ['NoExecute']).length;
      if (shouldRun) eligible.push(name);
      if (shouldRun && !pods.length) toCreate.push(name);
      else if (!shouldContinue) toDelete.push(...pods);
      else if (pods.length) {
        const failed = pods.filter((p) => p.status?.phase === 'Failed');
        toDelete.push(...failed);
        const alive = pods.filter((p) => p.status?.phase !== 'Failed');
        // more than one: keep the oldest
        if (alive.length > 1) toDelete.push(...alive.slice(1));
      }
    }
    // pods on nodes that no longer exist are pod GC's; unscheduled ones for vanished nodes are ours
    for (const [node, pods] of byNode) if (!this.ctx.store.get('nodes', '', node)) toDelete.push(...pods.filter((p) => !p.spec?.nodeName && !p.metadata?.deletionTimestamp));

    for (const p of toDelete) this.deletePod(ds, p);
    for (const node of toCreate.slice(0, BURST)) this.createPod(ds, node, update, hash, tolerations);
    if (toCreate.length > BURST) this.queue.addAfter(keyOf(ds), 0);

    // one look at the pods per sync while nothing was written (syncs on pod status changes at
    // 5,000 nodes must not walk every pod three times)
    let deleted = false;
    if (!toCreate.length && !toDelete.length && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') deleted = this.rollingUpdate(ds, eligible, hash, byNode);
    const after = toCreate.length || toDelete.length || deleted ? this.podsByNode(ds) : byNode;
    this.writeStatus(ds, eligible, after, hash);
    const live = new Set<string>([update.metadata?.name ?? '']);
    for (const r of all) if ([...after.values()].some((ps) => ps.some((p) => p.metadata?.labels?.[REVISION_LABEL] === r.metadata?.labels?.[HASH_LABEL]))) live.add(r.metadata?.name ?? '');
    truncateHistory(this.client, all, live, ds.spec?.revisionHistoryLimit ?? 10);
  }

  /** `rollingUpdate` with maxSurge 0: delete outdated pods while the unavailability budget allows. Returns whether it deleted any. */
  private rollingUpdate(ds: DaemonSet, eligible: string[], hash: string, byNode: Map<string, Pod[]>): boolean {
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const now = this.ctx.nowMs();
    const maxUnavailable = intOrPercent(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable as number | string | undefined, eligible.length, 1) || 1;
    let unavailable = 0;
    const oldAvailable: Pod[] = [];
    const oldUnavailable: Pod[] = [];
    for (const node of eligible) {
      const pods = byNode.get(node) ?? [];
      const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
      const p = live[0];
      const available = !!p && isPodAvailable(p, minReady, now);
      if (!available) unavailable++;
      if (!p || p.metadata?.labels?.[REVISION_LABEL] === hash) continue;
      (available ? oldAvailable : oldUnavailable).push(p);
    }
    // outdated pods that are not available anyway go at once
    let deleted = oldUnavailable.length > 0;
    for (const p of oldUnavailable) this.deletePod(ds, p);
    for (const p of oldAvailable) {
      if (unavailable >= maxUnavailable) break;
      this.deletePod(ds, p);
      deleted = true;
      unavailable++;
    }
    if (minReady) this.queue.addAfter(keyOf(ds), minReady * 1000);
    return deleted;
  }

  private createPod(ds: DaemonSet, node: string, rev: ControllerRevision, hash: string, tolerations: Toleration[]): void {
    const template = templateOf(rev) ?? ds.spec?.template;
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${ds.metadata?.name}-`,
        namespace: ds.metadata?.namespace,
        labels: { ...(template?.metadata?.labels ?? {}), [REVISION_LABEL]: hash, [TEMPLATE_GENERATION_LABEL]: String(ds.metadata?.generation ?? 1) },
        annotations: template?.metadata?.annotations,
        ownerReferences: [ownerRef(ds as KObject)],
      },
      spec: { ...(template?.spec ?? { containers: [] }), affinity: pinnedAffinity(template?.spec, node), tolerations },
    };
    try {
      const created = this.client.create<Pod>('pods', ds.metadata?.namespace, pod);
      this.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${e.message}`);
      throw e;
    }
  }

  private deletePod(ds: DaemonSet, pod: Pod): void {
    const name = pod.metadata?.name ?? '';
    try {
      this.client.delete('pods', pod.metadata?.namespace, name);
      this.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.code === 404) return;
      this.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${e.message}`);
      throw e;
    }
  }

  private writeStatus(ds: DaemonSet, eligible: string[], byNode: Map<string, Pod[]>, hash: string): void {
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const now = this.ctx.nowMs();
    const want = new Set(eligible);
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let updated = 0;
    let available = 0;
    for (const [node, pods] of byNode) {
      const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
      if (!live.length) continue;
      if (!want.has(node)) {
        misscheduled++;
        continue;
      }
      current++;
      const p = live[0];
      if (isPodReady(p)) {
        ready++;
        if (isPodAvailable(p, minReady, now)) available++;
      }
      if (p.metadata?.labels?.[REVISION_LABEL] === hash) updated++;
    }
    const status: DaemonSetStatus = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: eligible.length,
      numberReady: ready,
      observedGeneration: ds.metadata?.generation,
      updatedNumberScheduled: updated || undefined,
      numberAvailable: available || undefined,
      numberUnavailable: eligible.length - available || undefined,
    };
    const cur = this.ctx.store.get<DaemonSet>('daemonsets', ds.metadata?.namespace ?? '', ds.metadata?.name ?? '') ?? ds;
    const next = { ...cur.status, ...status };
    if (deepEqual(JSON.parse(JSON.stringify(next)), JSON.parse(JSON.stringify(cur.status ?? {})))) return;
    this.client.updateStatus('daemonsets', cur.metadata?.namespace, { ...cur, status: next } as KObject);
  }
}

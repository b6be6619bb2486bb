/**
 * The StatefulSet controller (`pkg/controller/statefulset`): pods with stable names and
 * storage, created in ordinal order, replaced only once the old pod object is really gone.
 *
 * One sync (`stateful_set_control.go` `updateStatefulSet`), in order:
 * 1. the revision of the current template (ControllerRevision, `history.ts`);
 * 2. every ordinal 0..replicas−1: a failed/succeeded pod is deleted; a missing one gets its
 *    PVCs and then the pod; with `OrderedReady` the sync stops at the first pod that is not
 *    yet Running and Ready, or still Terminating — the old `db-1` must vanish before a new
 *    `db-1` can exist (a dead node's pod blocks until the Node is deleted or the pod is
 *    force-deleted);
 * 3. pods beyond `replicas` are deleted from the highest ordinal down, one at a time;
 * 4. RollingUpdate: from the highest ordinal down to `partition`, one pod of an old revision is
 *    deleted once every pod is healthy; it comes back with the new template.
 * Then status: replicas, ready, available, current/updated counts and revisions.
 */
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1';
import { ApiError } from '../../api/errors';
import { selectorMatches } from '../../api/labels';
import { controllerOf, isPodAvailable, isPodReady } from '../../api/podutil';
import type { KObject, Pod } from '../../api/types';
import type { ClusterContext } from '../../context';
import { Controller, keyOf, RequeueError, splitKey } from '../controller';
import { ensureRevision, REVISION_LABEL, templateOf, truncateHistory } from '../history';
import { claimsFor, newPod, ordinalOf, podName } from './pods';

const isTerminating = (p: Pod) => !!p.metadata?.deletionTimestamp;
const isFinished = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const isRunningReady = (p: Pod) => p.status?.phase === 'Running' && isPodReady(p);

export class StatefulSetController extends Controller {
  constructor(ctx: ClusterContext) {
    super('statefulset', ctx, 'statefulset-controller');
    ctx.store.subscribe('statefulsets', (e) => this.queue.add(keyOf(e.object)));
    ctx.store.subscribe('pods', (e) => {
      const ref = controllerOf(e.object) ?? (e.old ? controllerOf(e.old) : undefined);
      if (ref?.kind === 'StatefulSet') this.queue.add(`${e.object.metadata?.namespace}/${ref.name}`);
    });
  }

  protected allKeys(): Iterable<string> {
    return [...this.ctx.store.iterate('statefulsets')].map(keyOf);
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const set = this.ctx.store.get<StatefulSet>('statefulsets', ns, name);
    if (!set || set.metadata?.deletionTimestamp) return;
    try {
      this.sync(set);
    } catch (e) {
      if (e instanceof ApiError) throw new RequeueError(e.message);
      throw e;
    }
  }

  private ownedPods(set: StatefulSet): Pod[] {
    const uid = set.metadata?.uid ?? '';
    return this.ctx.store
      .dependents<Pod>(uid)
      .filter((p) => p.kind === 'Pod' && controllerOf(p)?.uid === uid && selectorMatches(set.spec?.selector, p.metadata?.labels) && ordinalOf(set, p) >= 0);
  }

  private sync(set: StatefulSet): void {
    const { update, all } = ensureRevision(this.client, this.ctx.store, set as KObject, set.spec?.template);
    const current = all.find((r) => r.metadata?.name === set.status?.currentRevision) ?? update;
    const pods = this.ownedPods(set);
    this.manage(set, pods, current, update);
    const after = this.ownedPods(set);
    this.writeStatus(set, after, current, update);
    const live = new Set(after.map((p) => p.metadata?.labels?.[REVISION_LABEL] ?? ''));
    live.add(current.metadata?.name ?? '');
    live.add(update.metadata?.name ?? '');
    truncateHistory(this.client, all, live, set.spec?.revisionHistoryLimit ?? 10);
  }

  /** Steps 2–4 of the sync; returns as soon as an OrderedReady set has to wait. */
  private manage(set: StatefulSet, pods: Pod[], current: ControllerRevision, update: ControllerRevision): void {
    const replicas = set.spec?.replicas ?? 1;
    const monotonic = set.spec?.podManagementPolicy !== 'Parallel';
    const minReady = set.spec?.minReadySeconds ?? 0;
    const now = this.ctx.nowMs();
    const byOrdinal: (Pod | undefined)[] = new Array(replicas).fill(undefined);
    const condemned: Pod[] = [];
    for (const p of pods) {
      const ord = ordinalOf(set, p);
      if (ord < replicas) byOrdinal[ord] = p;
      else condemned.push(p);
    }
    condemned.sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
    const partition = set.spec?.updateStrategy?.type === 'OnDelete' ? replicas : (set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0);
    const revisionFor = (ord: number) => (current.metadata?.name !== update.metadata?.name && ord < partition ? current : update);
    const healthy = (p: Pod) => isRunningReady(p) && (!minReady || isPodAvailable(p, minReady, now));

    for (let ord = 0; ord < replicas; ord++) {
      let pod = byOrdinal[ord];
      if (pod && isFinished(pod) && !isTerminating(pod)) {
        this.deletePod(set, pod);
        pod = undefined;
        if (monotonic) return;
        continue;
      }
      if (!pod) {
        const rev = revisionFor(ord);
        this.createPod(set, ord, rev);
        if (monotonic) return;
        continue;
      }
      // the old pod object must be gone before its name can be used again
      if (isTerminating(pod) && monotonic) return;
      if (!healthy(pod) && monotonic) {
        if (minReady && isRunningReady(pod)) this.queue.addAfter(keyOf(set), minReady * 1000);
        return;
      }
    }

    for (const pod of condemned) {
      if (isTerminating(pod)) {
        if (monotonic) return;
        continue;
      }
      this.deletePod(set, pod);
      if (monotonic) return;
    }

    if (set.spec?.updateStrategy?.type === 'OnDelete') return;
    // rolling update: every pod must be healthy, then the highest outdated ordinal goes
    for (let ord = replicas - 1; ord >= partition; ord--) {
      const pod = byOrdinal[ord];
      if (!pod) return;
      if (isTerminating(pod) || !healthy(pod)) return;
      if (pod.metadata?.labels?.[REVISION_LABEL] !== update.metadata?.name) {
        this.deletePod(set, pod);
        return;
      }
    }
  }

  private createPod(set: StatefulSet, ordinal: number, rev: ControllerRevision): void {
    const name = podName(set, ordinal);
    const ns = set.metadata?.namespace;
    const setName = set.metadata?.name;
    // claims first (`createPersistentVolumeClaims`); an existing claim is reused as it is
    for (const claim of claimsFor(set, ordinal)) {
      const cname = claim.metadata?.name ?? '';
      if (this.ctx.store.get('persistentvolumeclaims', ns ?? '', cname)) continue;
      try {
        this.client.create('persistentvolumeclaims', ns, claim as KObject);
        this.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${cname} Pod ${name} in StatefulSet ${setName} success`);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.code === 409) continue;
        this.recorder.event(set, 'Warning', 'FailedCreate', `create Claim ${cname} for Pod ${name} in StatefulSet ${setName} failed error: ${e.message}`);
        throw e;
      }
    }
    try {
      this.client.create('pods', ns, newPod(set, templateOf(rev), ordinal, rev.metadata?.name ?? ''));
      this.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${setName} successful`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.code === 409) return; // the old object is still there: its deletion will wake us
      this.recorder.event(set, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${setName} failed error: ${e.message}`);
      throw e;
    }
  }

  private deletePod(set: StatefulSet, pod: Pod): void {
    const name = pod.metadata?.name ?? '';
    try {
      this.client.delete('pods', pod.metadata?.namespace, name);
      this.recorder.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${name} in StatefulSet ${set.metadata?.name} successful`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.code === 404) return;
      this.recorder.event(set, 'Warning', 'FailedDelete', `delete Pod ${name} in StatefulSet ${set.metadata?.name} failed error: ${e.message}`);
      throw e;
    }
  }

  private writeStatus(set: StatefulSet, pods: Pod[], current: ControllerRevision, update: ControllerRevision): void {
    const now = this.ctx.nowMs();
    const minReady = set.spec?.minReadySeconds ?? 0;
    const replicas = set.spec?.replicas ?? 1;
    let ready = 0;
    let available = 0;
    let currentReplicas = 0;
    let updated = 0;
    for (const p of pods) {
      if (isRunningReady(p)) {
        ready++;
        if (isPodAvailable(p, minReady, now)) available++;
      }
      if (!isTerminating(p)) {
        const rev = p.metadata?.labels?.[REVISION_LABEL];
        if (rev === current.metadata?.name) currentReplicas++;
        if (rev === update.metadata?.name) updated++;
      }
    }
    let currentRevision = current.metadata?.name ?? '';
    // the update is complete: every replica runs the new revision
    if (updated === replicas && ready === replicas && pods.length === replicas) {
      currentRevision = update.metadata?.name ?? '';
      currentReplicas = updated;
    }
    const status: StatefulSetStatus = {
      observedGeneration: set.metadata?.generation,
      replicas: pods.length,
      readyReplicas: ready || undefined,
      currentReplicas: currentReplicas || undefined,
      updatedReplicas: updated || undefined,
      availableReplicas: available,
      currentRevision,
      updateRevision: update.metadata?.name,
      collisionCount: 0,
    };
    const cur = this.ctx.store.get<StatefulSet>('statefulsets', set.metadata?.namespace ?? '', set.metadata?.name ?? '') ?? set;
    const next = { ...cur.status, ...status };
    if (JSON.stringify(next) === JSON.stringify(cur.status ?? {})) return;
    this.client.updateStatus('statefulsets', cur.metadata?.namespace, { ...cur, status: next } as KObject);
  }
}

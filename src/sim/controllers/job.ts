/**
 * The Job controller (`pkg/controller/job`), NonIndexed completion mode.
 *
 * - Keeps min(parallelism, completions − succeeded) pods active; a pod being deleted no longer
 *   counts (podReplacementPolicy TerminatingOrFailed), so its replacement starts at once.
 * - Pods carry the finalizer `batch.kubernetes.io/job-tracking`: a finished pod is counted into
 *   `status.succeeded`/`failed` and only then released, so deleting pods never loses counts.
 * - Failed pods are replaced after the pod-failure back-off: 10 s, 20 s, 40 s … capped at 6 min.
 *   More than `backoffLimit` failures (for OnFailure: container restarts too) → FailureTarget +
 *   Failed `BackoffLimitExceeded`; `activeDeadlineSeconds` → `DeadlineExceeded`.
 * - `completions` successes → SuccessCriteriaMet + Complete `CompletionsReached`, event Completed.
 * - `ttlSecondsAfterFinished`: the finished Job is deleted (background propagation) that much
 *   later — the TTL-after-finished controller's job, done here.
 */
import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1';
import { ApiError } from '../api/errors';
import { selectorMatches } from '../api/labels';
import { controllerOf, isPodReady } from '../api/podutil';
import type { KObject, Pod } from '../api/types';
import type { ClusterContext } from '../context';
import { deepEqual } from '../util/immutable';
import { parseTime, rfc3339 } from '../util/time';
import { Controller, keyOf, RequeueError, splitKey } from './controller';
import { ownerRef } from './history';

export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 360_000;

interface BackoffRecord {
  failures: number;
  lastFailure: number;
}

export function podFailureBackoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(BACKOFF_BASE_MS * 2 ** (failures - 1), BACKOFF_MAX_MS);
}

const isFinished = (j: Job) => !!j.status?.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

export class JobController extends Controller {
  /** job key → consecutive pod failures since the last success (absolute ms) */
  private backoff = new Map<string, BackoffRecord>();

  constructor(ctx: ClusterContext) {
    super('job', ctx, 'job-controller');
    ctx.store.subscribe('jobs', (e) => {
      if (e.type === 'DELETED') this.backoff.delete(keyOf(e.object));
      else this.queue.add(keyOf(e.object));
    });
    ctx.store.subscribe('pods', (e) => {
      const ref = controllerOf(e.object) ?? (e.old ? controllerOf(e.old) : undefined);
      if (ref?.kind === 'Job') this.queue.add(`${e.object.metadata?.namespace}/${ref.name}`);
    });
  }

  protected allKeys(): Iterable<string> {
    return [...this.ctx.store.iterate('jobs')].map(keyOf);
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const job = this.ctx.store.get<Job>('jobs', ns, name);
    if (!job || job.metadata?.deletionTimestamp) return;
    try {
      this.sync(key, job);
    } catch (e) {
      if (e instanceof ApiError) throw new RequeueError(e.message);
      throw e;
    }
  }

  private pods(job: Job): Pod[] {
    const uid = job.metadata?.uid ?? '';
    return this.ctx.store.dependents<Pod>(uid).filter((p) => p.kind === 'Pod' && controllerOf(p)?.uid === uid && selectorMatches(job.spec?.selector, p.metadata?.labels));
  }

  private sync(key: string, job: Job): void {
    const nowMs = this.ctx.nowMs();
    const ns = job.metadata?.namespace;
    const spec = job.spec!;
    let pods = this.pods(job);
    let succeeded = job.status?.succeeded ?? 0;
    let failed = job.status?.failed ?? 0;
    const rec = this.backoff.get(key) ?? { failures: 0, lastFailure: 0 };

    // count finished pods once, then release them
    for (const p of pods) {
      if (!(p.metadata?.finalizers ?? []).includes(TRACKING_FINALIZER)) continue;
      let phase = p.status?.phase;
      // deleted before it finished (the kubelet is done with it, or it never ran): a failure
      const stopped = !!p.metadata?.deletionTimestamp && (p.metadata.deletionGracePeriodSeconds === 0 || !p.spec?.nodeName);
      if (stopped && phase !== 'Succeeded') phase = 'Failed';
      if (phase !== 'Succeeded' && phase !== 'Failed') continue;
      if (phase === 'Succeeded') {
        succeeded++;
        rec.failures = 0;
      } else {
        failed++;
        rec.failures++;
        rec.lastFailure = nowMs;
      }
      this.release(p);
    }
    this.backoff.set(key, rec);
    pods = this.pods(job);
    const active = pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const terminating = pods.filter((p) => p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
    let conditions = [...(job.status?.conditions ?? [])];
    const startTime = job.status?.startTime ?? (spec.suspend ? undefined : rfc3339(nowMs));
    let completionTime = job.status?.completionTime;

    if (!isFinished(job)) {
      const restarts = spec.template.spec?.restartPolicy === 'OnFailure' ? active.reduce((a, p) => a + (p.status?.containerStatuses ?? []).reduce((b, c) => b + (c.restartCount ?? 0), 0), 0) : 0;
      const completions = spec.completions;
      const deadline = spec.activeDeadlineSeconds && startTime ? parseTime(startTime) + spec.activeDeadlineSeconds * 1000 : Infinity;
      let failure: [string, string] | undefined;
      if (failed + restarts > (spec.backoffLimit ?? 6)) failure = ['BackoffLimitExceeded', 'Job has reached the specified backoff limit'];
      else if (nowMs >= deadline) failure = ['DeadlineExceeded', 'Job was active longer than specified deadline'];
      const done = completions !== undefined && completions !== null ? succeeded >= completions : succeeded > 0 && active.length === 0;
      if (failure) {
        for (const p of active) this.deletePod(job, p);
        const now = rfc3339(nowMs);
        conditions = setCond(conditions, 'FailureTarget', failure[0], failure[1], now);
        conditions = setCond(conditions, 'Failed', failure[0], failure[1], now);
        this.recorder.event(job, 'Warning', failure[0], failure[1]);
      } else if (done) {
        for (const p of active) this.deletePod(job, p);
        const now = rfc3339(nowMs);
        conditions = setCond(conditions, 'SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', now);
        conditions = setCond(conditions, 'Complete', 'CompletionsReached', 'Reached expected number of succeeded pods', now);
        completionTime = now;
        this.recorder.event(job, 'Normal', 'Completed', 'Job completed');
      } else if (spec.suspend) {
        for (const p of active) this.deletePod(job, p);
        if (!conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) {
          conditions = setCond(conditions, 'Suspended', 'JobSuspended', 'Job suspended', rfc3339(nowMs));
          this.recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
        }
      } else {
        if (conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) {
          conditions = conditions.map((c) => (c.type === 'Suspended' ? { ...c, status: 'False', reason: 'JobResumed', message: 'Job resumed', lastTransitionTime: rfc3339(nowMs) } : c));
          this.recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
        }
        const parallelism = spec.parallelism ?? 1;
        const want = completions !== undefined && completions !== null ? Math.min(completions - succeeded, parallelism) : succeeded > 0 ? 0 : parallelism;
        if (active.length > want) for (const p of active.slice(want)) this.deletePod(job, p);
        else if (active.length < want) {
          const wait = rec.lastFailure + podFailureBackoffMs(rec.failures) - nowMs;
          if (wait > 0) this.queue.addAfter(key, wait);
          else for (let i = active.length; i < want; i++) this.createPod(job);
        }
        if (deadline !== Infinity) this.queue.addAfter(key, Math.max(0, deadline - nowMs));
      }
    }

    const after = this.pods(job);
    const live = after.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const status: JobStatus = {
      conditions: conditions.length ? conditions : undefined,
      startTime,
      completionTime,
      active: live.length || undefined,
      succeeded: succeeded || undefined,
      failed: failed || undefined,
      terminating: terminating,
      ready: live.filter(isPodReady).length,
      uncountedTerminatedPods: {},
    };
    const cur = this.ctx.store.get<Job>('jobs', ns ?? '', job.metadata?.name ?? '') ?? job;
    const clean = JSON.parse(JSON.stringify(status)) as JobStatus;
    if (!deepEqual(clean, cur.status)) this.client.updateStatus('jobs', ns, { ...cur, status: clean } as KObject);
    const finished = conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    if (finished) this.expire(key, cur, conditions, nowMs);
  }

  /** ttlSecondsAfterFinished: delete the Job (and, in the background, its pods) when due. */
  private expire(key: string, job: Job, conditions: JobCondition[], nowMs: number): void {
    const ttl = job.spec?.ttlSecondsAfterFinished;
    if (ttl === undefined || ttl === null) return;
    const finishedAt = Math.max(...conditions.filter((c) => c.type === 'Complete' || c.type === 'Failed').map((c) => parseTime(c.lastTransitionTime)));
    const due = finishedAt + ttl * 1000;
    if (due > nowMs) {
      this.queue.addAfter(key, due - nowMs);
      return;
    }
    try {
      this.client.delete('jobs', job.metadata?.namespace, job.metadata?.name ?? '', { propagationPolicy: 'Background', preconditions: { uid: job.metadata?.uid } });
    } catch (e) {
      if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) throw e;
    }
  }

  private release(p: Pod): void {
    const finalizers = (p.metadata?.finalizers ?? []).filter((f) => f !== TRACKING_FINALIZER);
    try {
      this.client.update('pods', p.metadata?.namespace, { ...p, metadata: { ...p.metadata, finalizers: finalizers.length ? finalizers : undefined } } as KObject);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }

  private createPod(job: Job): void {
    const t = job.spec!.template;
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${job.metadata?.name}-`,
        namespace: job.metadata?.namespace,
        labels: t.metadata?.labels,
        annotations: t.metadata?.annotations,
        finalizers: [...(t.metadata?.finalizers ?? []), TRACKING_FINALIZER],
        ownerReferences: [ownerRef({ ...job, apiVersion: 'batch/v1', kind: 'Job' } as KObject)],
      },
      spec: t.spec,
    };
    try {
      const created = this.client.create<Pod>('pods', job.metadata?.namespace, pod);
      this.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${e.message}`);
      throw e;
    }
  }

  private deletePod(job: Job, p: Pod): void {
    const name = p.metadata?.name ?? '';
    try {
      this.client.delete('pods', p.metadata?.namespace, name);
      this.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }

  protected extraState(): Record<string, unknown> {
    return { backoff: [...this.backoff] };
  }
  protected restoreExtra(s: Record<string, unknown>): void {
    this.backoff = new Map((s.backoff as [string, BackoffRecord][]) ?? []);
  }
}

function setCond(list: JobCondition[], type: string, reason: string, message: string, now: string): JobCondition[] {
  const c: JobCondition = { type, status: 'True', reason, message, lastProbeTime: now, lastTransitionTime: now };
  const i = list.findIndex((x) => x.type === type);
  if (i < 0) return [...list, c];
  const out = [...list];
  out[i] = c;
  return out;
}

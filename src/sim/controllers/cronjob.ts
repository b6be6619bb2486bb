/**
 * The CronJob controller (`pkg/controller/cronjob/cronjob_controllerv2.go`).
 *
 * Each sync: forget finished Jobs from `status.active` (event `SawCompletedJob`), trim history
 * to successful/failedJobsHistoryLimit (event `SuccessfulDelete`), then find the most recent
 * unmet schedule time since `lastScheduleTime` (or creation). Too late for
 * `startingDeadlineSeconds` → `MissSchedule`; Forbid with a Job still running →
 * `JobAlreadyActive`; Replace → the running Jobs are deleted first. The Job is named
 * `<cronjob>-<scheduled time in Unix minutes>` and carries the annotation
 * `batch.kubernetes.io/cronjob-scheduled-timestamp`; event `SuccessfulCreate` `Created job …`.
 * The key is requeued for the next schedule time + 100 ms, as the real controller does.
 */
import type { CronJob, CronJobStatus, Job } from 'kubernetes-types/batch/v1';
import type { ObjectReference } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors';
import { controllerOf } from '../api/podutil';
import type { KObject } from '../api/types';
import type { ClusterContext } from '../context';
import { deepEqual } from '../util/immutable';
import { parseTime, rfc3339 } from '../util/time';
import { Controller, keyOf, RequeueError, splitKey } from './controller';
import { CronParseError, nextAfter, parseSchedule } from '../api/cronschedule';
import { ownerRef } from './history';

export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
const NEXT_DELTA_MS = 100;

function finishedType(j: Job): 'Complete' | 'Failed' | undefined {
  for (const c of j.status?.conditions ?? []) if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  return undefined;
}

export class CronJobController extends Controller {
  constructor(ctx: ClusterContext) {
    super('cronjob', ctx, 'cronjob-controller');
    ctx.store.subscribe('cronjobs', (e) => {
      if (e.type !== 'DELETED') this.queue.add(keyOf(e.object));
    });
    ctx.store.subscribe('jobs', (e) => {
      const ref = controllerOf(e.object);
      if (ref?.kind === 'CronJob') this.queue.add(`${e.object.metadata?.namespace}/${ref.name}`);
    });
  }

  protected allKeys(): Iterable<string> {
    return [...this.ctx.store.iterate('cronjobs')].map(keyOf);
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const cj = this.ctx.store.get<CronJob>('cronjobs', ns, name);
    if (!cj || cj.metadata?.deletionTimestamp) return;
    try {
      this.sync(key, cj);
    } catch (e) {
      if (e instanceof ApiError) throw new RequeueError(e.message);
      throw e;
    }
  }

  private jobs(cj: CronJob): Job[] {
    const uid = cj.metadata?.uid ?? '';
    return this.ctx.store.dependents<Job>(uid).filter((j) => j.kind === 'Job' && controllerOf(j)?.uid === uid);
  }

  private sync(key: string, cj: CronJob): void {
    const nowMs = this.ctx.nowMs();
    const jobs = this.jobs(cj);
    const byUid = new Map(jobs.map((j) => [j.metadata?.uid ?? '', j]));
    let active: ObjectReference[] = [];
    let lastSuccessfulTime = cj.status?.lastSuccessfulTime;
    for (const ref of cj.status?.active ?? []) {
      const j = byUid.get(ref.uid ?? '');
      if (!j) continue;
      const done = finishedType(j);
      if (done) {
        this.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata?.name}, condition: ${done}`);
        if (done === 'Complete') lastSuccessfulTime = j.status?.completionTime ?? rfc3339(nowMs);
      } else active.push(ref);
    }
    // running Jobs of ours that status does not list yet (e.g. after a restart)
    for (const j of jobs) if (!finishedType(j) && !j.metadata?.deletionTimestamp && !active.some((r) => r.uid === j.metadata?.uid)) active.push(this.refOf(j));
    this.trimHistory(cj, jobs);

    let lastScheduleTime = cj.status?.lastScheduleTime;
    let requeueAt = Infinity;
    let schedule;
    try {
      schedule = parseSchedule(cj.spec?.schedule ?? '');
    } catch (e) {
      if (!(e instanceof CronParseError)) throw e;
      this.recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec?.schedule)} : ${e.message}`);
      this.writeStatus(cj, { active, lastScheduleTime, lastSuccessfulTime });
      return;
    }
    if (!cj.spec?.suspend) {
      const since = parseTime(lastScheduleTime ?? cj.metadata?.creationTimestamp);
      // the most recent schedule time that has passed and not yet run
      let scheduled: number | undefined;
      for (let t = nextAfter(schedule, since), n = 0; t <= nowMs && n < 100_000; t = nextAfter(schedule, t), n++) scheduled = t;
      requeueAt = nextAfter(schedule, nowMs);
      if (scheduled !== undefined) {
        const deadline = cj.spec?.startingDeadlineSeconds;
        if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < nowMs) {
          this.recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc3339(scheduled)}`);
        } else if (cj.spec?.concurrencyPolicy === 'Forbid' && active.length) {
          this.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
          // retried on the Job's completion or at the next schedule time
          scheduled = undefined;
        } else {
          if (cj.spec?.concurrencyPolicy === 'Replace') {
            for (const ref of active) this.deleteJob(cj, ref.name ?? '');
            active = [];
          }
          const created = this.createJob(cj, scheduled);
          if (created) active.push(this.refOf(created));
        }
        if (scheduled !== undefined) lastScheduleTime = rfc3339(scheduled);
      }
    }
    this.writeStatus(cj, { active, lastScheduleTime, lastSuccessfulTime });
    if (requeueAt !== Infinity) this.queue.addAfter(key, requeueAt - nowMs + NEXT_DELTA_MS);
  }

  private refOf(j: Job): ObjectReference {
    return { kind: 'Job', namespace: j.metadata?.namespace, name: j.metadata?.name, uid: j.metadata?.uid, apiVersion: 'batch/v1', resourceVersion: j.metadata?.resourceVersion };
  }

  private createJob(cj: CronJob, scheduled: number): Job | undefined {
    const name = `${cj.metadata?.name}-${Math.floor(scheduled / 60_000)}`;
    const tmpl = cj.spec?.jobTemplate;
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata?.namespace,
        labels: tmpl?.metadata?.labels,
        annotations: { ...(tmpl?.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: rfc3339(scheduled) },
        ownerReferences: [ownerRef({ ...cj, apiVersion: 'batch/v1', kind: 'CronJob' } as KObject)],
      },
      spec: tmpl?.spec as Job['spec'],
    };
    try {
      const created = this.client.create<Job>('jobs', cj.metadata?.namespace, job as KObject);
      this.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
      return created;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.code === 409) return this.ctx.store.get<Job>('jobs', cj.metadata?.namespace ?? '', name);
      this.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${e.message}`);
      throw e;
    }
  }

  private deleteJob(cj: CronJob, name: string): void {
    try {
      this.client.delete('jobs', cj.metadata?.namespace, name, { propagationPolicy: 'Background' });
      this.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }

  /** Keep the newest N successful and M failed Jobs (by start time). */
  private trimHistory(cj: CronJob, jobs: Job[]): void {
    const startOf = (j: Job) => parseTime(j.status?.startTime ?? j.metadata?.creationTimestamp);
    const trim = (type: 'Complete' | 'Failed', limit: number) => {
      const done = jobs.filter((j) => finishedType(j) === type && !j.metadata?.deletionTimestamp).sort((a, b) => startOf(a) - startOf(b));
      for (let i = 0; i < done.length - limit; i++) this.deleteJob(cj, done[i].metadata?.name ?? '');
    };
    trim('Complete', cj.spec?.successfulJobsHistoryLimit ?? 3);
    trim('Failed', cj.spec?.failedJobsHistoryLimit ?? 1);
  }

  private writeStatus(cj: CronJob, status: CronJobStatus): void {
    const clean = JSON.parse(JSON.stringify({ ...status, active: status.active?.length ? status.active : undefined })) as CronJobStatus;
    const cur = this.ctx.store.get<CronJob>('cronjobs', cj.metadata?.namespace ?? '', cj.metadata?.name ?? '') ?? cj;
    if (deepEqual(clean, cur.status ?? {})) return;
    this.client.updateStatus('cronjobs', cj.metadata?.namespace, { ...cur, status: clean } as KObject);
  }
}

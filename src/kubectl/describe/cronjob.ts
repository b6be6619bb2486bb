/** describe.go's CronJob describer: schedule, history limits, the job template, active jobs. */
import type { CronJob } from 'kubernetes-types/batch/v1';
import { selectorString } from '../printers/workloads';
import { describePodTemplate } from './containers';
import type { DescribeInput } from './describers';
import { annotationsMultiline, describeEvents, DescribeWriter, labelsMultiline, rfc1123z } from './writer';

const set = (v: unknown) => v !== undefined && v !== null;
/** printBoolPtr */
const boolPtr = (v: boolean | undefined | null) => (set(v) ? (v ? 'True' : 'False') : '<unset>');

export function describeCronJob(cj: CronJob, d: DescribeInput): string {
  const w = new DescribeWriter();
  const spec = cj.spec ?? ({} as NonNullable<CronJob['spec']>);
  w.write(0, `Name:\t${cj.metadata?.name}\n`);
  w.write(0, `Namespace:\t${cj.metadata?.namespace}\n`);
  labelsMultiline(w, 'Labels', cj.metadata?.labels);
  annotationsMultiline(w, 'Annotations', cj.metadata?.annotations);
  w.write(0, `Schedule:\t${spec.schedule ?? ''}\n`);
  w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
  w.write(0, `Suspend:\t${boolPtr(spec.suspend)}\n`);
  // v1.32 prints the time zone only when one is set
  if (spec.timeZone) w.write(0, `Time Zone:\t${spec.timeZone}\n`);
  w.write(0, `Successful Job History Limit:\t${set(spec.successfulJobsHistoryLimit) ? spec.successfulJobsHistoryLimit : '<unset>'}\n`);
  w.write(0, `Failed Job History Limit:\t${set(spec.failedJobsHistoryLimit) ? spec.failedJobsHistoryLimit : '<unset>'}\n`);
  w.write(0, `Starting Deadline Seconds:\t${set(spec.startingDeadlineSeconds) ? `${spec.startingDeadlineSeconds}s` : '<unset>'}\n`);
  // describeJobTemplate
  const js = spec.jobTemplate?.spec;
  w.write(0, `Selector:\t${js?.selector ? selectorString(js.selector) : '<unset>'}\n`);
  w.write(0, `Parallelism:\t${set(js?.parallelism) ? js!.parallelism : '<unset>'}\n`);
  w.write(0, `Completions:\t${set(js?.completions) ? js!.completions : '<unset>'}\n`);
  if (set(js?.activeDeadlineSeconds)) w.write(0, `Active Deadline Seconds:\t${js!.activeDeadlineSeconds}s\n`);
  describePodTemplate(w, js?.template);
  const last = cj.status?.lastScheduleTime;
  w.write(0, `Last Schedule Time:\t${last ? rfc1123z(last) : '<unset>'}\n`);
  const active = cj.status?.active ?? [];
  w.write(0, `Active Jobs:\t${active.length ? active.map((j) => j.name ?? '').join(', ') : '<none>'}\n`);
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

/** Jobs and CronJobs (printers.go: printJob with STATUS/COMPLETIONS/DURATION, printCronJob). */
import type { CronJob, Job, JobCondition } from 'kubernetes-types/batch/v1';
import { humanDuration, since } from './duration';
import { AGE_DESCRIPTION } from './pods';
import { col, NAME_COLUMN, type ColumnDefinition, type PrintOptions, type TableRow } from './table';
import { containerCells, formatLabelSelector } from './workloads';

const WIDE = [
  col('Containers', 'string', 1, 'Names of each container in the template.'),
  col('Images', 'string', 1, 'Images referenced by each container in the template.'),
  col('Selector', 'string', 1, 'A label query over pods that should match the pod count.'),
];

export const JOB_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Status', 'string', 0, 'Status of the job.'),
  col('Completions', 'string', 0, 'The number of pods which reached phase Succeeded.'),
  col('Duration', 'string', 0, 'Time required to complete the job.'),
  col('Age', 'string', 0, AGE_DESCRIPTION),
  ...WIDE,
];

export const CRONJOB_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Schedule', 'string', 0, 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
  col('Timezone', 'string', 0, 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
  col('Suspend', 'boolean', 0, 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.'),
  col('Active', 'integer', 0, 'A list of pointers to currently running jobs.'),
  col('Last Schedule', 'string', 0, 'Information when was the last time the job was successfully scheduled.'),
  col('Age', 'string', 0, AGE_DESCRIPTION),
  ...WIDE,
];

function hasCondition(conds: readonly JobCondition[] | undefined, type: string): boolean {
  return (conds ?? []).some((c) => c.type === type && c.status === 'True');
}

/** The STATUS word, in printJob's order of precedence. */
export function jobStatus(j: Job): string {
  const c = j.status?.conditions;
  if (hasCondition(c, 'Complete')) return 'Complete';
  if (hasCondition(c, 'Failed')) return 'Failed';
  if (j.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(c, 'Suspended')) return 'Suspended';
  if (hasCondition(c, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(c, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

/** COMPLETIONS: `1/3`; without completions `0/1`, or `0/1 of 4` when parallel. */
export function jobCompletions(j: Job): string {
  const succeeded = j.status?.succeeded ?? 0;
  const completions = j.spec?.completions;
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`;
  const parallelism = j.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** DURATION: start → completion, or start → now while running; empty before the start. */
export function jobDuration(j: Job, nowMs: number): string {
  const start = j.status?.startTime;
  if (!start) return '';
  const end = j.status?.completionTime ? Date.parse(j.status.completionTime) : nowMs;
  return humanDuration(end - Date.parse(start));
}

export function jobRow(j: Job, o: PrintOptions): TableRow {
  const cells: (string | number)[] = [j.metadata?.name ?? '', jobStatus(j), jobCompletions(j), jobDuration(j, o.nowMs), since(j.metadata?.creationTimestamp, o.nowMs)];
  if (o.wide) cells.push(...containerCells(j.spec?.template?.spec?.containers), formatLabelSelector(j.spec?.selector));
  return { cells, object: j };
}

export function cronJobRow(cj: CronJob, o: PrintOptions): TableRow {
  const suspend = cj.spec?.suspend;
  const cells: (string | number)[] = [
    cj.metadata?.name ?? '',
    cj.spec?.schedule ?? '',
    cj.spec?.timeZone ?? '<none>',
    suspend === undefined || suspend === null ? '<unset>' : String(suspend),
    (cj.status?.active ?? []).length,
    cj.status?.lastScheduleTime ? since(cj.status.lastScheduleTime, o.nowMs) : '<none>',
    since(cj.metadata?.creationTimestamp, o.nowMs),
  ];
  if (o.wide) {
    const js = cj.spec?.jobTemplate?.spec;
    cells.push(...containerCells(js?.template?.spec?.containers), formatLabelSelector(js?.selector));
  }
  return { cells, object: cj };
}

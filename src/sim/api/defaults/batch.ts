/**
 * Job and CronJob defaulting (`pkg/apis/batch/v1/defaults.go`) plus the Job strategy's
 * `generateSelector` (`pkg/registry/batch/job/strategy.go`): unless `manualSelector` is set, a
 * new Job selects `batch.kubernetes.io/controller-uid=<uid>` and its template carries that label
 * and `batch.kubernetes.io/job-name`, plus the legacy `controller-uid` and `job-name`.
 */
import type { KObject } from '../types';
import { Draft } from './cow';
import { defaultTemplate } from './workloads';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

function defaultJobSpec(spec: Obj): Obj {
  const d = new Draft(spec);
  const nil = (v: unknown) => v === undefined || v === null;
  if (nil(spec.completions) && nil(spec.parallelism)) {
    d.set('completions', 1);
    d.set('parallelism', 1);
  }
  if (nil(d.get('parallelism'))) d.set('parallelism', 1);
  if (nil(spec.backoffLimit)) d.set('backoffLimit', 6);
  d.setDefault('completionMode', 'NonIndexed');
  if (nil(spec.suspend)) d.set('suspend', false);
  if (nil(spec.manualSelector)) {
    /* stays unset, as in the real API */
  }
  d.setDefault('podReplacementPolicy', 'TerminatingOrFailed');
  d.set('template', defaultTemplate(spec.template as Obj | undefined));
  return d.value;
}

export function defaultJob(o: KObject): KObject {
  let spec = defaultJobSpec(obj(o.spec));
  const uid = o.metadata?.uid;
  // generateSelector: only at creation, when the server has just given the Job its uid
  if (uid && !spec.selector && spec.manualSelector !== true) {
    const name = o.metadata?.name ?? '';
    const template = obj(spec.template);
    const md = obj(template.metadata);
    const labels = { ...obj(md.labels), 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name };
    spec = { ...spec, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } }, template: { ...template, metadata: { ...md, labels } } };
  }
  return spec === o.spec ? o : { ...o, spec };
}

export function defaultCronJob(o: KObject): KObject {
  const spec = obj(o.spec);
  const d = new Draft(spec);
  d.setDefault('concurrencyPolicy', 'Allow');
  if (spec.suspend === undefined || spec.suspend === null) d.set('suspend', false);
  if (spec.successfulJobsHistoryLimit === undefined || spec.successfulJobsHistoryLimit === null) d.set('successfulJobsHistoryLimit', 3);
  if (spec.failedJobsHistoryLimit === undefined || spec.failedJobsHistoryLimit === null) d.set('failedJobsHistoryLimit', 1);
  const jt = obj(spec.jobTemplate);
  const jts = obj(jt.spec);
  const template = defaultTemplate(jts.template as Obj | undefined);
  if (template !== jts.template) d.set('jobTemplate', { ...jt, spec: { ...jts, template } });
  return d.value === o.spec ? o : { ...o, spec: d.value };
}

import { describe, expect, it } from 'vitest';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { Event, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { podFailureBackoffMs } from './job';
import { job } from './testing/sts';

const jobPods = (c: Cluster, name: string) => c.store.list<Pod>('pods', 'default').filter((p) => p.metadata?.labels?.['job-name'] === name);
const cond = (j: Job | undefined, type: string) => j?.status?.conditions?.find((x) => x.type === type);
const getJob = (c: Cluster, n: string) => c.store.get<Job>('jobs', 'default', n);

describe('Job controller', () => {
  it('runs completions with parallelism, labels its pods and completes', () => {
    const c = Cluster.create({ seed: 1 });
    c.api.create('jobs', 'default', job('pi', { completions: 3, parallelism: 2 }));
    const j0 = getJob(c, 'pi')!;
    expect(j0.spec?.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': j0.metadata?.uid } });
    expect(j0.spec).toMatchObject({ backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    c.settle();
    expect(jobPods(c, 'pi')).toHaveLength(2);
    expect(jobPods(c, 'pi')[0].metadata?.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'pi', 'job-name': 'pi', 'controller-uid': j0.metadata?.uid });
    expect(jobPods(c, 'pi')[0].metadata?.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(c.runUntilTrue(() => cond(getJob(c, 'pi'), 'Complete')?.status === 'True', 300_000, 1000)).toBe(true);
    const j = getJob(c, 'pi')!;
    expect(j.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(j.status?.active).toBeUndefined();
    expect(j.status?.completionTime).toBeDefined();
    expect(cond(j, 'SuccessCriteriaMet')).toMatchObject({ status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' });
    expect(jobPods(c, 'pi').every((p) => p.status?.phase === 'Succeeded' && !p.metadata?.finalizers)).toBe(true);
    const evs = c.store.list<Event>('events', 'default').filter((e) => e.involvedObject.name === 'pi').map((e) => e.reason);
    expect(evs.filter((r) => r === 'SuccessfulCreate')).toHaveLength(3);
    expect(evs).toContain('Completed');
  });

  it('fails with BackoffLimitExceeded after backoffLimit+1 failures, backing off 10 s, 20 s …', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(podFailureBackoffMs)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 360_000, 360_000]);
    const c = Cluster.create({ seed: 2 });
    c.api.create('jobs', 'default', job('bad', { backoffLimit: 2, command: ['sh', '-c', 'exit 1'] }));
    expect(c.runUntilTrue(() => cond(getJob(c, 'bad'), 'Failed')?.status === 'True', 600_000, 1000)).toBe(true);
    const j = getJob(c, 'bad')!;
    expect(j.status?.failed).toBe(3);
    expect(cond(j, 'Failed')).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    const starts = jobPods(c, 'bad').map((p) => Date.parse(p.metadata!.creationTimestamp!)).sort();
    expect(starts).toHaveLength(3);
    expect((starts[1] - starts[0]) / 1000).toBeGreaterThanOrEqual(10);
    expect((starts[2] - starts[1]) / 1000).toBeGreaterThanOrEqual(20);
  });

  it('ttlSecondsAfterFinished deletes the finished Job', () => {
    const c = Cluster.create({ seed: 3 });
    c.api.create('jobs', 'default', job('once', { ttl: 30 }));
    expect(c.runUntilTrue(() => cond(getJob(c, 'once'), 'Complete')?.status === 'True', 300_000, 1000)).toBe(true);
    const t0 = c.clock.now;
    expect(c.runUntilTrue(() => !getJob(c, 'once'), 120_000, 1000)).toBe(true);
    expect((c.clock.now - t0) / 1000).toBeGreaterThanOrEqual(28);
    expect(c.runUntilTrue(() => jobPods(c, 'once').length === 0, 120_000, 1000)).toBe(true);
  });
});

describe('CronJob controller', () => {
  it('creates a Job every minute named by the scheduled minute, and keeps 3 successful', () => {
    const c = Cluster.create({ seed: 4 });
    c.api.create('cronjobs', 'default', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'tick' }, spec: { schedule: '*/1 * * * *', jobTemplate: job('x').spec ? { spec: job('x').spec } : {} } });
    const cj = c.store.get<CronJob>('cronjobs', 'default', 'tick')!;
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    c.runFor(6 * 60_000 + 30_000);
    const jobs = c.store.list<Job>('jobs', 'default').filter((j) => j.metadata?.ownerReferences?.[0]?.kind === 'CronJob');
    expect(jobs.length).toBeLessThanOrEqual(4);
    const first = jobs[0];
    const minute = Date.parse(first.metadata!.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']) / 60_000;
    expect(first.metadata?.name).toBe(`tick-${minute}`);
    const reasons = c.store.list<Event>('events', 'default').filter((e) => e.involvedObject.name === 'tick').map((e) => `${e.reason}`);
    expect(reasons).toEqual(expect.arrayContaining(['SuccessfulCreate', 'SawCompletedJob', 'SuccessfulDelete']));
    expect(c.store.get<CronJob>('cronjobs', 'default', 'tick')!.status?.lastScheduleTime).toMatch(/^2026-01-01T00:06:00Z$/);
  });
});

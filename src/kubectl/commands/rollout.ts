/**
 * `kubectl rollout status|history|undo|pause|resume|restart` for Deployments
 * (polymorphichelpers: rollout_status.go, history.go, rollback.go; K8S-REFERENCE §3, §11).
 */
import { controllerOf } from '../../sim/api/podutil';
import type { Deployment, KObject, ReplicaSet } from '../../sim/api/types';
import type { DaemonSet, StatefulSet } from 'kubernetes-types/apps/v1';
import { daemonSetStatus, statefulSetStatus } from './rolloutstatus';
import { rollbackTemplate } from '../../sim/controllers/deployment/rollback';
import { rfc3339 } from '../../sim/util/time';
import type { CommandDef, Ctx, Running, Stream } from '../command';
import { DescribeWriter } from '../describe/writer';
import { describePodTemplate } from '../describe/containers';
import { KubectlError, renderError } from '../errors';
import { parseDuration } from '../flags';
import { parseTypedArgs, refOf } from '../resources';
import { tabwriter } from '../printers/tabwriter';
import type { ResourceInfo } from '../../sim/api/resources';

function target(ctx: Ctx): { info: ResourceInfo; name: string } {
  if (!ctx.args.length) throw new KubectlError('error: required resource not specified');
  const { groups } = parseTypedArgs(ctx.args);
  const g = groups[0];
  if (!g.names.length) throw new KubectlError('error: resource(s) were provided, but no name was specified');
  const verb = ctx.path.split(' ')[1];
  if (verb === 'status' && STATUS_VIEWERS[g.info.resource]) return { info: g.info, name: g.names[0] };
  if (g.info.resource !== 'deployments') {
    if (verb === 'status') throw new KubectlError(`error: no status viewer has been implemented for ${g.info.kind}`);
    if (verb === 'history') throw new KubectlError(`error: no history viewer has been implemented for ${JSON.stringify(g.info.kind)}`);
    throw new KubectlError(`error: ${refOf(g.info, g.names[0])} ${verb} is not supported`);
  }
  return { info: g.info, name: g.names[0] };
}

/** `DeploymentStatusViewer.Status`: the message and whether the rollout is done. */
export function deploymentStatus(d: Deployment): { message: string; done: boolean; error?: string } {
  const name = d.metadata?.name;
  const st = d.status ?? {};
  if ((d.metadata?.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const prog = (st.conditions ?? []).find((c) => c.type === 'Progressing');
    if (prog?.reason === 'ProgressDeadlineExceeded') return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
    const want = d.spec?.replicas ?? 1;
    const updated = st.updatedReplicas ?? 0;
    const replicas = st.replicas ?? 0;
    const available = st.availableReplicas ?? 0;
    if (updated < want) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...\n`, done: false };
    if (replicas > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...\n`, done: false };
    if (available < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...\n`, done: false };
    return { message: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
}

type Viewer = (o: KObject) => { message: string; done: boolean; error?: string };

/** rollout_status.go's status viewers, by resource. */
const STATUS_VIEWERS: Record<string, Viewer> = {
  deployments: (o) => deploymentStatus(o as Deployment),
  statefulsets: (o) => statefulSetStatus(o as StatefulSet),
  daemonsets: (o) => daemonSetStatus(o as DaemonSet),
};

function statusOnce(ctx: Ctx): number {
  const { info, name } = target(ctx);
  const d = ctx.client.get(info.resource, ctx.namespace, name);
  const s = STATUS_VIEWERS[info.resource](d);
  if (s.error) throw new KubectlError(`error: ${s.error}`);
  ctx.out(s.message);
  return 0;
}

function statusStream(ctx: Ctx, s: Stream): Running | null {
  if (ctx.changed.has('watch') && !ctx.bool('watch')) return null;
  const { info, name } = target(ctx);
  const viewer = STATUS_VIEWERS[info.resource];
  ctx.client.get(info.resource, ctx.namespace, name); // NotFound before watching, as kubectl does
  let cancelTimer: (() => void) | undefined;
  let stopped = false;
  const finish = (code: number, err?: string) => {
    if (stopped) return;
    stopped = true;
    watch?.stop();
    cancelTimer?.();
    if (err) s.err(err);
    s.exit(code);
  };
  const timeout = parseDuration(ctx.str('timeout')) ?? 0;
  if (timeout > 0 && ctx.env.after) cancelTimer = ctx.env.after(timeout, () => finish(1, 'error: timed out waiting for the condition\n'));
  let watch: { stop(): void } | undefined;
  watch = ctx.client.watch(info.resource, { namespace: ctx.namespace, fieldSelector: `metadata.name=${name}` }, (e) => {
    if (stopped) return;
    if (e.type === 'DELETED') return finish(1, `error: object has been deleted\n`);
    if (e.type !== 'ADDED' && e.type !== 'MODIFIED') return;
    const st = viewer(e.object);
    if (st.error) return finish(1, `error: ${st.error}\n`);
    s.out(st.message);
    if (st.done) finish(0);
  });
  if (stopped) watch.stop();
  return { stop: () => finish(130) };
}

function ownedReplicaSets(ctx: Ctx, d: Deployment): ReplicaSet[] {
  return ctx.client.list<ReplicaSet>('replicasets', d.metadata?.namespace).items.filter((rs) => controllerOf(rs)?.uid === d.metadata?.uid);
}

const revisionOf = (rs: ReplicaSet) => Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? NaN);

function history(ctx: Ctx): number {
  const { info, name } = target(ctx);
  const d = ctx.client.get<Deployment>('deployments', ctx.namespace, name);
  const byRev = new Map<number, ReplicaSet>();
  for (const rs of ownedReplicaSets(ctx, d)) {
    const v = revisionOf(rs);
    if (!Number.isNaN(v)) byRev.set(v, rs);
  }
  const revs = [...byRev.keys()].sort((a, b) => a - b);
  const want = ctx.num('revision');
  if (want > 0) {
    const rs = byRev.get(want);
    if (!rs) throw new KubectlError(`error: unable to find the specified revision`);
    const w = new DescribeWriter();
    const t = rs.spec?.template;
    const cause = rs.metadata?.annotations?.['kubernetes.io/change-cause'];
    describePodTemplate(w, cause ? { ...t, metadata: { ...t?.metadata, annotations: { ...(t?.metadata?.annotations ?? {}), 'kubernetes.io/change-cause': cause } } } : t);
    ctx.out(`${refOf(info, name)} with revision #${want}\n${w.toString()}\n`);
    return 0;
  }
  if (!revs.length) {
    ctx.out(`No rollout history found.\n`);
    return 0;
  }
  let table = 'REVISION\tCHANGE-CAUSE\n';
  for (const r of revs) table += `${r}\t${byRev.get(r)!.metadata?.annotations?.['kubernetes.io/change-cause'] || '<none>'}\n`;
  ctx.out(`${refOf(info, name)} \n${tabwriter(table, 0, 2)}\n`);
  return 0;
}

function undo(ctx: Ctx): number {
  const { name } = target(ctx);
  const d = ctx.client.get<Deployment>('deployments', ctx.namespace, name);
  const r = rollbackTemplate(d, ownedReplicaSets(ctx, d), ctx.num('to-revision'));
  if (r.kind === 'error') throw new KubectlError(r.message);
  if (r.kind === 'patch') ctx.client.patch('deployments', ctx.namespace, name, r.patch, 'json');
  ctx.out(r.output + '\n');
  return 0;
}

function pauseResume(pause: boolean) {
  return (ctx: Ctx): number => {
    const { info, name } = target(ctx);
    const d = ctx.client.get<Deployment>('deployments', ctx.namespace, name);
    if (!!d.spec?.paused === pause) throw new KubectlError(`error: deployments.apps "${name}" is ${pause ? 'already paused' : 'not paused'}`);
    ctx.client.patch('deployments', ctx.namespace, name, { spec: { paused: pause ? true : null } }, 'merge');
    ctx.out(`${refOf(info, name)} ${pause ? 'paused' : 'resumed'}\n`);
    return 0;
  };
}

function restart(ctx: Ctx): number {
  const { info, name } = target(ctx);
  const d = ctx.client.get<Deployment>('deployments', ctx.namespace, name);
  if (d.spec?.paused) throw new KubectlError(`error: deployments.apps "${name}" can't restart paused deployment (run rollout resume first)`);
  const at = rfc3339(ctx.now());
  ctx.client.patch('deployments', ctx.namespace, name, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } }, 'strategic');
  ctx.out(`${refOf(info, name)} restarted\n`);
  return 0;
}

export const rollout: CommandDef = {
  name: 'rollout',
  short: 'Manage the rollout of a resource',
  subcommands: [
    {
      name: 'status',
      short: 'Show the status of the rollout',
      flags: [
        { name: 'watch', short: 'w', type: 'bool', default: true },
        { name: 'timeout', type: 'duration', default: '0s' },
        { name: 'revision', type: 'int', default: 0 },
      ],
      run: statusOnce,
      stream: statusStream,
    },
    { name: 'history', short: 'View rollout history', flags: [{ name: 'revision', type: 'int', default: 0 }, { name: 'output', short: 'o', type: 'string' }], run: history },
    { name: 'undo', short: 'Undo a previous rollout', flags: [{ name: 'to-revision', type: 'int', default: 0 }, { name: 'dry-run', type: 'string', default: 'none' }], run: undo },
    { name: 'pause', short: 'Mark the provided resource as paused', run: pauseResume(true) },
    { name: 'resume', short: 'Resume a paused resource', run: pauseResume(false) },
    { name: 'restart', short: 'Restart a resource', run: restart },
  ],
};

export { renderError };

/** `kubectl describe TYPE [NAME…]`: one describer per kind, separated by blank lines. */
import type { Event, KObject } from '../../sim/api/types';
import type { CommandDef, Ctx } from '../command';
import { KubectlError, renderError } from '../errors';
import { parseTypedArgs } from '../resources';
import { byKey } from '../commands/output';
import { describeDeployment, describeNamespace, describeNode, describePod, describeReplicaSet, type DescribeInput } from './describers';
import { describeIngress, describeService } from './network';
import { describePersistentVolume, describePersistentVolumeClaim } from './storage';
import { describeDaemonSet, describeHorizontalPodAutoscaler, describeJob, describeStatefulSet } from './workloads';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const DESCRIBERS: Record<string, (o: any, d: DescribeInput) => string> = {
  pods: describePod,
  deployments: describeDeployment,
  replicasets: describeReplicaSet,
  nodes: describeNode,
  namespaces: describeNamespace,
  services: describeService,
  ingresses: describeIngress,
  persistentvolumeclaims: describePersistentVolumeClaim,
  persistentvolumes: describePersistentVolume,
  statefulsets: describeStatefulSet,
  daemonsets: describeDaemonSet,
  jobs: describeJob,
  horizontalpodautoscalers: describeHorizontalPodAutoscaler,
};

function eventsFor(ctx: Ctx, o: KObject) {
  const md = o.metadata ?? {};
  const ns = md.namespace || 'default';
  const sel = [`involvedObject.name=${md.name}`, `involvedObject.kind=${o.kind}`, `involvedObject.uid=${md.uid}`];
  if (md.namespace) sel.push(`involvedObject.namespace=${md.namespace}`);
  return ctx.client.list<Event>('events', md.namespace ? ns : undefined, { fieldSelector: sel.join(',') }).items.sort(byKey);
}

function run(ctx: Ctx): number {
  if (!ctx.args.length) throw new KubectlError('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  const { groups } = parseTypedArgs(ctx.args);
  const texts: string[] = [];
  let failed = false;
  for (const g of groups) {
    const describer = DESCRIBERS[g.info.resource];
    const ns = g.info.namespaced ? ctx.namespace : undefined;
    let objs: KObject[];
    if (g.names.length) {
      objs = [];
      for (const n of g.names) {
        try {
          objs.push(ctx.client.get(g.info.resource, ns, n));
        } catch (e) {
          ctx.err(renderError(e).text);
          failed = true;
        }
      }
    } else {
      objs = ctx.client.list(g.info.resource, ctx.bool('all-namespaces') ? undefined : ns, { labelSelector: ctx.str('selector') || undefined }).items.sort(byKey);
      if (!objs.length) {
        ctx.err(g.info.namespaced && !ctx.bool('all-namespaces') ? `No resources found in ${ctx.namespace} namespace.\n` : 'No resources found\n');
        continue;
      }
    }
    for (const o of objs) {
      const full = { ...o, kind: g.info.kind };
      const input: DescribeInput = { client: ctx.client, nowMs: ctx.now(), events: ctx.bool('show-events') ? eventsFor(ctx, full) : [] };
      if (!describer) {
        throw new KubectlError(`error: the playground cannot describe ${g.info.resource} yet; try kubectl get ${g.info.resource} -o yaml`);
      }
      texts.push(describer(full, input));
    }
  }
  ctx.out(texts.join('\n\n'));
  return failed ? 1 : 0;
}

export const describe: CommandDef = {
  name: 'describe',
  short: 'Show details of a specific resource or group of resources',
  flags: [
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'show-events', type: 'bool', default: true },
    { name: 'chunk-size', type: 'int', default: 500 },
  ],
  run,
};

/** `kubectl describe TYPE [NAME…]`: one describer per kind, separated by blank lines. */
import { ApiError } from '../../sim/api/errors';
import { apiVersionOf, type ResourceInfo } from '../../sim/api/resources';
import type { Event, KObject } from '../../sim/api/types';
import type { CommandDef, Ctx } from '../command';
import { KubectlError, renderError } from '../errors';
import { parseTypedArgs } from '../resources';
import { byKey } from '../commands/output';
import { describeStorageClass, describeIngressClass } from './classes';
import { describeConfigMap, describeSecret } from './config';
import { describeCronJob } from './cronjob';
import { describeDeployment, describeNamespace, describeNode, describePod, describeReplicaSet, type DescribeInput } from './describers';
import { describeEndpoints, describeEndpointSlice } from './endpoints';
import { describeGeneric } from './generic';
import { describeIngress, describeService } from './network';
import { describePodDisruptionBudget } from './policy';
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
  configmaps: describeConfigMap,
  secrets: describeSecret,
  endpoints: describeEndpoints,
  endpointslices: describeEndpointSlice,
  storageclasses: describeStorageClass,
  ingressclasses: describeIngressClass,
  poddisruptionbudgets: describePodDisruptionBudget,
  cronjobs: describeCronJob,
  // every other kind (leases, events, controllerrevisions, volumeattachments) is described by
  // describe.go's genericDescriber
};

function eventsFor(ctx: Ctx, o: KObject) {
  const md = o.metadata ?? {};
  const ns = md.namespace || 'default';
  const sel = [`involvedObject.name=${md.name}`, `involvedObject.kind=${o.kind}`, `involvedObject.uid=${md.uid}`];
  if (md.namespace) sel.push(`involvedObject.namespace=${md.namespace}`);
  return ctx.client.list<Event>('events', md.namespace ? ns : undefined, { fieldSelector: sel.join(',') }).items.sort(byKey);
}

function describeOne(ctx: Ctx, info: ResourceInfo, o: KObject): string {
  // as the API serves it (the generic describer prints apiVersion and kind too)
  const full = { ...o, apiVersion: apiVersionOf(info), kind: info.kind };
  const input: DescribeInput = { client: ctx.client, nowMs: ctx.now(), events: ctx.bool('show-events') ? eventsFor(ctx, full) : [] };
  return (DESCRIBERS[info.resource] ?? describeGeneric)(full, input);
}

/**
 * `kubectl describe TYPE NAME` with NAME not found describes every object whose name starts
 * with NAME (DescribeMatchingResources), each followed by a newline; none → the NotFound.
 */
function describeMatching(ctx: Ctx, info: ResourceInfo, prefix: string, notFound: unknown): number {
  const ns = info.namespaced ? ctx.namespace : undefined;
  const objs = ctx.client.list(info.resource, ns).items.sort(byKey).filter((o) => (o.metadata?.name ?? '').startsWith(prefix));
  if (!objs.length) throw notFound;
  for (const o of objs) ctx.out(describeOne(ctx, info, o) + '\n');
  return 0;
}

function run(ctx: Ctx): number {
  if (!ctx.args.length) throw new KubectlError('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  const { groups } = parseTypedArgs(ctx.args);
  const found: { info: ResourceInfo; o: KObject }[] = [];
  const errors: string[] = [];
  for (const g of groups) {
    const ns = g.info.namespaced ? ctx.namespace : undefined;
    if (g.names.length) {
      for (const n of g.names) {
        try {
          found.push({ info: g.info, o: ctx.client.get(g.info.resource, ns, n) });
        } catch (e) {
          const isNotFound = e instanceof ApiError && e.status.reason === 'NotFound';
          if (isNotFound && ctx.args.length === 2 && !ctx.args[0].includes('/')) return describeMatching(ctx, g.info, n, e);
          errors.push(renderError(e).text);
        }
      }
    } else {
      const items = ctx.client.list(g.info.resource, ctx.bool('all-namespaces') ? undefined : ns, { labelSelector: ctx.str('selector') || undefined }).items.sort(byKey);
      for (const o of items) found.push({ info: g.info, o });
    }
  }
  ctx.out(found.map(({ info, o }) => describeOne(ctx, info, o)).join('\n\n'));
  // the builder reports failures after describing what it found
  for (const e of errors) ctx.err(e);
  if (!found.length && !errors.length) {
    // kubectl names the namespace even for cluster-scoped kinds
    ctx.err(ctx.bool('all-namespaces') ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
  }
  return errors.length ? 1 : 0;
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

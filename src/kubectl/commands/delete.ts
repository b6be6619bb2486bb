/**
 * `kubectl delete`: by name, `TYPE/NAME`, `-l`, `--all`, `-f`; `--cascade`, `--grace-period`,
 * `--force` (with kubectl's warning). Prints v1.32's `pod "x" deleted`.
 */
import type { DeleteOptions } from '../../sim/apiserver/apiserver';
import type { ResourceInfo } from '../../sim/api/resources';
import type { CommandDef, Ctx } from '../command';
import { KubectlError, renderError } from '../errors';
import { manifestNamespace, readManifests } from '../manifests';
import { parseTypedArgs, quoted } from '../resources';
import { byKey } from './output';

const NO_ARGS = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

function options(ctx: Ctx): { opts: DeleteOptions; force: boolean } {
  let grace = ctx.num('grace-period');
  const force = ctx.bool('force');
  if (grace === 0 && !force) grace = 1; // kubectl: --grace-period=0 alone means 1
  if (force && grace < 0) grace = 0;
  const cascade = ctx.str('cascade') || 'background';
  const policies: Record<string, DeleteOptions['propagationPolicy']> = { background: 'Background', true: 'Background', foreground: 'Foreground', orphan: 'Orphan', false: 'Orphan' };
  if (!(cascade in policies)) throw new KubectlError(`error: invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan".`);
  const opts: DeleteOptions = { propagationPolicy: policies[cascade] };
  if (grace >= 0) opts.gracePeriodSeconds = grace;
  return { opts, force: force && grace === 0 };
}

function run(ctx: Ctx): number {
  const files = ctx.list('filename');
  const { opts, force } = options(ctx);
  if (force) ctx.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  const targets: { info: ResourceInfo; ns?: string; name: string }[] = [];
  let failed = false;
  if (files.length) {
    for (const m of readManifests(ctx, files)) targets.push({ info: m.info, ns: manifestNamespace(ctx, m), name: m.object.metadata?.name ?? '' });
  } else {
    if (!ctx.args.length) throw new KubectlError(NO_ARGS);
    const { groups } = parseTypedArgs(ctx.args);
    const selector = ctx.str('selector');
    for (const g of groups) {
      const ns = g.info.namespaced ? ctx.namespace : undefined;
      if (g.names.length) {
        if (selector) throw new KubectlError('error: name cannot be provided when a selector is specified');
        for (const name of g.names) targets.push({ info: g.info, ns, name });
      } else if (selector || ctx.bool('all')) {
        const items = ctx.client.list(g.info.resource, ctx.bool('all-namespaces') ? undefined : ns, { labelSelector: selector || undefined, fieldSelector: ctx.str('field-selector') || undefined }).items;
        for (const o of [...items].sort(byKey)) targets.push({ info: g.info, ns: o.metadata?.namespace || undefined, name: o.metadata?.name ?? '' });
      } else throw new KubectlError('error: resource(s) were provided, but no name was specified');
    }
    if (!targets.length) {
      ctx.err('No resources found\n');
      return 0;
    }
  }
  for (const t of targets) {
    try {
      ctx.client.delete(t.info.resource, t.ns, t.name, { ...opts, dryRun: ctx.str('dry-run') === 'server' || ctx.str('dry-run') === 'client' || undefined });
      ctx.out(`${quoted(t.info, t.name)} ${force ? 'force deleted' : 'deleted'}\n`);
    } catch (e) {
      if (ctx.bool('ignore-not-found') && (e as { code?: number }).code === 404) continue;
      ctx.err(renderError(e).text);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

export const del: CommandDef = {
  name: 'delete',
  short: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  flags: [
    { name: 'filename', short: 'f', type: 'strings' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'field-selector', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'cascade', type: 'string', default: 'background' },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'force', type: 'bool' },
    { name: 'now', type: 'bool' },
    { name: 'wait', type: 'bool', default: true },
    { name: 'timeout', type: 'duration', default: '0s' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'dry-run', type: 'string', default: 'none' },
    { name: 'output', short: 'o', type: 'string' },
  ],
  run,
};

/**
 * `kubectl get`: list or fetch objects of one or more types and print them in any `-o` format;
 * `-w` streams a row per watch event after the initial table.
 */
import { ApiError } from '../../sim/api/errors';
import type { KObject } from '../../sim/api/types';
import type { CommandDef, Ctx, Running, Stream } from '../command';
import { KubectlError, renderError } from '../errors';
import type { FlagSpec } from '../flags';
import { printTable, tableLines, tabwrite } from '../printers/index';
import { parseTypedArgs } from '../resources';
import { byKey, parseOutput, printFetched, type Fetched } from './output';

const FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'field-selector', type: 'string' },
  { name: 'show-labels', type: 'bool' },
  { name: 'show-kind', type: 'bool' },
  { name: 'no-headers', type: 'bool' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'watch-only', type: 'bool' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'chunk-size', type: 'int', default: 500 },
  { name: 'sort-by', type: 'string' },
];

const NO_TYPE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples`;

interface GetPlan {
  fetched: Fetched[];
  errors: unknown[];
  /** exactly one object asked for by name */
  single: boolean;
  anyNames: boolean;
}

export function fetchForGet(ctx: Ctx, args: string[]): GetPlan {
  const { groups } = parseTypedArgs(args);
  if (!groups.length) throw new KubectlError(NO_TYPE);
  const allNs = ctx.bool('all-namespaces');
  const fetched: Fetched[] = [];
  const errors: unknown[] = [];
  let count = 0;
  let anyNames = false;
  for (const g of groups) {
    const ns = g.info.namespaced ? ctx.namespace : undefined;
    if (g.names.length) {
      anyNames = true;
      if (ctx.str('selector')) throw new KubectlError('error: when retrieving resources by name, the selector (-l) cannot be used');
      const items: KObject[] = [];
      for (const name of g.names) {
        count++;
        try {
          items.push(ctx.client.get(g.info.resource, ns, name));
        } catch (e) {
          if (e instanceof ApiError && e.code === 404 && ctx.bool('ignore-not-found')) continue;
          errors.push(e);
        }
      }
      fetched.push({ info: g.info, items });
    } else {
      const list = ctx.client.list(g.info.resource, allNs ? undefined : ns, { labelSelector: ctx.str('selector') || undefined, fieldSelector: ctx.str('field-selector') || undefined });
      fetched.push({ info: g.info, items: [...list.items].sort(byKey) });
    }
  }
  return { fetched, errors, single: count === 1 && groups.length === 1, anyNames };
}

function noResources(ctx: Ctx, fetched: Fetched[]): string {
  const namespaced = fetched.some((f) => f.info.namespaced);
  if (ctx.bool('all-namespaces') || !namespaced) return 'No resources found\n';
  return `No resources found in ${ctx.namespace} namespace.\n`;
}

function runGet(ctx: Ctx): number {
  const fmt = parseOutput(ctx.str('output'));
  const plan = fetchForGet(ctx, ctx.args);
  const withNamespace = ctx.bool('all-namespaces') && plan.fetched.some((f) => f.info.namespaced);
  const text = printFetched(plan.fetched, fmt, plan.single, {
    nowMs: ctx.now(),
    noHeaders: ctx.bool('no-headers'),
    showLabels: ctx.bool('show-labels'),
    showKind: ctx.bool('show-kind'),
    withNamespace,
  });
  const total = plan.fetched.reduce((n, f) => n + f.items.length, 0);
  ctx.out(text);
  if (!total && !plan.anyNames && fmt.kind === 'table') ctx.err(noResources(ctx, plan.fetched));
  for (const e of plan.errors) ctx.err(renderError(e).text);
  return plan.errors.length ? 1 : 0;
}

function streamGet(ctx: Ctx, s: Stream): Running | null {
  if (!ctx.bool('watch') && !ctx.bool('watch-only')) return null;
  const fmt = parseOutput(ctx.str('output'));
  const plan = fetchForGet(ctx, ctx.args);
  if (plan.fetched.length !== 1) throw new KubectlError('error: you may only specify a single resource type');
  for (const e of plan.errors) throw e;
  const { info, items } = plan.fetched[0];
  const allNs = ctx.bool('all-namespaces');
  const withNamespace = allNs && info.namespaced;
  const names = new Set(ctx.args.length > 1 ? ctx.args.slice(1) : ctx.args[0].includes('/') ? ctx.args.map((a) => a.split('/')[1]) : []);
  const textOpts = { noHeaders: ctx.bool('no-headers'), showLabels: ctx.bool('show-labels'), withNamespace, wide: fmt.kind === 'table' && fmt.wide };
  // rows after the first table keep its column widths so they line up under the headers
  let widths: string[][] = [];
  const printRows = (objs: KObject[], header: boolean) => {
    if (fmt.kind !== 'table') {
      for (const o of objs) s.out(printFetched([{ info, items: [o] }], fmt, true, { nowMs: ctx.now() }));
      return;
    }
    const table = printTable(info.resource, objs, { nowMs: ctx.now(), wide: fmt.wide });
    const lines = tableLines(table, { ...textOpts, noHeaders: textOpts.noHeaders || !header });
    const text = tabwrite([...widths, ...lines]);
    s.out(text.split('\n').slice(widths.length).join('\n'));
    if (header) widths = lines.slice(0, 1);
  };
  if (!ctx.bool('watch-only')) printRows(items, true);
  else if (fmt.kind === 'table' && !textOpts.noHeaders) {
    widths = tableLines(printTable(info.resource, [], { nowMs: ctx.now(), wide: fmt.wide }), textOpts).slice(0, 1);
  }
  const ns = info.namespaced && !allNs ? ctx.namespace : undefined;
  // resume right after the state just printed: the list's resourceVersion
  const rv = ctx.client.list(info.resource, ns, { labelSelector: ctx.str('selector') || undefined }).resourceVersion;
  let stopped = false;
  const watch = ctx.client.watch(
    info.resource,
    {
      namespace: ns,
      labelSelector: ctx.str('selector') || undefined,
      fieldSelector: ctx.str('field-selector') || undefined,
      resourceVersion: rv,
    },
    (e) => {
      if (stopped) return;
      if (e.type === 'ERROR') {
        s.err(renderError(new ApiError(e.object as never)).text);
        s.exit(1);
        return;
      }
      if (names.size && !names.has(e.object.metadata?.name ?? '')) return;
      printRows([e.object], false);
    },
  );
  return {
    stop() {
      stopped = true;
      watch.stop();
    },
  };
}

export const get: CommandDef = {
  name: 'get',
  short: 'Display one or many resources',
  flags: FLAGS,
  run: runGet,
  stream: streamGet,
};

/** `kubectl label` and `kubectl annotate`: `k=v` adds, `k-` removes, `--overwrite` rules. */
import type { KObject } from '../../sim/api/types';
import type { CommandDef, Ctx } from '../command';
import { KubectlError } from '../errors';
import { parseTypedArgs, refOf } from '../resources';
import { byKey } from './output';

function parseUpdates(args: string[], what: 'label' | 'annotation'): { set: Record<string, string>; remove: string[]; rest: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const rest: string[] = [];
  for (const a of args) {
    if (a.includes('=')) {
      const i = a.indexOf('=');
      const k = a.slice(0, i);
      const v = a.slice(i + 1);
      if (what === 'label' && !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) {
        throw new KubectlError(`error: invalid label value: "${a}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`);
      }
      set[k] = v;
    } else if (a.endsWith('-') && rest.length) remove.push(a.slice(0, -1));
    else rest.push(a);
  }
  return { set, remove, rest };
}

function make(what: 'label' | 'annotation'): CommandDef['run'] {
  const field = what === 'label' ? 'labels' : 'annotations';
  const past = what === 'label' ? 'labeled' : 'annotated';
  return (ctx: Ctx) => {
    const { set, remove, rest } = parseUpdates(ctx.args, what);
    if (!rest.length) throw new KubectlError(`error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    if (!Object.keys(set).length && !remove.length && !ctx.bool('list')) throw new KubectlError(`error: at least one ${what} update is required`);
    const { groups } = parseTypedArgs(rest);
    for (const g of groups) {
      const ns = g.info.namespaced ? ctx.namespace : undefined;
      let objs: KObject[];
      if (g.names.length) objs = g.names.map((n) => ctx.client.get(g.info.resource, ns, n));
      else if (ctx.bool('all') || ctx.str('selector')) objs = ctx.client.list(g.info.resource, ns, { labelSelector: ctx.str('selector') || undefined }).items.sort(byKey);
      else throw new KubectlError('error: resource(s) were provided, but no name was specified');
      for (const o of objs) {
        const cur: Record<string, string> = { ...((o.metadata?.[field] as Record<string, string>) ?? {}) };
        if (!ctx.bool('overwrite')) {
          const clash = Object.keys(set).filter((k) => k in cur && cur[k] !== set[k]);
          if (clash.length) {
            if (what === 'label') throw new KubectlError(`error: '${clash[0]}' already has a value (${cur[clash[0]]}), and --overwrite is false`);
            throw new KubectlError(`error: --overwrite is false but found the following declared annotation(s): ${clash.map((k) => `'${k}' already has a value (${cur[k]})`).join('; ')}`);
          }
        }
        const next = { ...cur, ...set };
        for (const k of remove) delete next[k];
        const name = o.metadata?.name ?? '';
        const changed = JSON.stringify(next) !== JSON.stringify(cur) || Object.keys(next).length !== Object.keys(cur).length;
        for (const k of remove) if (!(k in cur)) ctx.err(`${what} "${k}" not found.\n`);
        if (!changed) {
          ctx.out(`${refOf(g.info, name)} not ${past}\n`);
          continue;
        }
        const patchVal: Record<string, string | null> = { ...set };
        for (const k of remove) if (k in cur) patchVal[k] = null;
        ctx.client.patch(g.info.resource, ns, name, { metadata: { [field]: patchVal } }, 'merge');
        ctx.out(`${refOf(g.info, name)} ${past}\n`);
      }
    }
    return 0;
  };
}

const FLAGS = [
  { name: 'overwrite', type: 'bool' as const },
  { name: 'all', type: 'bool' as const },
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'list', type: 'bool' as const },
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'dry-run', type: 'string' as const, default: 'none' },
];

export const label: CommandDef = { name: 'label', short: 'Update the labels on a resource', flags: FLAGS, run: make('label') };
export const annotate: CommandDef = { name: 'annotate', short: 'Update the annotations on a resource', flags: FLAGS, run: make('annotation') };

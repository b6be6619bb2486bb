/**
 * Resource names as a user types them, resolved the way kubectl's RESTMapper does against the
 * server's discovery: plural, singular, short name, Kind, `plural.group`, `plural.version.group`,
 * the `all` category; `TYPE/NAME` arguments. Unknown → `the server doesn't have a resource type`.
 */
import { RESOURCES, type ResourceInfo } from '../sim/api/resources';
import { KubectlError } from './errors';

export function lookupResource(typed: string): ResourceInfo | undefined {
  const t = typed.toLowerCase();
  for (const r of RESOURCES) {
    const names = [r.resource, r.singular, r.kind.toLowerCase(), ...r.shortNames];
    if (names.includes(t)) return r;
    if (r.group) {
      for (const n of [r.resource, r.singular, r.kind.toLowerCase()]) {
        if (t === `${n}.${r.group}` || t === `${n}.${r.version}.${r.group}`) return r;
      }
    } else if (t === `${r.resource}.${r.version}` || t === `${r.singular}.${r.version}`) return r;
  }
  return undefined;
}

export function resolveResource(typed: string): ResourceInfo {
  const r = lookupResource(typed);
  if (!r) throw new KubectlError(`error: the server doesn't have a resource type "${typed}"`);
  return r;
}

/** `pods,deploy` and `all` → resources, in the order kubectl prints them. */
export function resolveTypes(typed: string): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const part of typed.split(',')) {
    if (!part) continue;
    if (part === 'all') {
      // the `all` category, in the order kubectl prints it
      const order = ['pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs'];
      const rank = (r: ResourceInfo) => (order.includes(r.resource) ? order.indexOf(r.resource) : order.length);
      for (const r of RESOURCES.filter((x) => x.categories?.includes('all')).sort((a, b) => rank(a) - rank(b))) if (!out.includes(r)) out.push(r);
      continue;
    }
    const r = resolveResource(part);
    if (!out.includes(r)) out.push(r);
  }
  return out;
}

/** `pod/web`, `deployment.apps/web`: how kubectl names an object in its messages. */
export function refOf(info: ResourceInfo, name: string): string {
  return `${info.singular}${info.group ? '.' + info.group : ''}/${name}`;
}

/** `deployment.apps`, `pod`: the `kind.group` prefix of `-o name` and of `created`/`configured`. */
export function kindGroup(info: ResourceInfo): string {
  return `${info.kind.toLowerCase()}${info.group ? '.' + info.group : ''}`;
}

/** `deployments.apps "web"`: how delete output names an object. */
export function quoted(info: ResourceInfo, name: string): string {
  return `${info.kind.toLowerCase()}${info.group ? '.' + info.group : ''} "${name}"`;
}

export interface TypedArgs {
  /** (resource, names) groups in the order given; names empty = all of that type */
  groups: { info: ResourceInfo; names: string[] }[];
}

/**
 * The argument forms of get/describe/delete/label: `TYPE`, `TYPE NAME…`, `TYPE1,TYPE2`,
 * `TYPE/NAME…`. Mixing the forms is refused with kubectl's message.
 */
export function parseTypedArgs(args: string[]): TypedArgs {
  if (!args.length) return { groups: [] };
  if (args.some((a) => a.includes('/'))) {
    const groups: TypedArgs['groups'] = [];
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0) throw new KubectlError(`error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
      const info = resolveResource(a.slice(0, slash));
      const name = a.slice(slash + 1);
      if (!name) throw new KubectlError(`error: arguments in resource/name form must have a single resource and name`);
      const g = groups.find((x) => x.info === info);
      if (g) g.names.push(name);
      else groups.push({ info, names: [name] });
    }
    return { groups };
  }
  const [types, ...names] = args;
  const infos = resolveTypes(types);
  if (names.length && infos.length > 1) throw new KubectlError(`error: you must specify only one resource`);
  return { groups: infos.map((info) => ({ info, names })) };
}

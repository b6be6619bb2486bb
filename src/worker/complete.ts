/**
 * Tab completion for the terminal, the way kubectl's shell completion behaves: command words,
 * subcommands, resource types, then the names of objects of that type (listed from the API
 * server, in the namespace the line names or the session's), flags, and namespaces after `-n`.
 * It runs in the worker because it needs the cluster; the page only inserts what comes back.
 */
import { RESOURCES, type ResourceInfo } from '../sim/api/resources';
import type { Cluster } from '../sim/cluster';
import type { CommandDef } from '../kubectl/command';
import { GLOBAL_FLAGS, type FlagSpec } from '../kubectl/flags';
import { COMMANDS, findCommand } from '../kubectl/commands/registry';
import { lookupResource } from '../kubectl/resources';

export interface Completion {
  /** where the word being completed starts in the line */
  start: number;
  /** whole replacement words, sorted; empty when nothing fits */
  candidates: string[];
}

/** What the terminal itself understands besides kubectl. */
export const SHELL_WORDS = ['clear', 'help', 'history', 'k', 'kubectl'];

/** Commands whose first argument is a resource type, then names of that type. */
const TYPED = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'scale', 'explain', 'status', 'history', 'undo', 'pause', 'resume', 'restart', 'image', 'taint']);
/** Commands whose arguments are node names. */
const NODE_ARGS = new Set(['cordon', 'uncordon', 'drain']);

function commandNames(): string[] {
  // the playground's own `edit` (worker/kubectl.ts) is real even though the registry lacks it
  return COMMANDS.filter((c) => c.short || c.name === 'edit').map((c) => c.name);
}

function flagWords(specs: FlagSpec[]): string[] {
  return [...specs, ...GLOBAL_FLAGS].map((f) => `--${f.name}`);
}

function takesValue(word: string, specs: FlagSpec[]): boolean {
  if (!word.startsWith('-') || word.includes('=')) return false;
  const all = [...specs, ...GLOBAL_FLAGS];
  const spec = word.startsWith('--') ? all.find((f) => f.name === word.slice(2)) : all.find((f) => f.short === word.slice(1));
  return !!spec && spec.type !== 'bool';
}

function names(cluster: Cluster, info: ResourceInfo, namespace: string | undefined): string[] {
  try {
    const list = cluster.client('kubectl').list(info.resource, info.namespaced ? namespace : undefined);
    return list.items.map((o) => o.metadata?.name ?? '').filter(Boolean);
  } catch {
    return []; // API server down: a real completion would print nothing either
  }
}

function filter(words: Iterable<string>, prefix: string): string[] {
  return [...new Set(words)].filter((w) => w.startsWith(prefix)).sort();
}

function typeWords(prefix: string, only?: string[]): string[] {
  const infos = only ? RESOURCES.filter((r) => only.includes(r.resource)) : RESOURCES;
  const plural = filter(
    infos.map((r) => r.resource),
    prefix,
  );
  if (plural.length) return plural;
  // `svc`, `deploy`, `sts`: what kubectl also accepts
  return filter(
    infos.flatMap((r) => [r.singular, ...r.shortNames]),
    prefix,
  );
}

/** Candidates for the last word of `line` (the text before the cursor). */
export function completeLine(line: string, cluster: Cluster, sessionNamespace: string): Completion {
  const words = line.trimStart().split(/\s+/);
  const cur = words.pop() ?? '';
  const start = line.length - cur.length;
  const done = (candidates: string[]): Completion => ({ start, candidates });
  if (!words.length) return done(filter(SHELL_WORDS, cur));
  if (words[0] !== 'kubectl' && words[0] !== 'k') return done([]);

  // walk the words: flags (and their values) aside, the rest are positional
  let cmd: CommandDef | undefined;
  const positional: string[] = [];
  let namespace: string | undefined;
  let allNamespaces = false;
  const rest = words.slice(1);
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    if (w === '-A' || w === '--all-namespaces') allNamespaces = true;
    if (w.startsWith('--namespace=')) namespace = w.slice('--namespace='.length);
    if (w.startsWith('-')) {
      if (takesValue(w, cmd?.flags ?? [])) {
        if ((w === '-n' || w === '--namespace') && i + 1 < rest.length) namespace = rest[i + 1];
        i++;
      }
      continue;
    }
    positional.push(w);
    if (!cmd) cmd = findCommand(COMMANDS, w);
    else if (cmd.subcommands && positional.length === 2) cmd = findCommand(cmd.subcommands, w) ?? cmd;
  }
  const prev = words[words.length - 1];
  if (prev === '-n' || prev === '--namespace') return done(filter(names(cluster, RESOURCES.find((r) => r.resource === 'namespaces')!, undefined), cur));
  if (cur.startsWith('--namespace=')) {
    return done(filter(names(cluster, RESOURCES.find((r) => r.resource === 'namespaces')!, undefined), cur.slice('--namespace='.length)).map((n) => `--namespace=${n}`));
  }
  if (cur.startsWith('-')) return done(filter(flagWords(cmd?.flags ?? []), cur));
  if (prev.startsWith('-') && takesValue(prev, cmd?.flags ?? [])) return done([]); // a flag's value: nothing to offer

  if (!positional.length) return done(filter(commandNames(), cur));
  const top = findCommand(COMMANDS, positional[0]);
  if (!top) return done(positional[0] === 'edit' ? completeTyped('edit', positional.slice(1), cur, cluster, ns()) : []);
  if (top.subcommands && positional.length === 1) return done(filter(top.subcommands.map((s) => s.name), cur));
  const name = cmd?.name ?? top.name;
  const args = positional.slice(top.subcommands ? 2 : 1);

  function ns(): string | undefined {
    return allNamespaces ? undefined : (namespace ?? sessionNamespace);
  }

  if (NODE_ARGS.has(name)) return done(filter(names(cluster, RESOURCES.find((r) => r.resource === 'nodes')!, undefined), cur));
  if (name === 'logs') return done(filter(names(cluster, RESOURCES.find((r) => r.resource === 'pods')!, ns()), cur));
  if (TYPED.has(name)) return done(completeTyped(name, args, cur, cluster, ns()));
  return done([]);
}

function completeTyped(command: string, args: string[], cur: string, cluster: Cluster, namespace: string | undefined): string[] {
  const workloads = command === 'scale' ? ['deployments', 'replicasets', 'statefulsets'] : ['status', 'history', 'undo', 'pause', 'resume', 'restart', 'image'].includes(command) ? ['deployments', 'daemonsets', 'statefulsets'] : undefined;
  // TYPE/NAME form
  const slash = cur.indexOf('/');
  if (slash > 0) {
    const info = lookupResource(cur.slice(0, slash));
    if (!info) return [];
    const typed = cur.slice(0, slash + 1);
    return filter(names(cluster, info, namespace), cur.slice(slash + 1)).map((n) => typed + n);
  }
  const typeArg = args.find((a) => !a.includes('/'));
  if (!typeArg || command === 'explain') {
    if (args.length && command === 'explain') return [];
    if (args.some((a) => a.includes('/'))) return []; // already in TYPE/NAME form: more of the same needs a slash
    return typeWords(cur, workloads);
  }
  const info = lookupResource(typeArg.split(',')[0]);
  return info ? filter(names(cluster, info, namespace), cur) : [];
}

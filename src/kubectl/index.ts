/**
 * kubectl as a pure pipeline: a command line → tokens → the command and its typed flags → API
 * calls through the cluster's `ApiClient` → text printed exactly as kubectl v1.32 prints it.
 * `runKubectl` runs a command to completion; `startKubectl` runs the ones that wait or follow
 * (`get -w`, `logs -f`, `rollout status`, `drain`) on watch events and cluster-time timers.
 */
import { COMMANDS, findCommand, suggestionsFor } from './commands/registry';
import type { Ctx, CommandDef, KubectlChunk, KubectlEnv, KubectlResult, Running } from './command';
import { FlagError, GLOBAL_FLAGS, parseFlags } from './flags';
import { renderError, UsageError } from './errors';
import { tokenize, TokenizeError } from './tokenize';
import { helpFor } from './commands/help';

export type { KubectlEnv, KubectlResult, KubectlChunk, Running } from './command';
export { printTable, printTableText, humanDuration } from './printers/index';
export type { Table, TableRow, ColumnDefinition, PrintOptions } from './printers/index';
export { toYaml, toJson } from './printers/yaml';

interface Prepared {
  cmd: CommandDef;
  ctx: Ctx;
}

const GLOBAL_WITH_VALUE = new Set(GLOBAL_FLAGS.filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));

/** Splits off the command words (`rollout status`) from the tokens, skipping global flags before them. */
function locate(tokens: string[]): { cmd: CommandDef | null; path: string[]; rest: string[]; unknown?: string } {
  const before: string[] = [];
  let i = 0;
  while (i < tokens.length && tokens[i].startsWith('-')) {
    before.push(tokens[i]);
    if (GLOBAL_WITH_VALUE.has(tokens[i]) && i + 1 < tokens.length) before.push(tokens[++i]);
    i++;
  }
  if (i >= tokens.length) return { cmd: null, path: [], rest: before };
  let cmd = findCommand(COMMANDS, tokens[i]);
  if (!cmd) return { cmd: null, path: [], rest: before, unknown: tokens[i] };
  const path = [cmd.name];
  i++;
  while (cmd.subcommands && i < tokens.length && !tokens[i].startsWith('-')) {
    const sub = findCommand(cmd.subcommands, tokens[i]);
    if (!sub) break;
    cmd = sub;
    path.push(sub.name);
    i++;
  }
  return { cmd, path, rest: [...before, ...tokens.slice(i)] };
}

function prepare(line: string, env: KubectlEnv, out: (s: string) => void, err: (s: string) => void): Prepared | KubectlResult {
  let tokens: string[];
  try {
    tokens = tokenize(line.trim());
  } catch (e) {
    return { stdout: '', stderr: `bash: ${(e as TokenizeError).message}\n`, exitCode: 2 };
  }
  if (!tokens.length) return { stdout: '', stderr: '', exitCode: 0 };
  if (tokens[0] !== 'kubectl') return { stdout: '', stderr: `${tokens[0]}: command not found\n`, exitCode: 127 };
  const loc = locate(tokens.slice(1));
  if (loc.unknown !== undefined) {
    const sugg = suggestionsFor(loc.unknown);
    const text = `Error: unknown command "${loc.unknown}" for "kubectl"\n` + (sugg.length ? `\nDid you mean this?\n${sugg.map((s) => `\t${s}\n`).join('')}\n` : '');
    return { stdout: '', stderr: text, exitCode: 1 };
  }
  if (!loc.cmd) return { stdout: helpFor(null), stderr: '', exitCode: 0 };
  const cmd = loc.cmd;
  const path = loc.path.join(' ');
  let parsed;
  try {
    parsed = parseFlags(loc.rest, cmd.flags ?? []);
  } catch (e) {
    if (e instanceof FlagError) return { stdout: '', stderr: renderError(new UsageError(e.message, path)).text, exitCode: 1 };
    throw e;
  }
  const f = parsed.flags;
  const ns = (f.namespace as string | undefined) || env.namespace || 'default';
  const ctx: Ctx = {
    env,
    client: env.client,
    args: parsed.args,
    flags: f,
    changed: parsed.changed,
    path,
    namespace: ns,
    explicitNamespace: parsed.changed.has('namespace'),
    out,
    err,
    now: () => env.nowMs(),
    str: (n) => (f[n] as string | undefined) ?? '',
    bool: (n) => !!f[n],
    num: (n) => Number(f[n] ?? 0),
    list: (n) => (f[n] as string[] | undefined) ?? [],
  };
  return { cmd, ctx };
}

export function runKubectl(line: string, env: KubectlEnv): KubectlResult {
  let stdout = '';
  let stderr = '';
  const p = prepare(line, env, (s) => (stdout += s), (s) => (stderr += s));
  if ('exitCode' in p) return p;
  const { cmd, ctx } = p;
  if (ctx.bool('help') || (!cmd.run && !cmd.stream)) {
    const help = helpFor(cmd, ctx.path);
    return ctx.bool('help') ? { stdout: help, stderr: '', exitCode: 0 } : { stdout: '', stderr: help, exitCode: 1 };
  }
  try {
    const code = cmd.run ? (cmd.run(ctx) ?? 0) : 0;
    return { stdout, stderr, exitCode: code };
  } catch (e) {
    const r = renderError(e);
    return { stdout, stderr: stderr + r.text, exitCode: r.exitCode };
  }
}

/**
 * Runs a command that may keep going. `onOutput` gets each chunk as it is printed; the last
 * chunk carries `exitCode`. `stop()` ends it (Ctrl-C), after which nothing more is printed.
 */
export function startKubectl(line: string, env: KubectlEnv, onOutput: (chunk: KubectlChunk) => void): Running {
  let done = false;
  const emit = (c: KubectlChunk) => {
    if (done) return;
    if (c.exitCode !== undefined) done = true;
    onOutput(c);
  };
  const p = prepare(line, env, (s) => emit({ stdout: s }), (s) => emit({ stderr: s }));
  if ('exitCode' in p) {
    emit({ stdout: p.stdout || undefined, stderr: p.stderr || undefined, exitCode: p.exitCode });
    return { stop() {} };
  }
  const { cmd, ctx } = p;
  let running: Running | null = null;
  if (cmd.stream && !ctx.bool('help')) {
    try {
      running = cmd.stream(ctx, { out: ctx.out, err: ctx.err, exit: (code) => emit({ exitCode: code }) });
    } catch (e) {
      const r = renderError(e);
      emit({ stderr: r.text, exitCode: r.exitCode });
      return { stop() {} };
    }
  }
  if (!running) {
    if (done) return { stop() {} };
    const r = runKubectl(line, env);
    emit({ stdout: r.stdout || undefined, stderr: r.stderr || undefined, exitCode: r.exitCode });
    return { stop() {} };
  }
  const inner = running;
  return {
    stop() {
      if (done) return;
      inner.stop();
      done = true;
    },
  };
}

/**
 * The terminal's kubectl, inside the worker: one shell session over the cluster. Each command
 * line is a *run* (a number the page chose) whose output goes back as `kubectlOutput` chunks,
 * in order, the last one carrying the exit code. Streaming commands (`get -w`, `logs -f`,
 * `rollout status`) keep printing on watch events and cluster-time timers until they end or
 * the page stops them (Ctrl-C).
 *
 * `kubectl edit` is handled here, not in src/kubectl: it needs the page's editor. As real
 * kubectl does, it fetches the object, opens an editor on its YAML (with kubectl's comment
 * header) and *waits*; saving computes a patch between the original and the edited object,
 * reopening the editor with the reasons when the YAML or the object is invalid.
 *
 * The session keeps what a kubeconfig would: the current namespace
 * (`kubectl config set-context --current --namespace=x`).
 */
import { ApiError } from '../sim/api/errors';
import type { MetricsSource } from '../kubectl/command';
import { qualifiedResource, resourceForKind } from '../sim/api/resources';
import type { KObject } from '../sim/api/types';
import type { Cluster } from '../sim/cluster';
import { deepEqual } from '../sim/util/immutable';
import { threeWayPatch } from '../kubectl/commands/apply';
import { renderError } from '../kubectl/errors';
import { runKubectl, startKubectl, toYaml, type KubectlChunk, type KubectlEnv, type Running } from '../kubectl/index';
import { parseManifests } from '../kubectl/manifests';
import { kindGroup } from '../kubectl/resources';
import { tokenize } from '../kubectl/tokenize';
import { completeLine, type Completion } from './complete';
import type { FromWorker, KubectlOutputMessage } from './protocol';

/** The user agent the terminal's requests carry, as the real binary names itself. */
export const TERMINAL_AGENT = 'kubectl';
/** Exit status a shell reports for a command stopped by Ctrl-C (128 + SIGINT). */
export const SIGINT_EXIT = 130;
const TIMER_OWNER = 'kubectl-terminal';

/** kubectl edit's header, word for word (editoptions.go `editHeader.writeTo`). */
export const EDIT_HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n' +
  '#\n';

interface EditSession {
  /** the objects as fetched (one, or the items of a List) */
  originals: KObject[];
  /** the text first shown, to tell "no changes" */
  originalText: string;
  /** the text of the last failed save: saving it again unchanged gives up, as kubectl does */
  failedText?: string;
  title: string;
}

interface Run {
  running: Running | null;
  edit?: EditSession;
}

/** Lines beginning with '#' are kubectl edit's comments; the rest is compared and parsed. */
export function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n')
    .trim();
}

/** A token back into shell syntax, so a line rebuilt from tokens tokenizes the same. */
function shellQuote(t: string): string {
  return /^[\w@%+=:,./-]+$/.test(t) ? t : `'${t.replace(/'/g, `'\\''`)}'`;
}

/** The arguments of `kubectl [global flags] edit ARGS`, or null when the line is not an edit. */
export function editArgs(line: string): string[] | null {
  let tokens: string[];
  try {
    tokens = tokenize(line.trim());
  } catch {
    return null;
  }
  if (tokens[0] !== 'kubectl') return null;
  let i = 1;
  const before: string[] = [];
  while (i < tokens.length && tokens[i].startsWith('-')) {
    before.push(tokens[i]);
    if ((tokens[i] === '-n' || tokens[i] === '--namespace') && i + 1 < tokens.length) before.push(tokens[++i]);
    i++;
  }
  if (tokens[i] !== 'edit') return null;
  return [...before, ...tokens.slice(i + 1)];
}

export class KubectlShell {
  /** the namespace of the current context */
  namespace = 'default';
  private readonly runs = new Map<number, Run>();
  private readonly timers = new Map<number, () => void>();
  private nextTimer = 0;
  private queue: FromWorker[] = [];

  constructor(private readonly cluster: Cluster) {
    // env.after runs on the cluster clock: timers are data, the callbacks live here
    cluster.clock.register(TIMER_OWNER, (_kind, data) => {
      const fn = this.timers.get(data as number);
      this.timers.delete(data as number);
      fn?.();
    });
  }

  /**
   * What the session holds outside the cluster that a snapshot must carry: the namespace and
   * the timer counter (a dead timer left in the clock must not fire a later timer's callback).
   * Runs are not included: a streaming run's callbacks cannot be serialised.
   */
  sessionState(): { namespace: string; nextTimer: number } {
    return { namespace: this.namespace, nextTimer: this.nextTimer };
  }

  restoreSession(s: { namespace: string; nextTimer: number }): void {
    this.namespace = s.namespace;
    this.nextTimer = s.nextTimer;
  }

  /** Runs that have not ended yet (a streaming command, an open edit). */
  get active(): number[] {
    return [...this.runs.keys()];
  }

  /** Messages for the page since the last call, in order. */
  take(): FromWorker[] {
    const q = this.queue;
    this.queue = [];
    return q;
  }

  env(files?: Record<string, string>): KubectlEnv {
    const cluster = this.cluster;
    return {
      client: cluster.client(TERMINAL_AGENT),
      nowMs: () => cluster.nowMs(),
      namespace: this.namespace,
      files: files ?? {},
      // `kubectl top` reads the metrics API the metrics-server component serves
      metrics: cluster.components.find((c) => c.name === 'metrics-server') as unknown as MetricsSource | undefined,
      after: (ms, fn) => {
        const id = ++this.nextTimer;
        this.timers.set(id, fn);
        cluster.clock.after(ms, TIMER_OWNER, 'kubectl', id);
        return () => this.timers.delete(id);
      },
      setNamespace: (ns) => {
        this.namespace = ns;
      },
    };
  }

  private emit(run: number, c: KubectlChunk): void {
    if (!c.stdout && !c.stderr && c.exitCode === undefined) return;
    // a `get -w` prints line by line: merge what piles up between two frames into one message
    const last = this.queue[this.queue.length - 1];
    if (last?.type === 'kubectlOutput' && last.run === run && last.exitCode === undefined && !last.stderr && !c.stderr && c.stdout) {
      last.stdout = (last.stdout ?? '') + c.stdout;
      if (c.exitCode !== undefined) last.exitCode = c.exitCode;
    } else {
      const msg: KubectlOutputMessage = { type: 'kubectlOutput', run };
      if (c.stdout) msg.stdout = c.stdout;
      if (c.stderr) msg.stderr = c.stderr;
      if (c.exitCode !== undefined) msg.exitCode = c.exitCode;
      this.queue.push(msg);
    }
    if (c.exitCode !== undefined) this.runs.delete(run);
  }

  /** Starts one command line; its output follows as `kubectlOutput` messages. */
  start(run: number, line: string, files?: Record<string, string>): void {
    if (this.runs.has(run)) throw new Error(`run ${run} is still running`);
    const env = this.env(files);
    const edit = editArgs(line);
    if (edit) {
      this.startEdit(run, edit, env);
      return;
    }
    const entry: Run = { running: null };
    this.runs.set(run, entry);
    // output printed synchronously (most commands) arrives before startKubectl returns
    entry.running = startKubectl(line, env, (c) => this.emit(run, c));
  }

  /** Ctrl-C: the command stops printing and the shell reports 130. An open edit is abandoned. */
  stop(run: number): void {
    const entry = this.runs.get(run);
    if (!entry) return; // it already ended: nothing to interrupt
    entry.running?.stop();
    this.emit(run, { exitCode: SIGINT_EXIT });
  }

  /** Tab completion for the terminal's line (everything before the cursor). */
  complete(line: string): Completion {
    return completeLine(line, this.cluster, this.namespace);
  }

  // ---- kubectl edit ---------------------------------------------------------------------

  private startEdit(run: number, args: string[], env: KubectlEnv): void {
    // `-o yaml|json` picks edit's format; the playground edits YAML, so drop it
    const rest: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-o' || a === '--output') i++;
      else if (!a.startsWith('-o') && !a.startsWith('--output=') && a !== '--save-config' && a !== '--windows-line-endings' && !a.startsWith('--validate')) rest.push(a);
    }
    if (!rest.some((a) => !a.startsWith('-'))) {
      // kubectl: `error: You must provide one or more resources by argument or filename.`
      this.emit(run, { stderr: 'error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'\n', exitCode: 1 });
      return;
    }
    // the same resolution, errors and namespace rules as `kubectl get`
    const got = runKubectl(['kubectl', 'get', ...rest, '-o', 'json'].map(shellQuote).join(' '), env);
    if (got.exitCode !== 0 || got.stderr || !got.stdout.trim()) {
      // get -o json prints an empty List beside the error; edit prints only the error
      this.emit(run, { stderr: got.stderr || 'error: edit cancelled, no objects found\n', exitCode: got.exitCode || 1 });
      return;
    }
    const fetched = JSON.parse(got.stdout) as KObject;
    const originals = fetched.kind === 'List' ? ((fetched.items as KObject[] | undefined) ?? []) : [fetched];
    if (!originals.length) {
      this.emit(run, { stderr: 'error: edit cancelled, no objects found\n', exitCode: 1 });
      return;
    }
    const text = EDIT_HEADER + toYaml(fetched);
    const title = originals.length === 1 ? refOf(originals[0]) : `${originals.length} objects`;
    this.runs.set(run, { running: null, edit: { originals, originalText: text, title } });
    this.queue.push({ type: 'kubectlEditor', run, title, text });
  }

  /** The editor closed: `text` saved, or null when the learner cancelled. */
  finishEdit(run: number, text: string | null): void {
    const entry = this.runs.get(run);
    if (!entry?.edit) throw new Error(`no kubectl edit is waiting for run ${run}`);
    const s = entry.edit;
    if (text === null || (s.failedText !== undefined && stripComments(text) === stripComments(s.failedText))) {
      if (s.failedText !== undefined) this.emit(run, { stderr: 'error: Edit cancelled, no valid changes were saved.\n', exitCode: 1 });
      else this.emit(run, { stderr: 'Edit cancelled, no changes made.\n', exitCode: 0 });
      return;
    }
    if (stripComments(text) === stripComments(s.originalText)) {
      this.emit(run, { stderr: 'Edit cancelled, no changes made.\n', exitCode: 0 });
      return;
    }
    if (!stripComments(text)) {
      this.emit(run, { stderr: 'Edit cancelled, saved file was empty.\n', exitCode: 0 });
      return;
    }
    let edited: KObject[];
    try {
      // comments are YAML comments: parsing the whole text keeps line numbers the editor shows
      edited = parseManifests(text, 'edited-file');
    } catch (e) {
      const msg = (e instanceof Error ? e.message : String(e)).replace(/^error: error parsing edited-file: /, '');
      this.reopen(run, s, text, [{ head: `The edited file had a syntax error: ${msg}` }]);
      return;
    }
    const client = this.cluster.client(TERMINAL_AGENT);
    const reasons: { head: string; other?: string[] }[] = [];
    let out = '';
    for (const obj of edited) {
      const orig = s.originals.find((o) => (obj.metadata?.uid && o.metadata?.uid === obj.metadata.uid) || (o.kind === obj.kind && o.metadata?.name === obj.metadata?.name));
      if (!orig || orig.apiVersion !== obj.apiVersion || orig.kind !== obj.kind || orig.metadata?.name !== obj.metadata?.name) {
        this.emit(run, { stdout: out || undefined, stderr: 'error: At least one of apiVersion, kind and name was changed\n', exitCode: 1 });
        return;
      }
      const info = resourceForKind(orig.apiVersion, orig.kind);
      if (!info) continue;
      const ref = `${kindGroup(info)}/${orig.metadata?.name}`;
      if (deepEqual(orig, obj)) {
        out += `${ref} skipped\n`;
        continue;
      }
      const patch = threeWayPatch(orig, obj, orig);
      try {
        client.patch(info.resource, orig.metadata?.namespace, orig.metadata!.name!, patch, 'merge');
        out += `${ref} edited\n`;
      } catch (e) {
        if (e instanceof ApiError && e.reason === 'Invalid') {
          const name = orig.metadata?.name ?? '';
          out += `error: ${qualifiedResource(info)} ${JSON.stringify(name)} is invalid\n`;
          reasons.push({ head: `${qualifiedResource(info)} ${JSON.stringify(name)} was not valid`, other: (e.status.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`) });
          continue;
        }
        const r = renderError(e);
        this.emit(run, { stdout: out || undefined, stderr: r.text, exitCode: r.exitCode });
        return;
      }
    }
    if (reasons.length) {
      if (out) this.emit(run, { stdout: out });
      this.reopen(run, s, text, reasons);
      return;
    }
    this.emit(run, { stdout: out || undefined, exitCode: 0 });
  }

  /** Reopens the editor on the learner's text under a header that says what went wrong. */
  private reopen(run: number, s: EditSession, text: string, reasons: { head: string; other?: string[] }[]): void {
    let header = EDIT_HEADER;
    for (const r of reasons) {
      header += r.other?.length ? `# ${r.head}:\n` : `# ${r.head}\n`;
      for (const o of r.other ?? []) header += `# * ${o}\n`;
      header += '#\n';
    }
    // kubectl strips its own header lines and writes the new one on top
    const body = text
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('\n');
    const reopened = header + body;
    s.failedText = reopened;
    this.queue.push({ type: 'kubectlEditor', run, title: s.title, text: reopened, error: reasons.map((r) => [r.head, ...(r.other ?? [])].join('\n')).join('\n') });
  }
}

function refOf(o: KObject): string {
  const info = resourceForKind(o.apiVersion, o.kind);
  return info ? `${kindGroup(info)}/${o.metadata?.name}` : `${o.kind}/${o.metadata?.name}`;
}


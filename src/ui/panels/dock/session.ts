/**
 * The page side of the terminal's kubectl session: starts runs in the worker (each a number
 * chosen here), routes the `kubectlOutput` chunks back to whoever started the run, and hands
 * `kubectl edit` to the editor. The terminal and the editor's Apply both go through it, so the
 * editor's `kubectl apply -f` runs in the same session (same namespace) as typed commands.
 */
import type { Call, FromWorker, KubectlCompletion } from '../../../worker/protocol';

export interface RunHandlers {
  output(chunk: { stdout?: string; stderr?: string }): void;
  exit(code: number): void;
  /** `kubectl edit` opened the editor on `title` */
  editor?(title: string): void;
}

export interface Wire {
  send<T = unknown>(call: Call): Promise<T>;
  listen(fn: (msg: FromWorker) => void): () => void;
}

export interface EditorHooks {
  open(e: { run: number; title: string; text: string; error?: string }): void;
  close(run: number): void;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as printed */
  transcript: { stream: 'stdout' | 'stderr'; text: string }[];
  exitCode: number;
}

export class KubectlSession {
  private nextRun = 1;
  private readonly runs = new Map<number, RunHandlers>();
  private unlisten: (() => void) | null = null;

  constructor(
    private readonly wire: Wire,
    private readonly editor?: EditorHooks,
  ) {}

  private attach(): void {
    if (!this.unlisten) this.unlisten = this.wire.listen((m) => this.onMessage(m));
  }

  private onMessage(msg: FromWorker): void {
    if (msg.type === 'kubectlEditor') {
      this.runs.get(msg.run)?.editor?.(msg.title);
      this.editor?.open({ run: msg.run, title: msg.title, text: msg.text, error: msg.error });
      return;
    }
    if (msg.type !== 'kubectlOutput') return;
    const h = this.runs.get(msg.run);
    if (!h) return;
    if (msg.stdout || msg.stderr) h.output({ stdout: msg.stdout, stderr: msg.stderr });
    if (msg.exitCode !== undefined) {
      this.runs.delete(msg.run);
      this.editor?.close(msg.run);
      h.exit(msg.exitCode);
    }
  }

  /** Starts a kubectl line; returns its run number (for Ctrl-C). */
  start(line: string, handlers: RunHandlers, files?: Record<string, string>): number {
    this.attach();
    const run = this.nextRun++;
    this.runs.set(run, handlers);
    this.wire.send({ op: 'kubectlStart', run, line, files }).catch((e: unknown) => {
      // the worker refused the call itself (too long a line, a stopped simulation)
      if (!this.runs.delete(run)) return;
      handlers.output({ stderr: `error: ${e instanceof Error ? e.message : String(e)}\n` });
      handlers.exit(1);
    });
    return run;
  }

  /** Ctrl-C. */
  stop(run: number): void {
    void this.wire.send({ op: 'kubectlStop', run }).catch(() => undefined);
  }

  /** Runs a line to its end and collects what it printed. */
  run(line: string, files?: Record<string, string>): Promise<RunResult> {
    return new Promise((resolve) => {
      const r: RunResult = { stdout: '', stderr: '', transcript: [], exitCode: 0 };
      this.start(
        line,
        {
          output(c) {
            if (c.stdout) {
              r.stdout += c.stdout;
              r.transcript.push({ stream: 'stdout', text: c.stdout });
            }
            if (c.stderr) {
              r.stderr += c.stderr;
              r.transcript.push({ stream: 'stderr', text: c.stderr });
            }
          },
          exit(code) {
            r.exitCode = code;
            resolve(r);
          },
        },
        files,
      );
    });
  }

  complete(line: string): Promise<KubectlCompletion> {
    return this.wire.send<KubectlCompletion>({ op: 'kubectlComplete', line }).catch(() => ({ start: line.length, candidates: [] }));
  }

  /** The editor of a `kubectl edit` was saved (text) or cancelled (null). */
  finishEdit(run: number, text: string | null): Promise<void> {
    return this.wire.send({ op: 'kubectlEdit', run, text }).then(() => undefined);
  }
}

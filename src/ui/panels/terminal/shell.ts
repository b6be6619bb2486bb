/**
 * The terminal's shell: turns keystrokes (xterm's `onData` strings) into line editing, runs
 * `kubectl …` / `k …` lines in the worker and prints their output as it streams, and knows a
 * few built-ins (`clear`, `help`, `history`). Ctrl-C stops a running command (`get -w`,
 * `logs -f`, `rollout status`, an open `kubectl edit`); what is typed meanwhile waits, as a
 * real terminal's type-ahead does. The prompt turns red and shows the exit code after a
 * failure. Pure: no DOM — the view gives it `write` and a backend.
 */
import type { KubectlCompletion } from '../../../worker/protocol';
import type { RunHandlers } from '../dock/session';
import { LineEditor } from './lineeditor';

export interface ShellBackend {
  start(line: string, handlers: RunHandlers): number;
  stop(run: number): void;
  complete(line: string): Promise<KubectlCompletion>;
}

export interface ShellState {
  running: boolean;
  exitCode: number;
}

export interface ShellOptions {
  write(text: string): void;
  backend: ShellBackend;
  /** shared, so it outlives a remount of the view */
  history?: string[];
  onState?(s: ShellState): void;
  /** a line was added to the history (to persist it) */
  onHistory?(history: string[]): void;
}

const RED = '\x1b[31m';
const BOLD_RED = '\x1b[1;31m';
const BOLD_GREEN = '\x1b[1;32m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** kubectl's commands: typed without `kubectl`, the shell says what the learner probably meant. */
const KUBECTL_WORDS = new Set(['get', 'describe', 'apply', 'create', 'delete', 'logs', 'scale', 'rollout', 'edit', 'explain', 'label', 'annotate', 'cordon', 'uncordon', 'drain', 'taint', 'top', 'exec', 'expose', 'run', 'set', 'version', 'config', 'cluster-info', 'api-resources', 'patch', 'replace', 'wait', 'autoscale']);

export const HELP_TEXT = `This terminal runs kubectl against the playground's cluster (k is short for kubectl).

  kubectl get pods                              list pods
  kubectl create deployment hello --image=nginx create a Deployment
  kubectl get pods -w                           watch changes; Ctrl-C stops
  kubectl scale deployment hello --replicas=5   scale it
  kubectl edit deployment hello                 edit it in the Editor tab
  kubectl apply -f <file>                       the Editor tab applies manifests
  kubectl explain pods.spec                     field documentation

Built in: clear, help, history.
Keys: Tab completes, Up/Down recall history, Ctrl-C interrupts, Ctrl-L clears,
      Ctrl-A/Ctrl-E start/end of line, Ctrl-U/Ctrl-K cut, Ctrl-W deletes a word.
`;

/** Terminal text: every newline as CR LF. */
export function crlf(s: string): string {
  return s.replace(/\r?\n/g, '\r\n');
}

function commonPrefix(words: string[]): string {
  let p = words[0] ?? '';
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** Candidates in columns, as bash lists them on a second Tab. */
export function columns(words: string[], cols: number): string {
  const width = Math.max(...words.map((w) => w.length)) + 2;
  const perRow = Math.max(1, Math.floor(cols / width));
  const rows = Math.ceil(words.length / perRow);
  let out = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < perRow; c++) {
      const w = words[c * rows + r];
      if (w !== undefined) line += w.padEnd(width);
    }
    out += line.trimEnd() + '\r\n';
  }
  return out;
}

export function promptFor(exitCode: number): string {
  return exitCode === 0 ? `${BOLD_GREEN}$${RESET} ` : `${RED}[${exitCode}]${RESET} ${BOLD_RED}$${RESET} `;
}

export class Shell {
  readonly editor: LineEditor;
  private run: number | null = null;
  /** set while a run starts, so an exit reported synchronously is not lost */
  private starting = false;
  private typeahead = '';
  private exitCode = 0;
  private atLineStart = true;
  private completion = 0;
  /** a Tab is waiting for the worker: later keys wait too, so they apply in the order typed */
  private completing = false;
  private readonly o: ShellOptions;

  constructor(o: ShellOptions) {
    this.o = o;
    this.editor = new LineEditor(o.history ?? []);
  }

  get running(): boolean {
    return this.run !== null || this.starting;
  }

  /** Writes the first prompt. */
  start(banner = ''): void {
    this.o.write(crlf(banner) + this.editor.start(promptFor(this.exitCode)));
  }

  resize(cols: number): void {
    this.editor.cols = Math.max(10, cols);
  }

  private write(s: string): void {
    if (s) this.o.write(s);
  }

  private state(): void {
    this.o.onState?.({ running: this.running, exitCode: this.exitCode });
  }

  private prompt(): void {
    this.write(this.editor.start(promptFor(this.exitCode)));
    this.state();
    const pending = this.typeahead;
    this.typeahead = '';
    if (pending) this.input(pending);
  }

  /** Keystrokes and pasted text from the terminal. */
  input(data: string): void {
    if (this.completing) {
      this.typeahead += data;
      return;
    }
    if (this.running) {
      if (data.includes('\x03')) {
        this.typeahead = '';
        this.write('^C');
        this.atLineStart = false;
        if (this.run !== null) this.o.backend.stop(this.run);
      } else this.typeahead += data;
      return;
    }
    const ed = this.editor;
    let i = 0;
    while (i < data.length) {
      if (this.running || this.completing) {
        this.typeahead += data.slice(i);
        return;
      }
      const rest = data.slice(i);
      // escape sequences: arrows, Home/End, Delete; unknown ones are skipped whole
      const esc = /^\x1b(?:\[[0-9;]*[~A-Za-z]|O[A-Za-z])/.exec(rest);
      if (esc) {
        const s = esc[0];
        if (s === '\x1b[A' || s === '\x1bOA') this.write(ed.browse(-1));
        else if (s === '\x1b[B' || s === '\x1bOB') this.write(ed.browse(1));
        else if (s === '\x1b[C' || s === '\x1bOC') this.write(ed.move(ed.cursor + 1));
        else if (s === '\x1b[D' || s === '\x1bOD') this.write(ed.move(ed.cursor - 1));
        else if (s === '\x1b[H' || s === '\x1bOH' || s === '\x1b[1~') this.write(ed.move(0));
        else if (s === '\x1b[F' || s === '\x1bOF' || s === '\x1b[4~') this.write(ed.move(ed.buffer.length));
        else if (s === '\x1b[3~') this.write(ed.del());
        i += s.length;
        continue;
      }
      const ch = data[i];
      if (ch === '\r' || ch === '\n') {
        i += ch === '\r' && data[i + 1] === '\n' ? 2 : 1;
        this.submit();
        continue;
      }
      i++;
      switch (ch) {
        case '\x7f':
        case '\b':
          this.write(ed.backspace());
          break;
        case '\t':
          this.tab();
          break;
        case '\x03': // Ctrl-C at the prompt: abandon the line
          this.write('^C' + ed.finish());
          this.write(ed.start(ed.prompt));
          break;
        case '\x0c': // Ctrl-L
          this.write('\x1b[2J\x1b[H' + ed.redraw());
          break;
        case '\x01':
          this.write(ed.move(0));
          break;
        case '\x05':
          this.write(ed.move(ed.buffer.length));
          break;
        case '\x02':
          this.write(ed.move(ed.cursor - 1));
          break;
        case '\x06':
          this.write(ed.move(ed.cursor + 1));
          break;
        case '\x10':
          this.write(ed.browse(-1));
          break;
        case '\x0e':
          this.write(ed.browse(1));
          break;
        case '\x15':
          this.write(ed.killBefore());
          break;
        case '\x0b':
          this.write(ed.killAfter());
          break;
        case '\x17':
          this.write(ed.deleteWord());
          break;
        default: {
          if (ch < ' ' || ch === '\x1b') break; // other control keys do nothing
          // a run of printable text (typing, or a paste) goes in at once
          let j = i;
          while (j < data.length && data[j] >= ' ' && data[j] !== '\x7f' && data[j] !== '\x1b') j++;
          this.write(ed.insert(data.slice(i - 1, j)));
          i = j;
        }
      }
    }
  }

  private submit(): void {
    const ed = this.editor;
    const line = ed.buffer;
    this.write(ed.finish());
    ed.remember(line);
    if (line.trim()) this.o.onHistory?.(ed.history);
    this.execute(line.trim());
  }

  private done(code: number): void {
    this.exitCode = code;
    this.prompt();
  }

  private execute(line: string): void {
    if (!line) return this.prompt();
    const first = line.split(/\s+/, 1)[0];
    switch (first) {
      case 'clear':
        this.write('\x1b[2J\x1b[3J\x1b[H');
        return this.done(0);
      case 'help':
        this.write(crlf(HELP_TEXT));
        return this.done(0);
      case 'history': {
        if (line === 'history -c') {
          this.editor.history.length = 0;
          this.o.onHistory?.(this.editor.history);
          return this.done(0);
        }
        const h = this.editor.history;
        this.write(h.map((l, n) => `${String(n + 1).padStart(5)}  ${l}\r\n`).join(''));
        return this.done(0);
      }
      case 'k':
      case 'kubectl':
        return this.kubectl('kubectl' + line.slice(first.length));
      default: {
        let text = `bash: ${first}: command not found\r\n`;
        if (KUBECTL_WORDS.has(first)) text += `${DIM}this terminal runs kubectl: try \`kubectl ${line}\`${RESET}\r\n`;
        this.write(text);
        return this.done(127);
      }
    }
  }

  private kubectl(line: string): void {
    this.atLineStart = true;
    this.starting = true;
    let ended = false;
    const print = (text: string, color?: string) => {
      if (!text) return;
      this.write(color ? color + crlf(text) + RESET : crlf(text));
      this.atLineStart = text.endsWith('\n');
    };
    const run = this.o.backend.start(line, {
      output: (c) => {
        print(c.stdout ?? '');
        // stderr in red: the words are kubectl's, the colour is the playground's
        print(c.stderr ?? '', RED);
      },
      exit: (code) => {
        if (ended) return;
        ended = true;
        this.run = null;
        this.starting = false;
        if (!this.atLineStart) this.write('\r\n');
        this.atLineStart = true;
        this.done(code);
      },
      editor: (title) => {
        print(`${DIM}Editing ${title} in the Editor tab: Save applies the change, Cancel leaves it as it was.${RESET}\n`);
      },
    });
    this.starting = false;
    if (!ended) {
      this.run = run;
      this.state();
    }
  }

  private tab(): void {
    const ed = this.editor;
    const before = ed.buffer;
    const cursor = ed.cursor;
    const line = before.slice(0, cursor);
    const seq = ++this.completion;
    this.completing = true;
    const resume = () => {
      if (seq !== this.completion) return;
      this.completing = false;
      const pending = this.typeahead;
      this.typeahead = '';
      if (pending) this.input(pending);
    };
    void this.o.backend
      .complete(line)
      .then((c) => this.applyCompletion(c, line, before, cursor))
      .catch(() => undefined)
      .finally(resume);
  }

  private applyCompletion(c: KubectlCompletion, line: string, before: string, cursor: number): void {
    const ed = this.editor;
    if (this.running || ed.buffer !== before || ed.cursor !== cursor) return;
    const word = line.slice(c.start);
    if (!c.candidates.length) return this.write('\x07');
    if (c.candidates.length === 1) {
      const w = c.candidates[0];
      return this.write(ed.replace(c.start, w + (/[/=]$/.test(w) ? '' : ' ')));
    }
    const common = commonPrefix(c.candidates);
    if (common.length > word.length) return this.write(ed.replace(c.start, common));
    // nothing more to insert: list the choices and redraw the line under them
    this.write(ed.finish() + columns(c.candidates, ed.cols) + ed.redraw());
  }
}

import { describe, expect, it } from 'vitest';
import type { KubectlCompletion } from '../../../worker/protocol';
import type { RunHandlers } from '../dock/session';
import { LineEditor, visibleWidth } from './lineeditor';
import { Shell, columns, promptFor } from './shell';

/** What a learner would read: colours and cursor moves stripped, CR LF as LF. */
// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n/g, '\n');

function setup(completions: Record<string, KubectlCompletion> = {}) {
  let screen = '';
  const started: { line: string; h: RunHandlers; run: number }[] = [];
  const stopped: number[] = [];
  let next = 1;
  const shell = new Shell({
    write: (s) => (screen += s),
    history: [],
    backend: {
      start(line, h) {
        const run = next++;
        started.push({ line, h, run });
        return run;
      },
      stop: (run) => stopped.push(run),
      complete: async (line) => completions[line] ?? { start: line.length, candidates: [] },
    },
  });
  shell.resize(80);
  shell.start();
  return {
    shell,
    started,
    stopped,
    get screen() {
      return plain(screen);
    },
    type: (s: string) => shell.input(s),
  };
}

describe('Shell', () => {
  it('runs kubectl and k lines in the worker, printing output and the next prompt', () => {
    const t = setup();
    t.type('kubectl create deployment hello --image=nginx\r');
    expect(t.started[0].line).toBe('kubectl create deployment hello --image=nginx');
    expect(t.shell.running).toBe(true);
    t.started[0].h.output({ stdout: 'deployment.apps/hello created\n' });
    t.started[0].h.exit(0);
    expect(t.shell.running).toBe(false);
    expect(t.screen).toContain('$ kubectl create deployment hello --image=nginx\ndeployment.apps/hello created\n$ ');
    t.type('k get pods\r');
    expect(t.started[1].line).toBe('kubectl get pods');
  });

  it('shows a failed exit code in the prompt', () => {
    const t = setup();
    t.type('kubectl get nope\r');
    t.started[0].h.output({ stderr: 'error: the server doesn\'t have a resource type "nope"\n' });
    t.started[0].h.exit(1);
    expect(t.screen.endsWith('[1] $ ')).toBe(true);
    expect(promptFor(1)).toContain('\x1b[31m');
    expect(visibleWidth(promptFor(1))).toBe(6);
  });

  it('Ctrl-C stops a streaming command; what was typed meanwhile runs after it', () => {
    const t = setup();
    t.type('kubectl get pods -w\r');
    t.started[0].h.output({ stdout: 'NAME   READY\n' });
    t.type('k get nodes\r');
    expect(t.started).toHaveLength(1); // type-ahead waits
    t.type('\x03');
    expect(t.stopped).toEqual([1]);
    t.started[0].h.exit(130);
    expect(t.screen).toContain('^C\n[130] $ ');
    // Ctrl-C also drops the type-ahead, as a terminal discards pending input on interrupt
    expect(t.started).toHaveLength(1);
    t.type('k get nodes\r');
    t.started[1].h.exit(0);
    t.type('echo hi\r');
    expect(t.screen).toContain('bash: echo: command not found');
  });

  it('remembers history; up and down walk it and keep the draft', () => {
    const t = setup();
    for (const l of ['kubectl get pods', 'kubectl get nodes']) {
      t.type(l + '\r');
      t.started[t.started.length - 1].h.exit(0);
    }
    t.type('kubectl des');
    t.type('\x1b[A');
    expect(t.shell.editor.buffer).toBe('kubectl get nodes');
    t.type('\x1b[A');
    expect(t.shell.editor.buffer).toBe('kubectl get pods');
    t.type('\x1b[A');
    expect(t.shell.editor.buffer).toBe('kubectl get pods');
    t.type('\x1b[B\x1b[B');
    expect(t.shell.editor.buffer).toBe('kubectl des');
    t.type('\x15history\r');
    expect(t.screen).toContain('    1  kubectl get pods\n    2  kubectl get nodes\n    3  history\n');
  });

  it('edits the line: cursor keys, Ctrl-A/E, Ctrl-W, backspace, delete', () => {
    const t = setup();
    t.type('kubectl get pod');
    t.type('\x01');
    expect(t.shell.editor.cursor).toBe(0);
    t.type('\x05\x7f\x7f\x7fdeploy');
    expect(t.shell.editor.buffer).toBe('kubectl get deploy');
    t.type('\x17');
    expect(t.shell.editor.buffer).toBe('kubectl get ');
    t.type('\x1b[D\x1b[D\x1b[3~');
    expect(t.shell.editor.buffer).toBe('kubectl ge ');
  });

  it('completes a single candidate, inserts a common prefix, lists many', async () => {
    const t = setup({
      'kubectl ge': { start: 8, candidates: ['get'] },
      'kubectl get po': { start: 12, candidates: ['poddisruptionbudgets', 'pods'] },
      'kubectl get pods ': { start: 17, candidates: ['web-1', 'web-2', 'api-1'] },
    });
    t.type('kubectl ge\t');
    await Promise.resolve();
    await Promise.resolve();
    expect(t.shell.editor.buffer).toBe('kubectl get ');
    t.type('po\t');
    await new Promise((r) => setTimeout(r, 0));
    expect(t.shell.editor.buffer).toBe('kubectl get pod');
    t.type('s \t');
    await new Promise((r) => setTimeout(r, 0));
    expect(t.screen).toContain('web-1  web-2  api-1');
    expect(t.shell.editor.buffer).toBe('kubectl get pods ');
  });

  it('answers help and clear, and points at kubectl when its command is typed bare', () => {
    const t = setup();
    t.type('help\r');
    expect(t.screen).toContain('This terminal runs kubectl');
    t.type('get pods\r');
    expect(t.screen).toContain('bash: get: command not found\nthis terminal runs kubectl: try `kubectl get pods`');
  });

  it('keys typed while a completion is pending apply after it, in order', async () => {
    const t = setup({ 'kubectl descr': { start: 8, candidates: ['describe'] }, 'kubectl describe deploy': { start: 17, candidates: ['deployments'] } });
    t.type('kubectl descr\t');
    t.type('deploy\t');
    t.type('x');
    for (let i = 0; i < 10; i++) await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(t.shell.editor.buffer).toBe('kubectl describe deployments x');
  });

  it('handles pasted multi-line text one line at a time', () => {
    const t = setup();
    t.type('kubectl get pods\nkubectl get nodes\n');
    expect(t.started.map((s) => s.line)).toEqual(['kubectl get pods']);
    t.started[0].h.exit(0);
    expect(t.started.map((s) => s.line)).toEqual(['kubectl get pods', 'kubectl get nodes']);
  });
});

describe('LineEditor', () => {
  it('redraws a wrapped line and puts the cursor back on the right row', () => {
    const ed = new LineEditor();
    ed.cols = 20;
    ed.start('$ ');
    ed.insert('x'.repeat(30)); // 32 columns: two rows
    const out = ed.move(5); // back to row 0
    expect(out).toContain('\x1b[1A'); // from the end row up to the cursor's
    expect(out.endsWith('\x1b[8G')).toBe(true); // column 2 + 5, 1-based
    const again = ed.move(0);
    expect(again.startsWith('\r')).toBe(true); // already on the prompt's row: no move up
  });

  it('lays out candidates in columns', () => {
    expect(columns(['a', 'bb', 'ccc'], 80)).toBe('a    bb   ccc\r\n');
    expect(columns(['aaaa', 'bbbb', 'cccc'], 12)).toBe('aaaa  cccc\r\nbbbb\r\n');
  });
});

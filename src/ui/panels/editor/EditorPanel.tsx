/**
 * The manifest editor: CodeMirror on YAML, a gallery of manifests from the Kubernetes docs,
 * and Apply / Dry run, which send the text to the worker as a file and run
 * `kubectl apply -f <file>` (`--dry-run=server`) in the terminal's session — the output is
 * kubectl's, word for word. A YAML error shows kubectl's message and marks the line.
 * During `kubectl edit` the same editor holds the object: Save / Cancel answer the waiting run.
 * Loaded lazily (CodeMirror is ~100 KiB) the first time the Editor tab opens.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { EditorView } from '@codemirror/view';
import { kubectlSession } from '../dock/kubectl';
import type { RunResult } from '../dock/session';
import { dockStore } from '../dock/store';
import { createEditor, setText, showLine } from './cm';
import { GALLERY } from './gallery/index';
import { kubectlErrorLine, safeFileName, yamlProblems, type Problem } from './problems';
import './editor.css';

/** What the editor held, so switching tabs (or a `kubectl edit`) never loses it. */
const draft = { text: GALLERY[0].yaml, file: `${GALLERY[0].id}.yaml` };

interface Outcome {
  command: string;
  result: RunResult;
  problem?: Pick<Problem, 'line' | 'col'>;
}

export default function EditorPanel({ active }: { active: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const edit = useStore(dockStore, (s) => s.edit);
  const [file, setFile] = useState(draft.file);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const editing = useRef<number | null>(null);
  const runRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const v = createEditor(host.current!, draft.text, {
      onChange: (text) => {
        if (editing.current === null) draft.text = text;
      },
      onRun: () => runRef.current(),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    if (active) requestAnimationFrame(() => view.current?.focus());
  }, [active]);

  // a `kubectl edit` opened or reopened the editor; when it ends, the draft comes back
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    if (edit) {
      editing.current = edit.run;
      setText(v, edit.text);
      setOutcome(null);
      if (edit.error) {
        const p = yamlProblems(edit.text)[0];
        if (p) showLine(v, p.line, p.col);
      }
      v.focus();
    } else if (editing.current !== null) {
      editing.current = null;
      setText(v, draft.text);
    }
  }, [edit]);

  const apply = useCallback(
    async (dryRun: boolean) => {
      const v = view.current;
      if (!v || busy) return;
      const text = v.state.doc.toString();
      const name = safeFileName(file);
      const command = `kubectl apply -f ${name}${dryRun ? ' --dry-run=server' : ''}`;
      setBusy(true);
      try {
        const result = await kubectlSession.run(command, { [name]: text });
        let problem: Outcome['problem'];
        const named = result.exitCode !== 0 ? kubectlErrorLine(result.stderr) : undefined;
        if (named !== undefined) {
          // mark the line kubectl names, so message and mark agree; the parser adds the column
          // when it found the problem on that line too (its own squiggle shows where it did)
          const p = yamlProblems(text).find((x) => x.line === named);
          problem = { line: named, col: p?.col ?? 1 };
          showLine(v, problem.line, problem.col);
        }
        setOutcome({ command, result, problem });
      } finally {
        setBusy(false);
      }
    },
    [busy, file],
  );

  const save = useCallback(async () => {
    const v = view.current;
    if (!v || !edit) return;
    setBusy(true);
    try {
      await kubectlSession.finishEdit(edit.run, v.state.doc.toString());
    } finally {
      setBusy(false);
    }
  }, [edit]);

  const cancel = useCallback(() => {
    if (edit) void kubectlSession.finishEdit(edit.run, null);
  }, [edit]);

  runRef.current = edit ? () => void save() : () => void apply(false);

  const pick = (id: string) => {
    const item = GALLERY.find((g) => g.id === id);
    const v = view.current;
    if (!item || !v) return;
    setText(v, item.yaml);
    draft.text = item.yaml;
    draft.file = `${item.id}.yaml`;
    setFile(draft.file);
    setOutcome(null);
  };

  const goTo = (p: Pick<Problem, 'line' | 'col'>) => {
    const v = view.current;
    if (!v) return;
    showLine(v, p.line, p.col);
    v.focus();
  };

  return (
    <div className="editor-panel" data-testid="editor" data-mode={edit ? 'edit' : 'apply'}>
      <div className="editor-toolbar" role="toolbar" aria-label="Manifest">
        {edit ? (
          <>
            <span className="editor-title">
              <span className="muted">kubectl edit</span> <span className="mono">{edit.title}</span>
            </span>
            <span className="spacer" />
            <button type="button" className="btn" data-testid="editor.cancel" onClick={cancel} disabled={busy}>
              Cancel
            </button>
            <button type="button" className="btn primary" data-testid="editor.save" onClick={() => void save()} disabled={busy} title="Save (Ctrl+Enter)">
              Save
            </button>
          </>
        ) : (
          <>
            <label className="field">
              <span>Examples</span>
              <select data-testid="editor.gallery" value="" onChange={(e) => pick(e.target.value)} aria-label="Load an example manifest">
                <option value="" disabled>
                  Load a manifest…
                </option>
                {GALLERY.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.title}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>File</span>
              <input
                className="mono"
                data-testid="editor.file"
                value={file}
                spellCheck={false}
                onChange={(e) => {
                  setFile(e.target.value);
                  draft.file = e.target.value;
                }}
                aria-label="File name kubectl applies"
              />
            </label>
            <span className="spacer" />
            <button type="button" className="btn" data-testid="editor.dry-run" onClick={() => void apply(true)} disabled={busy} title="kubectl apply --dry-run=server: the API server checks it, nothing is saved">
              Dry run
            </button>
            <button type="button" className="btn primary" data-testid="editor.apply" onClick={() => void apply(false)} disabled={busy} title="kubectl apply -f (Ctrl+Enter)">
              Apply
            </button>
          </>
        )}
      </div>
      <div className="editor-body">
        <div ref={host} className="editor-cm" />
        <section className="editor-output" aria-label="kubectl output" aria-live="polite" data-testid="editor.output" data-exit-code={outcome?.result.exitCode}>
          {edit ? (
            <p className="muted">
              {edit.error ? (
                <span className="stderr" data-testid="editor.edit-error">
                  {edit.error}
                </span>
              ) : (
                <>
                  The terminal's <code>kubectl edit</code> is waiting. Change the object and press <strong>Save</strong>: kubectl patches what you changed. <strong>Cancel</strong> leaves it as it was.
                </>
              )}
            </p>
          ) : outcome ? (
            <>
              <div className={`cmd mono ${outcome.result.exitCode === 0 ? 'ok' : 'failed'}`}>
                <span aria-hidden="true">$ </span>
                {outcome.command}
              </div>
              <pre className="mono">
                {outcome.result.transcript.map((c, i) => (
                  <span key={i} className={c.stream}>
                    {c.text}
                  </span>
                ))}
              </pre>
              {outcome.problem && (
                <button type="button" className="btn problem" data-testid="editor.problem" onClick={() => goTo(outcome.problem!)}>
                  Go to line {outcome.problem.line}, column {outcome.problem.col}
                </button>
              )}
            </>
          ) : (
            <p className="muted">
              Apply runs <code>kubectl apply -f {safeFileName(file)}</code> on this text; Dry run asks the API server to check it without saving. Several objects can share one file, separated by <code>---</code>.
            </p>
          )}
        </section>
      </div>
    </div>
  );
}

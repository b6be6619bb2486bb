/**
 * The CodeMirror setup for manifests: YAML highlighting, line numbers, undo, live syntax
 * checks (line and column, as the `yaml` parser reports them), and a mark for the line a
 * kubectl error names. Lives in the lazily loaded editor chunk.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { HighlightStyle, bracketMatching, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, linter, type Diagnostic } from '@codemirror/lint';
import { EditorState, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, type DecorationSet } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { yamlProblems } from './problems';

/** Marks (or clears, with null) the line a kubectl error names. */
export const markLine = StateEffect.define<number | null>();

const errorLine = Decoration.line({ attributes: { class: 'cm-kubectl-error' } });

const markField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const e of tr.effects) {
      if (!e.is(markLine)) continue;
      if (e.value === null || e.value < 1 || e.value > tr.state.doc.lines) return Decoration.none;
      return Decoration.set([errorLine.range(tr.state.doc.line(e.value).from)]);
    }
    // the learner is fixing it: the old mark no longer means anything
    return tr.docChanged ? Decoration.none : marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const yamlLint = linter(
  (view): Diagnostic[] =>
    yamlProblems(view.state.doc.toString()).map((p) => ({
      from: Math.min(p.from, view.state.doc.length),
      to: Math.min(p.to, view.state.doc.length),
      severity: 'error',
      message: `line ${p.line}, column ${p.col}: ${p.message}`,
    })),
  { delay: 300 },
);

const highlight = HighlightStyle.define([
  { tag: [t.propertyName, t.definition(t.propertyName)], color: '#0b5cad' },
  { tag: [t.string, t.special(t.string)], color: '#0a7c55' },
  { tag: [t.number, t.bool, t.null], color: '#a4400a' },
  { tag: t.comment, color: '#6b7483', fontStyle: 'italic' },
  { tag: [t.meta, t.documentMeta, t.punctuation, t.separator], color: '#6b7483' },
  { tag: [t.keyword, t.labelName, t.typeName], color: '#7a3e9d' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: 'var(--paper)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: '#f6f8fb', color: '#6b7483', borderRight: '1px solid var(--line)' },
  '.cm-activeLine': { backgroundColor: '#f3f6fb' },
  '.cm-activeLineGutter': { backgroundColor: '#e8eef8', color: 'var(--ink)' },
  '.cm-kubectl-error': { backgroundColor: '#fde8e4', boxShadow: 'inset 3px 0 0 var(--failed)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-content': { caretColor: 'var(--ink)' },
});

export function createEditor(parent: HTMLElement, doc: string, opts: { onChange(text: string): void; onRun(): void }): EditorView {
  const extensions: Extension[] = [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    bracketMatching(),
    indentUnit.of('  '),
    EditorState.tabSize.of(2),
    yaml(),
    syntaxHighlighting(highlight),
    yamlLint,
    lintGutter(),
    markField,
    // Ctrl/Cmd-Enter applies; Tab indents (Escape, then Tab, leaves the editor)
    keymap.of([{ key: 'Mod-Enter', run: () => (opts.onRun(), true) }, { key: 'Mod-s', run: () => (opts.onRun(), true), preventDefault: true }, ...defaultKeymap, ...historyKeymap, indentWithTab]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) opts.onChange(u.state.doc.toString());
    }),
    EditorView.contentAttributes.of({ 'aria-label': 'Manifest (YAML)', spellcheck: 'false', autocorrect: 'off', autocapitalize: 'off' }),
    theme,
  ];
  return new EditorView({ parent, state: EditorState.create({ doc, extensions }) });
}

/** Replaces the whole text (a gallery pick, a `kubectl edit`), clearing marks. */
export function setText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, effects: markLine.of(null), selection: { anchor: 0 } });
}

/** Marks a line and brings it into view, the cursor at `col`. */
export function showLine(view: EditorView, line: number, col = 1): void {
  const doc = view.state.doc;
  if (line < 1 || line > doc.lines) return;
  const l = doc.line(line);
  const pos = Math.min(l.from + Math.max(0, col - 1), l.to);
  view.dispatch({ effects: [markLine.of(line), EditorView.scrollIntoView(pos, { y: 'center' })], selection: { anchor: pos } });
}

/**
 * Where a manifest is wrong, for the editor's marks: YAML syntax problems with line and column
 * (from the same `yaml` parser kubectl's pipeline uses, with the same options), and the line
 * kubectl's own message names (`yaml: line 7: …`), so the mark and the message agree.
 */
import { isMap, isScalar, parseAllDocuments, visit, type Document } from 'yaml';

export interface Problem {
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
  /** offsets into the text */
  from: number;
  to: number;
  message: string;
}

/** Syntax problems of a (multi-document) YAML text, in order. */
export function yamlProblems(text: string): Problem[] {
  const out: Problem[] = [];
  // uniqueKeys compares every key with every other (a wide map would freeze the page); a
  // duplicate key is reported by kubectl's own linear check when the manifest is applied
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: true });
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    for (const e of d.errors) {
      const [from, to] = e.pos;
      const lp = e.linePos?.[0];
      out.push({ line: lp?.line ?? lineAt(text, from), col: lp?.col ?? 1, from, to: Math.max(to, from), message: e.message.split('\n')[0] });
    }
    out.push(...duplicateKeys(d, text));
  }
  return out.sort((a, b) => a.from - b.from);
}

/** Duplicate map keys, found in one pass (a set per map) instead of the parser's pairwise check. */
function duplicateKeys(doc: Document, text: string): Problem[] {
  const out: Problem[] = [];
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const k = isScalar(pair.key) ? pair.key.value : pair.key;
        if (!seen.has(k)) {
          seen.add(k);
          continue;
        }
        const range = isScalar(pair.key) ? pair.key.range : undefined;
        if (!range) continue;
        const from = range[0];
        const line = lineAt(text, from);
        const col = from - text.lastIndexOf('\n', from - 1);
        out.push({ line, col, from, to: range[1], message: 'Map keys must be unique' });
      }
    },
  });
  return out;
}

function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') n++;
  return n;
}

/** The line kubectl's error names, if it names one. */
export function kubectlErrorLine(message: string): number | undefined {
  const m = /yaml: line (\d+):/.exec(message) ?? /\bline (\d+): /.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** Offset of the start of a 1-based line. */
export function lineStart(text: string, line: number): number {
  let at = 0;
  for (let n = 1; n < line; n++) {
    const i = text.indexOf('\n', at);
    if (i < 0) return text.length;
    at = i + 1;
  }
  return at;
}

/** `kubectl apply -f <file>`: a file name kubectl would accept as typed. */
export function safeFileName(name: string): string {
  const n = name.trim().replace(/[^\w.@+-]/g, '-');
  return n || 'manifest.yaml';
}

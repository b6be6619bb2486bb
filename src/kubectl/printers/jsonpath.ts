/**
 * kubectl's JSONPath templates (client-go `util/jsonpath`): literal text and `{…}` actions with
 * `.field`, `['field']`, `[n]`, `[-n]`, `[a:b]`, `[*]`, `..name`, filters `[?(@.a=="x")]`,
 * `{range …}…{end}` and string literals `{"\n"}`. Several results of one action are joined
 * by a space; maps and lists print as JSON. Missing keys print nothing, as kubectl's
 * `--allow-missing-template-keys=true` does.
 */
export class JsonPathError extends Error {}

type Node =
  | { t: 'text'; s: string }
  | { t: 'path'; steps: Step[] }
  | { t: 'range'; steps: Step[]; body: Node[] };

type Step =
  | { t: 'field'; name: string }
  | { t: 'recursive'; name: string }
  | { t: 'index'; i: number }
  | { t: 'slice'; start?: number; end?: number }
  | { t: 'all' }
  | { t: 'filter'; left: Step[]; op?: string; right?: string | number | boolean | Step[] };

function parseSteps(expr: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  let s = expr.trim();
  if (s.startsWith('$')) s = s.slice(1);
  if (s === '@') return steps;
  if (s.startsWith('@')) s = s.slice(1);
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      i += 2;
      const m = /^[A-Za-z0-9_\-/]*/.exec(s.slice(i))![0];
      steps.push({ t: 'recursive', name: m });
      i += m.length;
    } else if (s[i] === '.') {
      i++;
      const m = /^[A-Za-z0-9_\-/*]*/.exec(s.slice(i))![0];
      if (m === '*') steps.push({ t: 'all' });
      else if (m) steps.push({ t: 'field', name: m });
      i += m.length;
    } else if (s[i] === '[') {
      const end = matchBracket(s, i);
      const inner = s.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === '*') steps.push({ t: 'all' });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ t: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(') && inner.endsWith(')')) steps.push(parseFilter(inner.slice(2, -1)));
      else if (inner.includes(':')) {
        const [a, b] = inner.split(':');
        steps.push({ t: 'slice', start: a.trim() ? Number(a) : undefined, end: b?.trim() ? Number(b) : undefined });
      } else if (/^-?\d+$/.test(inner)) steps.push({ t: 'index', i: Number(inner) });
      else throw new JsonPathError(`invalid array index ${inner}`);
    } else if (/[A-Za-z_]/.test(s[i]) && i === 0) {
      const m = /^[A-Za-z0-9_\-/]*/.exec(s)![0];
      steps.push({ t: 'field', name: m });
      i += m.length;
    } else throw new JsonPathError(`unrecognized character in action: U+${s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')} '${s[i]}'`);
  }
  return steps;
}

function matchBracket(s: string, i: number): number {
  let depth = 0;
  let quote = '';
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0) return j;
    }
  }
  throw new JsonPathError('unterminated array');
}

function parseFilter(f: string): Step {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$/.exec(f);
  if (!m) return { t: 'filter', left: parseSteps(f) };
  const rhs = m[3].trim();
  let right: string | number | boolean | Step[];
  if (/^'.*'$|^".*"$/.test(rhs)) right = rhs.slice(1, -1);
  else if (/^-?\d+(\.\d+)?$/.test(rhs)) right = Number(rhs);
  else if (rhs === 'true' || rhs === 'false') right = rhs === 'true';
  else right = parseSteps(rhs);
  return { t: 'filter', left: parseSteps(m[1]), op: m[2], right };
}

export function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({ t: 'text', s: template.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ t: 'text', s: template.slice(i, open) });
    let close = -1;
    let quote = '';
    for (let j = open + 1; j < template.length; j++) {
      const c = template[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = '';
      } else if (c === '"') quote = c;
      else if (c === '}') {
        close = j;
        break;
      }
    }
    if (close < 0) throw new JsonPathError('unclosed action');
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    const cur = stack[stack.length - 1];
    if (action.startsWith('range ')) {
      const node: Node = { t: 'range', steps: parseSteps(action.slice(6)), body: [] };
      cur.push(node);
      stack.push(node.body);
    } else if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else if (/^".*"$/s.test(action)) {
      cur.push({ t: 'text', s: JSON.parse(action.replace(/\t/g, '\\t')) as string });
    } else if (/^'.*'$/s.test(action)) {
      cur.push({ t: 'text', s: action.slice(1, -1) });
    } else cur.push({ t: 'path', steps: parseSteps(action) });
  }
  return root;
}

function evalSteps(values: unknown[], steps: Step[]): unknown[] {
  let cur = values;
  for (const st of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      switch (st.t) {
        case 'field':
          if (v && typeof v === 'object' && !Array.isArray(v) && st.name in v) next.push((v as Record<string, unknown>)[st.name]);
          break;
        case 'recursive':
          collect(v, st.name, next);
          break;
        case 'index':
          if (Array.isArray(v)) {
            const idx = st.i < 0 ? v.length + st.i : st.i;
            if (idx < 0 || idx >= v.length) throw new JsonPathError(`array index out of bounds: index ${st.i}, length ${v.length}`);
            next.push(v[idx]);
          }
          break;
        case 'slice':
          if (Array.isArray(v)) next.push(...v.slice(st.start ?? 0, st.end ?? v.length));
          break;
        case 'all':
          if (Array.isArray(v)) next.push(...v);
          else if (v && typeof v === 'object') next.push(...Object.values(v));
          break;
        case 'filter':
          if (Array.isArray(v)) for (const item of v) if (matches(item, st)) next.push(item);
          break;
      }
    }
    cur = next;
  }
  return cur;
}

function collect(v: unknown, name: string, out: unknown[]): void {
  if (Array.isArray(v)) for (const x of v) collect(x, name, out);
  else if (v && typeof v === 'object') {
    if (!name) out.push(v);
    for (const [k, x] of Object.entries(v)) {
      if (k === name) out.push(x);
      collect(x, name, out);
    }
  }
}

function matches(item: unknown, f: Extract<Step, { t: 'filter' }>): boolean {
  const left = evalSteps([item], f.left);
  if (!f.op) return left.length > 0;
  if (!left.length) return false;
  const r = Array.isArray(f.right) ? evalSteps([item], f.right)[0] : f.right;
  const l = left[0] as string | number;
  const rv = r as string | number;
  switch (f.op) {
    case '==':
      return l === rv || String(l) === String(rv);
    case '!=':
      return String(l) !== String(rv);
    case '<':
      return l < rv;
    case '>':
      return l > rv;
    case '<=':
      return l <= rv;
    case '>=':
      return l >= rv;
    case '=~':
      return new RegExp(String(rv)).test(String(l));
  }
  return false;
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function run(nodes: Node[], data: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.s;
    else if (n.t === 'path') out += evalSteps([data], n.steps).map(text).join(' ');
    else for (const item of evalSteps([data], n.steps)) out += run(n.body, item);
  }
  return out;
}

export function jsonpath(template: string, data: unknown): string {
  return run(parseTemplate(template), data);
}

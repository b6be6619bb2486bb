/**
 * `-o yaml` and `-o json` as kubectl prints them. kubectl holds objects as unstructured maps, so
 * both outputs sort keys: JSON with Go's encoding/json (bytewise, 4-space indent), YAML through
 * sigs.k8s.io/yaml → go-yaml v2 (its "natural" key order, sequences not indented under their
 * key, strings that would read as another type double-quoted, others single-quoted when they
 * cannot be plain, multi-line strings as `|` blocks, no line folding).
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** go-yaml v2 `keyList.Less`: digit runs compare numerically, non-letters sort before letters. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  const isDigit = (c: string) => c >= '0' && c <= '9';
  const isLetter = (c: string) => /\p{L}/u.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    let ai = i;
    let bi = i;
    if (isDigit(ar[i]) || isDigit(br[i])) {
      // compare the whole digit runs as numbers (go-yaml: numbers before other symbols)
      for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
      for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
      if (an !== bn) return an < bn;
      if (ai !== bi) return ai < bi;
    }
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

function sortYamlKeys(keys: string[]): string[] {
  return keys.sort((a, b) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
}

const NON_STRING = /^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0x[0-9a-fA-F]+|0o?[0-7]+|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|\d{4}-\d\d?-\d\d?([Tt ]|\s+)?.*|<<)$/;

function needsQuotes(s: string): 'double' | 'single' | null {
  if (s === '') return 'double';
  if (NON_STRING.test(s)) return 'double';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(s)) return 'double';
  if (/^[\s]|[\s]$/.test(s)) return 'single';
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/^[-?:][^\s]/.test(s)) return 'single';
  if (/^[,[\]{}#&*!|>'"%@`]/.test(s)) return 'single';
  if (/: |:$| #|\t/.test(s)) return 'single';
  return null;
}

function doubleQuote(s: string): string {
  return JSON.stringify(s);
}

function scalar(v: Json, indent: string): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  const s = v as string;
  if (s.includes('\n') && !/[\x00-\x08\x0b-\x1f\x7f]/.test(s.replace(/\n/g, ''))) {
    const chomp = s.endsWith('\n') ? (s.endsWith('\n\n') ? '+' : '') : '-';
    const body = s.endsWith('\n') ? s.slice(0, -1) : s;
    const lead = /^[ ]/.test(s) ? '2' : '';
    return `|${lead}${chomp}\n` + body.split('\n').map((l) => (l ? indent + '  ' + l : '')).join('\n');
  }
  const q = needsQuotes(s);
  if (q === 'double') return doubleQuote(s);
  if (q === 'single') return `'${s.replace(/'/g, "''")}'`;
  return s;
}

function emit(v: Json, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length) {
        const sub: string[] = [];
        emit(item, indent + '  ', sub);
        out.push(indent + '- ' + sub[0].slice(indent.length + 2), ...sub.slice(1));
      } else if (Array.isArray(item) && item.length) {
        const sub: string[] = [];
        emit(item, indent + '  ', sub);
        out.push(indent + '- ' + sub[0].slice(indent.length + 2), ...sub.slice(1));
      } else out.push(indent + '- ' + inline(item, indent + '  '));
    }
    return;
  }
  const obj = v as { [k: string]: Json };
  for (const k of sortYamlKeys(Object.keys(obj))) {
    const val = obj[k];
    if (val === undefined) continue;
    const key = scalar(k, indent);
    if (val !== null && typeof val === 'object' && (Array.isArray(val) ? val.length : Object.keys(val).length)) {
      out.push(`${indent}${key}:`);
      emit(val, Array.isArray(val) ? indent : indent + '  ', out);
    } else out.push(`${indent}${key}: ${inline(val, indent)}`);
  }
}

function inline(v: Json, indent: string): string {
  if (Array.isArray(v)) return '[]';
  if (v !== null && typeof v === 'object') return '{}';
  return scalar(v, indent);
}

/** Drops `undefined` (absent in JSON) the way a JSON round-trip does. */
function plain(v: unknown): Json {
  return JSON.parse(JSON.stringify(v ?? null)) as Json;
}

export function toYaml(v: unknown): string {
  const j = plain(v);
  if (j === null || typeof j !== 'object') return scalar(j, '') + '\n';
  const out: string[] = [];
  emit(j, '', out);
  return out.length ? out.join('\n') + '\n' : '{}\n';
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const o: { [k: string]: Json } = {};
    for (const k of Object.keys(v).sort()) o[k] = sortKeys(v[k]);
    return o;
  }
  return v;
}

/** Go `json.MarshalIndent(obj, "", "    ")` of an unstructured map (keys sorted), plus newline. */
export function toJson(v: unknown): string {
  return goJson(sortKeys(plain(v)), '') + '\n';
}

/** Go escapes <, > and & in JSON strings (HTML-safe encoding). */
function goString(s: string): string {
  return JSON.stringify(s).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function goJson(v: Json, indent: string): string {
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    const inner = indent + '    ';
    return '[\n' + v.map((x) => inner + goJson(x, inner)).join(',\n') + '\n' + indent + ']';
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (!keys.length) return '{}';
    const inner = indent + '    ';
    return '{\n' + keys.map((k) => `${inner}${goString(k)}: ${goJson(v[k], inner)}`).join(',\n') + '\n' + indent + '}';
  }
  if (typeof v === 'string') return goString(v);
  return JSON.stringify(v);
}

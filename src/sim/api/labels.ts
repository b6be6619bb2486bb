/**
 * Label selectors: the string syntax (`app=web,tier!=db,env in (a,b),!legacy`) and the
 * structured `LabelSelector` (matchLabels + matchExpressions), both compiled to one matcher.
 * Semantics of apimachinery `labels.Parse` and `metav1.LabelSelectorAsSelector`.
 */
import type { LabelSelector } from './types';

export type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!';
export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

export type Labels = Readonly<Record<string, string>> | undefined;

export class SelectorParseError extends Error {}

export function matchesRequirements(reqs: readonly Requirement[], labels: Labels): boolean {
  for (const r of reqs) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = has ? labels![r.key] : undefined;
    switch (r.op) {
      case '=':
      case 'in':
        if (!has || !r.values.includes(v!)) return false;
        break;
      case '!=':
      case 'notin':
        if (has && r.values.includes(v!)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** Parses the kubectl `-l` / `labelSelector=` syntax. Throws SelectorParseError. */
export function parseSelector(input: string): Requirement[] {
  const s = input.trim();
  if (!s) return [];
  const reqs: Requirement[] = [];
  let i = 0;
  const skip = () => {
    while (i < s.length && s[i] === ' ') i++;
  };
  const ident = () => {
    skip();
    const start = i;
    while (i < s.length && /[A-Za-z0-9_./-]/.test(s[i])) i++;
    return s.slice(start, i);
  };
  while (i < s.length) {
    skip();
    if (s[i] === '!') {
      i++;
      const key = ident();
      if (!key) throw new SelectorParseError(`found '${s[i] ?? ''}', expected: identifier`);
      reqs.push({ key, op: '!', values: [] });
    } else {
      const key = ident();
      if (!key) throw new SelectorParseError(`found '${s[i] ?? ''}', expected: !, identifier, or 'end of string'`);
      skip();
      if (i >= s.length || s[i] === ',') {
        reqs.push({ key, op: 'exists', values: [] });
      } else if (s.startsWith('==', i) || s.startsWith('!=', i)) {
        const op = s.startsWith('!=', i) ? '!=' : '=';
        i += 2;
        reqs.push({ key, op, values: [ident()] });
      } else if (s[i] === '=') {
        i++;
        reqs.push({ key, op: '=', values: [ident()] });
      } else {
        const word = ident();
        if (word !== 'in' && word !== 'notin') throw new SelectorParseError(`found '${word}', expected: in, notin, =, ==, !=, gt, lt`);
        skip();
        if (s[i] !== '(') throw new SelectorParseError(`found '${s[i] ?? ''}', expected: '('`);
        i++;
        const values: string[] = [];
        for (;;) {
          values.push(ident());
          skip();
          if (s[i] === ',') {
            i++;
            continue;
          }
          if (s[i] === ')') {
            i++;
            break;
          }
          throw new SelectorParseError(`found '${s[i] ?? ''}', expected: ',', or ')'`);
        }
        reqs.push({ key, op: word, values });
      }
    }
    skip();
    if (i < s.length) {
      if (s[i] !== ',') throw new SelectorParseError(`found '${s[i]}', expected: ',' or 'end of string'`);
      i++;
    }
  }
  return reqs;
}

/**
 * Compiles a LabelSelector. An empty selector `{}` matches everything; a missing (nil) one
 * matches nothing.
 */
export function selectorRequirements(sel: LabelSelector | undefined | null): Requirement[] | null {
  if (!sel) return null;
  // a selector read from the store is frozen: compile it once (controllers match every pod event)
  const frozen = Object.isFrozen(sel);
  if (frozen) {
    const known = compiled.get(sel);
    if (known) return known;
  }
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key, op: '=', values: [value] });
  for (const e of sel.matchExpressions ?? []) {
    const op: Operator = e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : '!';
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  if (frozen) compiled.set(sel, reqs);
  return reqs;
}

const compiled = new WeakMap<LabelSelector, Requirement[]>();

export function selectorMatches(sel: LabelSelector | undefined | null, labels: Labels): boolean {
  const reqs = selectorRequirements(sel);
  return reqs !== null && matchesRequirements(reqs, labels);
}

/** A plain map selector (Service .spec.selector, nodeSelector): every pair must match. */
export function mapMatches(selector: Readonly<Record<string, string>> | undefined, labels: Labels): boolean {
  if (!selector) return false;
  for (const k in selector) if (!labels || labels[k] !== selector[k]) return false;
  return true;
}

/** `app=web,tier=front`: how kubectl prints a selector. */
export function formatSelector(sel: LabelSelector | undefined | null): string {
  if (!sel) return '<none>';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(',');
}

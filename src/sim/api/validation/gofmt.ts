/**
 * Go's `%#v` rendering of the struct values that appear in field errors, as apimachinery prints
 * a BadValue that is neither a scalar nor a Stringer (pointers are dereferenced first):
 * `map[string]string{"app":"web"}`, `v1.LabelSelector{MatchLabels:…, MatchExpressions:…}`,
 * `intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`.
 */
import type { LabelSelector } from '../types';

/** Go `%q`; close enough to JSON for the printable strings of API objects. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/** `map[string]string{"a":"1", "b":"2"}` (keys sorted, as fmt sorts maps); nil → `(nil)`. */
export function goStringMap(m: Readonly<Record<string, string>> | undefined | null): string {
  if (m === undefined || m === null) return 'map[string]string(nil)';
  const entries = Object.entries(m).sort(byKey);
  return `map[string]string{${entries.map(([k, v]) => `${goQuote(k)}:${goQuote(String(v))}`).join(', ')}}`;
}

export function goStringSlice(s: readonly string[] | undefined | null): string {
  if (s === undefined || s === null) return '[]string(nil)';
  return `[]string{${s.map((v) => goQuote(String(v))).join(', ')}}`;
}

export function goLabelSelector(sel: LabelSelector): string {
  const exprs = sel.matchExpressions;
  const exprText =
    exprs === undefined || exprs === null
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${exprs
          .map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e.key ?? '')}, Operator:${goQuote(e.operator ?? '')}, Values:${goStringSlice(e.values)}}`)
          .join(', ')}}`;
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprText}}`;
}

/** An IntOrString by value (the internal types hold it by value, so no String() applies). */
export function goIntOrString(v: unknown): string {
  if (typeof v === 'number') return `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`;
  return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(String(v ?? ''))}}`;
}

/** Go field name of a JSON field: `nodeName` → `NodeName`, with Go's initialisms. */
export function goFieldName(json: string): string {
  const special: Record<string, string> = {
    dnsPolicy: 'DNSPolicy',
    dnsConfig: 'DNSConfig',
    hostIPC: 'HostIPC',
    hostPID: 'HostPID',
    os: 'OS',
  };
  return special[json] ?? json.charAt(0).toUpperCase() + json.slice(1);
}

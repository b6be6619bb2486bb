/**
 * describe.go's genericDescriber: what `kubectl describe` prints for a kind without a describer
 * of its own (Lease, Event, ControllerRevision, VolumeAttachment, …) — name, namespace, labels,
 * annotations, then every field of the object, sorted, with "smart" labels (`holderIdentity` →
 * `Holder Identity`), nested maps and lists indented a level deeper.
 */
import type { KObject } from '../../sim/api/types';
import type { DescribeInput } from './describers';
import { annotationsMultiline, describeEvents, DescribeWriter, labelsMultiline } from './writer';

const SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);

/** github.com/fatih/camelcase Split: runs of lower, upper, digit, other; `PDFLoader` → PDF, Loader. */
export function camelSplit(s: string): string[] {
  const cls = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = cls(c);
    if (k === last) runs[runs.length - 1].push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (cls(runs[i][0]) === 2 && cls(runs[i + 1][0]) === 1) {
      runs[i + 1].unshift(runs[i].pop()!);
    }
  }
  return runs.filter((r) => r.length).map((r) => r.join(''));
}

const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];

/** smartLabelFor (v1.32): fields with characters other than letters and '-' stay as they are. */
export function smartLabel(field: string): string {
  if ([...field].some((c) => !/\p{L}/u.test(c) && c !== '-')) return field;
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

/** Go's `%v` of a JSON value. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goValue(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

function printContent(w: DescribeWriter, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    if (value === undefined) continue;
    const path = `${prefix}.${field}`;
    if (SKIP.has(path)) continue;
    if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) printContent(w, level + 1, child as Record<string, unknown>, path);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else if (value !== null && typeof value === 'object') {
      w.write(level, `${smartLabel(field)}:\n`);
      printContent(w, level + 1, value as Record<string, unknown>, path);
    } else w.write(level, `${smartLabel(field)}:\t${goValue(value)}\n`);
  }
}

export function describeGeneric(o: KObject, d: DescribeInput): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${o.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${o.metadata?.namespace ?? ''}\n`);
  labelsMultiline(w, 'Labels', o.metadata?.labels);
  annotationsMultiline(w, 'Annotations', o.metadata?.annotations);
  printContent(w, 0, o as unknown as Record<string, unknown>, '');
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

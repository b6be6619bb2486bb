/**
 * describe.go's PrefixWriter + tabbedString: lines written at levels (2 spaces each), then the
 * whole text run through tabwriter(minwidth 0, padding 2). `flush()` ends a tabwriter section
 * (DescribeEvents flushes before its table). Shared helpers print labels, annotations, taints,
 * tolerations and the Events section as describe.go does.
 */
import type { Event, Taint, Toleration } from '../../sim/api/types';
import { since } from '../printers/duration';
import { tabwriter } from '../printers/tabwriter';

export class DescribeWriter {
  private sections: string[] = [];
  private cur = '';

  write(level: number, text: string): void {
    this.cur += '  '.repeat(level) + text;
  }

  line(text: string): void {
    this.cur += text + '\n';
  }

  flush(): void {
    this.sections.push(tabwriter(this.cur, 0, 2));
    this.cur = '';
  }

  toString(): string {
    this.flush();
    return this.sections.join('');
  }
}

/** `Thu, 01 Jan 2026 00:00:00 +0000`: Go's time.RFC1123Z in UTC. */
export function rfc1123z(ts: string | undefined | null): string {
  if (!ts) return '<unset>';
  const d = new Date(Date.parse(ts));
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export function labelsMultiline(w: DescribeWriter, title: string, labels: Record<string, string> | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (!keys.length) return w.line('<none>');
  keys.forEach((k, i) => {
    if (i) w.write(0, `${initialIndent}\t`);
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;

export function annotationsMultiline(w: DescribeWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  // describe never shows kubectl apply's bookkeeping
  const keys = Object.keys(annotations ?? {}).filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration').sort();
  if (!keys.length) return w.line('<none>');
  keys.forEach((k, i) => {
    if (i) w.write(0, '\t');
    const value = annotations![k].replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? s.slice(0, MAX_ANNOTATION_LEN - 2) + '...' : s}\n`);
    } else w.write(0, `${k}: ${value}\n`);
  });
}

export function taintsMultiline(w: DescribeWriter, title: string, taints: readonly Taint[] | undefined): void {
  w.write(0, `${title}:\t`);
  if (!taints?.length) return w.line('<none>');
  // describe.go sorts by "effect,key"
  const k = (t: Taint) => `${t.effect},${t.key}`;
  const sorted = [...taints].sort((a, b) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i) w.write(0, '\t');
    w.write(0, `${t.key}${t.value ? '=' + t.value : ''}:${t.effect}\n`);
  });
}

export function tolerationsMultiline(w: DescribeWriter, title: string, tolerations: readonly Toleration[] | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  if (!tolerations?.length) return w.line('<none>');
  const sorted = [...tolerations].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i) w.write(0, `${initialIndent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, s + '\n');
  });
}

/** `DescribeEvents`: oldest first (by lastTimestamp), repeats as `3m (x5 over 10m)`. */
export function describeEvents(w: DescribeWriter, events: readonly Event[], nowMs: number): void {
  if (!events.length) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const last = (e: Event) => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '') || 0;
  const sorted = events.map((e, i) => ({ e, i })).sort((a, b) => last(a.e) - last(b.e) || a.i - b.i).map((x) => x.e);
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, nowMs) : since(e.firstTimestamp, nowMs);
    let interval = first;
    if (e.series) interval = `${since(e.series.lastObservedTime, nowMs)} (x${e.series.count} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, nowMs)} (x${e.count} over ${first})`;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(1, `${e.type}\t${e.reason}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}

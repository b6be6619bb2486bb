/**
 * Time formats of the Kubernetes API. Virtual time is milliseconds since the cluster epoch;
 * these helpers turn absolute milliseconds into the RFC 3339 strings objects carry.
 */
let cachedSecond = NaN;
let cachedString = '';

/** RFC 3339 with second precision, as metav1.Time marshals: `2026-01-01T00:00:00Z`. */
export function rfc3339(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s === cachedSecond) return cachedString; // shared string: objects written in one second share it
  cachedSecond = s;
  cachedString = new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return cachedString;
}

/** RFC 3339 with microseconds, as metav1.MicroTime marshals (Lease renewTime, Event eventTime). */
export function rfc3339Micro(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString(); // 2026-01-01T00:00:00.123Z
  return iso.replace(/\.(\d{3})Z$/, (_m, frac: string) => `.${frac}000Z`);
}

/** Milliseconds from an RFC 3339 string; NaN when unparsable. */
export function parseTime(s: string | undefined | null): number {
  if (!s) return NaN;
  return Date.parse(s);
}

/**
 * client-go `flowcontrol.Backoff` as plain data: one entry per key with the current back-off
 * and the time it was last raised. The kubelet keys container restarts by pod+container and
 * image pulls by pod+image; initial 10 s, max 300 s, and an entry older than 2 × max is reset.
 */
export interface BackoffEntry {
  backoffMs: number;
  lastUpdate: number;
}

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

function expired(eventTime: number, e: BackoffEntry): boolean {
  return eventTime - e.lastUpdate > 2 * MAX_BACKOFF_MS;
}

/** Raise the back-off (or start it at the initial value); returns the new entry. */
export function next(e: BackoffEntry | undefined, eventTime: number, now: number): BackoffEntry {
  if (!e || expired(eventTime, e)) return { backoffMs: INITIAL_BACKOFF_MS, lastUpdate: now };
  return { backoffMs: Math.min(e.backoffMs * 2, MAX_BACKOFF_MS), lastUpdate: now };
}

/** Container restarts: still backing off from `eventTime` (the last exit's finishedAt)? */
export function inBackOffSince(e: BackoffEntry | undefined, eventTime: number, now: number): boolean {
  if (!e || expired(eventTime, e)) return false;
  return now - eventTime < e.backoffMs;
}

/** Image pulls: still backing off since the entry was last raised? */
export function inBackOffSinceUpdate(e: BackoffEntry | undefined, now: number): boolean {
  if (!e || expired(now, e)) return false;
  return now - e.lastUpdate < e.backoffMs;
}

/** Go's time.Duration.String() for whole milliseconds: `10s`, `1m20s`, `5m0s`, `2.3s`, `512ms`. */
export function goDuration(ms: number): string {
  if (ms <= 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const totalS = ms / 1000;
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = +(totalS % 60).toFixed(3);
  const sec = `${s}s`;
  if (h) return `${h}h${m}m${sec}`;
  if (m) return `${m}m${sec}`;
  return sec;
}

/**
 * `?watch=true`: a chunked stream of JSON lines `{"type": ..., "object": ...}` from the
 * simulated API server's watch. Resuming from a compacted revision gets an ERROR event with
 * the 410 Expired Status (then the stream ends, as the real server ends it); `allowWatchBookmarks`
 * gets BOOKMARKs (at the end of initial events with `sendInitialEvents=true`, then about once a
 * minute); `timeoutSeconds` ends the stream; Table watches send column definitions once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceInfo } from '../sim/api/resources';
import type { KObject } from '../sim/api/types';
import type { Watch, WatchEvent } from '../sim/apiserver/apiserver';
import { boolParam, intParam } from './http';
import type { RestContext } from './rest';
import { includeObjectOf, toTable } from './table';

const BOOKMARK_EVERY_MS = 60_000;

export function serveWatch(ctx: RestContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, ns: string | undefined, q: URLSearchParams, table: boolean): void {
  const include = table ? includeObjectOf(q) : 'Object';
  const bookmarks = boolParam(q, 'allowWatchBookmarks');
  const initial = boolParam(q, 'sendInitialEvents');
  const timeoutSeconds = intParam(q, 'timeoutSeconds');
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
  let headersSent = false;
  let lastRv = q.get('resourceVersion') ?? '';
  let ended = false;
  let watch: Watch | undefined;
  const timers: NodeJS.Timeout[] = [];

  const end = () => {
    if (ended) return;
    ended = true;
    watch?.stop();
    for (const t of timers) clearTimeout(t);
    res.end();
  };
  const write = (type: string, object: unknown) => {
    if (ended) return;
    if (!headersSent) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
      headersSent = true;
    }
    res.write(JSON.stringify({ type, object }) + '\n');
  };
  let firstTable = true;
  const onEvent = (e: WatchEvent) => {
    if (ended) return;
    if (e.type === 'ERROR') {
      write('ERROR', e.object);
      end();
      return;
    }
    lastRv = e.object.metadata?.resourceVersion ?? lastRv;
    if (!table) return write(e.type, e.object);
    write(e.type, toTable(info.resource, [e.object], { nowMs: ctx.nowMs(), include, noHeaders: !firstTable }));
    firstTable = false;
  };
  const bookmark = (initialEnd: boolean) => {
    const metadata: Record<string, unknown> = { resourceVersion: lastRv };
    if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    write('BOOKMARK', { kind: info.kind, apiVersion, metadata } as KObject);
  };

  // `sendInitialEvents=true` (watch-list) starts with the current state, like a watch from 0
  const rv = initial ? undefined : q.get('resourceVersion') || undefined;
  watch = ctx.client.watch(info.resource, { namespace: ns, labelSelector: q.get('labelSelector') || undefined, fieldSelector: q.get('fieldSelector') || undefined, resourceVersion: rv }, onEvent);
  if (ended) return;
  if (!headersSent) {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    headersSent = true;
    res.flushHeaders();
  }
  if (initial && bookmarks) bookmark(true);
  if (bookmarks) {
    const tick = () => {
      // only a revision every pending event has reached is a safe place to resume from
      if (!ctx.hasPendingEvents() && lastRv) bookmark(false);
      timers.push(setTimeout(tick, BOOKMARK_EVERY_MS));
    };
    timers.push(setTimeout(tick, BOOKMARK_EVERY_MS));
  }
  if (timeoutSeconds !== undefined && timeoutSeconds > 0) timers.push(setTimeout(end, timeoutSeconds * 1000));
  req.on('close', end);
  res.on('close', end);
}

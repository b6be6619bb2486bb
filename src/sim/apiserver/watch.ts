/**
 * A watch on the store: resume after a revision (410 Expired once compacted away) or start with
 * synthetic ADDED events for what exists; with a selector, objects entering the view arrive as
 * ADDED and leaving it as DELETED, as the real watch cache reports them.
 */
import { expired } from '../api/errors';
import { matchesRequirements } from '../api/labels';
import type { KObject } from '../api/types';
import type { Store, StoreEvent } from '../store/store';
import { matchesFields, parseFieldSelector } from './fieldselectors';
import type { Watch, WatchEvent, WatchOptions } from './options';
import { compileLabels } from './selectors';

export function watchStore(store: Store, resource: string, ns: string | undefined, opts: WatchOptions, onEvent: (e: WatchEvent) => void): Watch {
  const labels = compileLabels(opts.labelSelector);
  const fields = parseFieldSelector(resource, opts.fieldSelector);
  const matches = (o: KObject) =>
    (ns === undefined || o.metadata?.namespace === ns) &&
    (!labels || matchesRequirements(labels, o.metadata?.labels)) &&
    (!fields.length || matchesFields(fields, o));
  let stopped = false;
  let lastRv = 0;
  const deliver = (e: StoreEvent) => {
    if (stopped || e.resource !== resource || e.rv <= lastRv) return;
    lastRv = e.rv;
    const now = matches(e.object);
    const before = e.old ? matches(e.old) : false;
    // a selector watch sees objects enter (ADDED) and leave (DELETED) its view
    if (e.type === 'DELETED') {
      if (before) onEvent({ type: 'DELETED', object: e.object });
    } else if (now && !before) onEvent({ type: 'ADDED', object: e.object });
    else if (now) onEvent({ type: e.type, object: e.object });
    else if (before) onEvent({ type: 'DELETED', object: e.object });
  };
  const rv = opts.resourceVersion && opts.resourceVersion !== '0' ? Number(opts.resourceVersion) : NaN;
  if (Number.isFinite(rv)) {
    const since = store.eventsSince(rv);
    if ('expiredOldest' in since) {
      const err = expired(rv, since.expiredOldest);
      onEvent({ type: 'ERROR', object: err.status as unknown as KObject });
      return { stop() {} };
    }
    lastRv = rv;
    for (const e of since) deliver(e);
  } else {
    for (const o of store.iterate(resource, ns)) if (matches(o)) onEvent({ type: 'ADDED', object: o });
    lastRv = store.revision;
  }
  const unsubscribe = store.subscribe(resource, deliver);
  return {
    stop() {
      stopped = true;
      unsubscribe();
    },
  };
}

/**
 * The event recorder (client-go `record`): writes core/v1 Events about objects, and folds a
 * repeat of the same event (same source, object, type, reason and message) into the existing
 * Event by raising its count and lastTimestamp — so `kubectl describe` shows `(x5 over 10m)`.
 */
import type { KObject } from '../api/types';
import { resourceForKind } from '../api/resources';
import type { ApiClient } from '../apiserver/client';
import { rfc3339 } from '../util/time';

export interface EventSource {
  component: string;
  host?: string;
}

export type EventType = 'Normal' | 'Warning';

export interface EventCacheState {
  seq: number;
  entries: [string, string][];
}

const CACHE_SIZE = 4096;

/**
 * One cache shared by all recorders of a cluster (client-go's LRU of 4096 event keys); it goes
 * into snapshots. Recency is kept in a queue of (key, stamp) with lazy deletion: a Map's oldest
 * entry is slow to reach once many entries were deleted before it (the iterator walks over
 * every hole), and the cache evicts one entry per new Event.
 */
export class EventCache {
  seq = 0;
  /** dedup key → "namespace/name" of the Event and the stamp of its last use */
  private map = new Map<string, { ref: string; at: number }>();
  private queueKeys: string[] = [];
  private queueAt: number[] = [];
  private head = 0;
  private clock = 0;

  get(key: string): string | undefined {
    return this.map.get(key)?.ref;
  }

  /** A key seen again moves to the young end (least recently used goes first). */
  touch(key: string, ref: string): void {
    const e = this.map.get(key);
    if (!e) return this.add(key, ref);
    e.ref = ref;
    e.at = ++this.clock;
    this.enqueue(key, e.at);
  }

  /** A key known to be absent. */
  add(key: string, ref: string): void {
    const at = ++this.clock;
    this.map.set(key, { ref, at });
    this.enqueue(key, at);
    if (this.map.size > CACHE_SIZE) this.evictOldest();
  }

  private enqueue(key: string, at: number): void {
    this.queueKeys.push(key);
    this.queueAt.push(at);
  }

  private evictOldest(): void {
    for (;;) {
      const key = this.queueKeys[this.head];
      const at = this.queueAt[this.head];
      this.head++;
      if (this.map.get(key)?.at === at) {
        this.map.delete(key);
        break;
      }
    }
    if (this.head > CACHE_SIZE) {
      // drop the consumed front of the queue now and then
      this.queueKeys = this.queueKeys.slice(this.head);
      this.queueAt = this.queueAt.slice(this.head);
      this.head = 0;
    }
  }

  /** Entries from least to most recently used. */
  private ordered(): [string, string][] {
    const out: [string, string][] = [];
    for (let i = this.head; i < this.queueKeys.length; i++) {
      const e = this.map.get(this.queueKeys[i]);
      if (e && e.at === this.queueAt[i]) out.push([this.queueKeys[i], e.ref]);
    }
    return out;
  }

  state(): EventCacheState {
    return { seq: this.seq, entries: this.ordered() };
  }

  restore(s: EventCacheState): void {
    this.seq = s.seq;
    this.map.clear();
    this.queueKeys = [];
    this.queueAt = [];
    this.head = 0;
    this.clock = 0;
    for (const [key, ref] of s.entries) this.add(key, ref);
  }
}

/**
 * Messages like `Started container nginx` repeat across thousands of pods; keeping one copy of
 * each saves memory at scale (strings built per call are separate copies otherwise).
 */
const messages = new Map<string, string>();
function internMessage(m: string): string {
  const known = messages.get(m);
  if (known !== undefined) return known;
  if (messages.size > 20_000) messages.clear();
  messages.set(m, m);
  return m;
}

const TWO_24 = 2 ** 24;

/**
 * Hex of `ms × 10⁶ + extra` (a UnixNano), exactly, without BigInt: the value passes 2⁵³, so it
 * is carried as high and low parts split at 2²⁴ (each part stays an exact double).
 */
export function nanoHex(ms: number, extra: number): string {
  const msHigh = Math.floor(ms / TWO_24);
  const low = (ms - msHigh * TWO_24) * 1e6 + extra; // < 2^24 · 10^6 + 10^6 < 2^53
  const carry = Math.floor(low / TWO_24);
  const high = msHigh * 1e6 + carry;
  const rest = (low - carry * TWO_24).toString(16);
  return high ? high.toString(16) + '000000'.slice(rest.length) + rest : rest;
}

export class EventRecorder {
  /** the Event's `source`, one frozen object shared by every event this recorder writes */
  private readonly sourceObject: Readonly<EventSource>;
  private readonly keyPrefix: string;

  constructor(
    private readonly client: ApiClient,
    private readonly source: EventSource,
    private readonly cache: EventCache,
    private readonly nowMs: () => number,
  ) {
    this.sourceObject = Object.freeze(source.host ? { component: source.component, host: source.host } : { component: source.component });
    this.keyPrefix = `${source.component}\u0000${source.host ?? ''}`;
  }

  /** Records an event about `obj`. Never throws: an event that can't be written is dropped. */
  event(obj: KObject, type: EventType, reason: string, message: string, fieldPath?: string): void {
    try {
      this.write(obj, type, reason, message, fieldPath);
    } catch {
      // the real recorder retries a few times and then drops the event
    }
  }

  /** the last reference built: a kubelet's Pulled/Created/Started name the same object version */
  private lastRef: { obj: KObject; fieldPath: string | undefined; ref: Readonly<Record<string, string>> } | null = null;

  /** The Event's `involvedObject`, shared by consecutive events about the same object version. */
  private reference(obj: KObject, namespaced: boolean, fieldPath: string | undefined): Readonly<Record<string, string>> {
    const last = this.lastRef;
    if (last && last.obj === obj && last.fieldPath === fieldPath) return last.ref;
    const md = obj.metadata ?? {};
    const kind = obj.kind ?? '';
    const name = md.name ?? '';
    const uid = md.uid ?? '';
    const apiVersion = obj.apiVersion ?? '';
    const resourceVersion = md.resourceVersion ?? '';
    // one literal per layout: fields added one by one would spill out of the object
    let ref: Record<string, string>;
    if (namespaced) {
      const namespace = md.namespace ?? '';
      ref = fieldPath ? { kind, namespace, name, uid, apiVersion, resourceVersion, fieldPath } : { kind, namespace, name, uid, apiVersion, resourceVersion };
    } else ref = fieldPath ? { kind, name, uid, apiVersion, resourceVersion, fieldPath } : { kind, name, uid, apiVersion, resourceVersion };
    Object.freeze(ref);
    this.lastRef = { obj, fieldPath, ref };
    return ref;
  }

  private write(obj: KObject, type: EventType, reason: string, message: string, fieldPath?: string): void {
    const md = obj.metadata ?? {};
    const info = resourceForKind(obj.apiVersion, obj.kind);
    const namespace = md.namespace || 'default';
    const involvedObject = this.reference(obj, info?.namespaced ?? false, fieldPath);
    // client-go's aggregation key, shortened: the uid stands for kind, namespace and name
    // joined: one flat string (a template literal builds a rope of ten pieces, flattened again
    // for every hash lookup that uses it)
    const key = [this.keyPrefix, md.uid || `${obj.kind}/${namespace}/${md.name}`, fieldPath ?? '', type, reason, message].join('\u0000');

    const now = rfc3339(this.nowMs());
    const existing = this.cache.get(key);
    if (existing) {
      const [ns, name] = existing.split('/');
      try {
        const ev = this.client.get('events', ns, name);
        this.client.update('events', ns, { ...ev, count: ((ev.count as number) ?? 1) + 1, lastTimestamp: now });
        this.cache.touch(key, existing);
        return;
      } catch {
        // the event expired or was deleted: write a new one
      }
    }
    const seq = this.cache.seq++;
    // real names are `<object>.<hex of the event's UnixNano>`; the sequence keeps them unique
    // joined, not concatenated: join makes one flat string, a concatenation would keep its
    // pieces alive for the event's whole life
    const name = [md.name, nanoHex(Math.floor(this.nowMs()), seq % 1000000)].join('.');
    // built whole and adopted by the API server (see WriteOptions.adopt)
    this.client.create('events', namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, uid: '', creationTimestamp: '', resourceVersion: '' },
      involvedObject,
      reason,
      // only messages that can repeat across objects are worth a shared copy
      message: md.name && message.includes(md.name) ? message : internMessage(message),
      source: this.sourceObject,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    }, { adopt: true });
    this.cache.add(key, `${namespace}/${name}`);
  }
}

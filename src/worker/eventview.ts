/**
 * The compact Event the page mirrors: what the events panel and the inspector's Events tab
 * print (`kubectl get events` / describe's Events), in the real object's shape. Under churn the
 * events outnumber the pods; the full objects stay one `kubectl get events -o yaml` away.
 */
import type { Event } from 'kubernetes-types/core/v1';

const cache = new WeakMap<object, Event>();

export function eventView(e: Event): Event {
  const hit = cache.get(e);
  if (hit) return hit;
  const io = e.involvedObject ?? {};
  const v: Event = {
    metadata: { name: e.metadata?.name, namespace: e.metadata?.namespace, uid: e.metadata?.uid, resourceVersion: e.metadata?.resourceVersion, creationTimestamp: e.metadata?.creationTimestamp },
    involvedObject: { kind: io.kind, name: io.name, namespace: io.namespace },
    reason: e.reason,
    message: e.message,
    type: e.type,
    ...(e.count && e.count > 1 ? { count: e.count } : {}),
    ...(e.firstTimestamp ? { firstTimestamp: e.firstTimestamp } : {}),
    ...(e.lastTimestamp ? { lastTimestamp: e.lastTimestamp } : {}),
    ...(e.eventTime ? { eventTime: e.eventTime } : {}),
    source: e.source?.component ? { component: e.source.component } : e.reportingComponent ? { component: e.reportingComponent } : {},
  } as Event;
  cache.set(e, v);
  return v;
}

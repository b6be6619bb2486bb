/**
 * `metrics.k8s.io/v1beta1` (nodes, pods), served from the cluster's metrics-server component,
 * so `kubectl top node|pod` works. Absent when the cluster has no metrics-server.
 */
import type { ServerResponse } from 'node:http';
import { matchesRequirements, parseSelector } from '../sim/api/labels';
import type { KObject, Pod } from '../sim/api/types';
import type { Cluster } from '../sim/cluster';
import { sendJson, statusError } from './http';
import type { Target } from './rest';

interface MetricsSource {
  podMetrics(namespace?: string): KObject[];
  podMetricsOf(pod: Pod): KObject | undefined;
  nodeMetrics(): KObject[];
}

export function metricsSource(cluster: Cluster): MetricsSource | undefined {
  const c = cluster.components.find((x) => x.name === 'metrics-server') as Partial<MetricsSource> | undefined;
  return c && typeof c.podMetrics === 'function' && typeof c.nodeMetrics === 'function' && typeof c.podMetricsOf === 'function' ? (c as MetricsSource) : undefined;
}

export function handleMetrics(cluster: Cluster, source: MetricsSource, res: ServerResponse, t: Target, q: URLSearchParams): void {
  if (!cluster.apiServerUp()) throw statusError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
  const selector = q.get('labelSelector');
  const reqs = selector ? parseSelector(selector) : null;
  const keep = (o: KObject) => !reqs || matchesRequirements(reqs, o.metadata?.labels);
  const nodes = t.info.kind === 'NodeMetrics';
  const all = nodes ? source.nodeMetrics() : source.podMetrics(t.namespace);
  if (t.name) {
    const m = all.find((o) => o.metadata?.name === t.name);
    if (!m) throw statusError(404, 'NotFound', `${nodes ? 'nodemetrics' : 'podmetrics'}.metrics.k8s.io "${t.name}" not found`, { name: t.name, group: 'metrics.k8s.io', kind: t.info.resource });
    return sendJson(res, 200, m);
  }
  sendJson(res, 200, { kind: `${t.info.kind}List`, apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items: all.filter(keep) });
}

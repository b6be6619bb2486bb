/**
 * Builders for tests: short calls instead of walls of JSON. `deployment('web', {replicas: 3})`
 * gives a manifest as a user would write it (the API server fills the defaults).
 */
import type { Container, Deployment, KObject, Pod, PodSpec } from '../api/types';

export interface WorkloadOptions {
  replicas?: number;
  image?: string;
  labels?: Record<string, string>;
  namespace?: string;
  /** extra container fields (ports, probes, resources, command...) */
  container?: Partial<Container>;
  /** extra pod spec fields */
  spec?: Partial<PodSpec>;
  strategy?: Deployment['spec'] extends infer S ? (S extends { strategy?: infer T } ? T : never) : never;
}

export function container(image = 'nginx:1.27', extra: Partial<Container> = {}): Container {
  const base = image.split('/').pop()!.split(':')[0].split('@')[0];
  return { name: base, image, ...extra };
}

export function pod(name: string, opts: WorkloadOptions = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: opts.namespace, labels: opts.labels ?? { app: name } },
    spec: { containers: [container(opts.image, opts.container)], ...opts.spec },
  };
}

export function deployment(name: string, opts: WorkloadOptions = {}): Deployment {
  const labels = opts.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: opts.namespace, labels },
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: labels },
      strategy: opts.strategy,
      template: {
        metadata: { labels },
        spec: { containers: [container(opts.image, opts.container)], ...opts.spec },
      },
    },
  };
}

export function replicaSet(name: string, opts: WorkloadOptions = {}): KObject {
  const labels = opts.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: opts.namespace, labels },
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [container(opts.image, opts.container)], ...opts.spec } },
    },
  };
}

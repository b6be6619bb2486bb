/** Test builders for StatefulSets, DaemonSets, Jobs (manifests as a user writes them). */
import type { KObject } from '../../api/types';
import { container } from '../../testing/builders';

export function statefulSet(name: string, opts: { replicas?: number; image?: string; claims?: boolean; policy?: 'OrderedReady' | 'Parallel'; partition?: number } = {}): KObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      serviceName: name,
      replicas: opts.replicas ?? 3,
      podManagementPolicy: opts.policy,
      updateStrategy: opts.partition !== undefined ? { type: 'RollingUpdate', rollingUpdate: { partition: opts.partition } } : undefined,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [container(opts.image ?? 'nginx:1.27', opts.claims === false ? {} : { volumeMounts: [{ name: 'data', mountPath: '/data' }] })] } },
      volumeClaimTemplates: opts.claims === false ? undefined : [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
}

export function daemonSet(name: string, opts: { image?: string; nodeSelector?: Record<string, string>; tolerateControlPlane?: boolean } = {}): KObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [container(opts.image ?? 'nginx:1.27')],
          nodeSelector: opts.nodeSelector,
          tolerations: opts.tolerateControlPlane ? [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] : undefined,
        },
      },
    },
  };
}

export function job(name: string, opts: { completions?: number; parallelism?: number; backoffLimit?: number; command?: string[]; image?: string; ttl?: number } = {}): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      completions: opts.completions,
      parallelism: opts.parallelism,
      backoffLimit: opts.backoffLimit,
      ttlSecondsAfterFinished: opts.ttl,
      template: { spec: { restartPolicy: 'Never', containers: [container(opts.image ?? 'busybox:1.36', { command: opts.command ?? ['sh', '-c', 'echo done'] })] } },
    },
  };
}

import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import { deepFreeze } from '../../util/immutable';
import { container, deployment, pod } from '../../testing/builders';
import { ApiError } from '../errors';
import type { Deployment, KObject, Pod } from '../types';
import { canonicalQuantity } from './canonical';
import { defaulters } from './index';

const newCluster = () => Cluster.create({ machines: [] });

describe('defaults the API server fills in', () => {
  it('gives a created Deployment the real apps/v1 defaults, template included', () => {
    const c = newCluster();
    const d = c.api.create<Deployment>('deployments', 'default', deployment('web'));
    expect(d.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    });
    const tpl = d.spec!.template.spec!;
    expect(tpl).toMatchObject({
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      securityContext: {},
    });
    // Pod-only defaults stay off templates, as in `kubectl get deploy -o yaml`
    expect(tpl.enableServiceLinks).toBeUndefined();
    expect(tpl.containers[0]).toEqual({
      name: 'nginx',
      image: 'nginx:1.27',
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      resources: {},
    });
  });

  it('leaves a Recreate strategy without rollingUpdate', () => {
    const c = newCluster();
    const d = c.api.create<Deployment>('deployments', 'default', deployment('web', { strategy: { type: 'Recreate' } }));
    expect(d.spec!.strategy).toEqual({ type: 'Recreate' });
  });

  it('gives a created Pod the PodSpec and Pod defaults', () => {
    const c = newCluster();
    const p = c.api.create<Pod>(
      'pods',
      'default',
      pod('web', {
        container: {
          ports: [{ containerPort: 80 }],
          readinessProbe: { httpGet: { port: 80 } },
          resources: { limits: { cpu: '0.5', memory: '128Mi' } },
        },
      }),
    );
    expect(p.spec).toMatchObject({ restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', enableServiceLinks: true, securityContext: {} });
    const ctr = p.spec!.containers[0];
    expect(ctr.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(ctr.readinessProbe).toEqual({ httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    // limits canonicalised; requests default to the limits on a Pod
    expect(ctr.resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } });
  });

  it('picks imagePullPolicy from the tag: Always for latest or no tag, IfNotPresent otherwise', () => {
    const policy = (image: string) => {
      const out = defaulters.pods({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' }, spec: { containers: [container(image)] } }) as Pod;
      return out.spec!.containers[0].imagePullPolicy;
    };
    expect(policy('nginx')).toBe('Always');
    expect(policy('nginx:latest')).toBe('Always');
    expect(policy('localhost:5000/nginx')).toBe('Always');
    expect(policy('nginx:1.27')).toBe('IfNotPresent');
    expect(policy('nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31')).toBe('IfNotPresent');
  });

  it('stores quantities in canonical form', () => {
    expect(canonicalQuantity('0.5')).toBe('500m');
    expect(canonicalQuantity(1)).toBe('1');
    expect(canonicalQuantity(0.25)).toBe('250m');
    expect(canonicalQuantity('1000m')).toBe('1');
    expect(canonicalQuantity('1.5Gi')).toBe('1536Mi');
    expect(canonicalQuantity('0.5Gi')).toBe('512Mi');
    expect(canonicalQuantity('1024Mi')).toBe('1Gi');
    expect(canonicalQuantity('2000')).toBe('2k');
    expect(canonicalQuantity('0.0001')).toBe('1m');
    expect(canonicalQuantity('1e3')).toBe('1e3');
    expect(canonicalQuantity('100x')).toBeNull();
  });

  it('rejects an undecodable quantity with the decoder error (400), before any validation', () => {
    const c = newCluster();
    let err: unknown;
    try {
      c.api.create('deployments', 'default', deployment('web', { container: { resources: { limits: { cpu: 'lots' } } } }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: `Deployment in version "v1" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    });
  });

  it('labels a Namespace with its own name', () => {
    const c = newCluster();
    const ns = c.api.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    expect(ns.metadata?.labels).toEqual({ 'kubernetes.io/metadata.name': 'team-a' });
  });
});

describe('copy-on-write defaulting', () => {
  it('returns the very same object when every default is already set', () => {
    const once = deepFreeze(defaulters.deployments({ ...deployment('web'), kind: 'Deployment' }));
    expect(defaulters.deployments(once)).toBe(once);
    const p = deepFreeze(defaulters.pods({ ...pod('p'), kind: 'Pod' }));
    expect(defaulters.pods(p)).toBe(p);
  });

  it('never writes to a frozen input', () => {
    const input = deepFreeze({ ...deployment('web'), kind: 'Deployment' }) as KObject;
    expect(() => defaulters.deployments(input)).not.toThrow();
    expect((input.spec as Deployment['spec'])!.revisionHistoryLimit).toBeUndefined();
  });

  it('a pod made from a stored template shares the template containers array', () => {
    const c = newCluster();
    const d = c.api.create<Deployment>('deployments', 'default', deployment('web', { spec: { automountServiceAccountToken: false } }));
    const template = d.spec!.template;
    expect(Object.isFrozen(template.spec!.containers)).toBe(true);
    const made = c.api.create<Pod>('pods', 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { generateName: 'web-', labels: template.metadata!.labels },
      spec: template.spec!,
    });
    expect(made.spec!.containers).toBe(template.spec!.containers);
    expect(made.spec!.enableServiceLinks).toBe(true);
  });

  it('copies a template container only when a Pod default applies (requests from limits)', () => {
    const tpl = deepFreeze(defaulters.deployments({ ...deployment('web', { container: { resources: { limits: { cpu: '1' } } } }), kind: 'Deployment' }));
    const containers = (tpl.spec as Deployment['spec'])!.template.spec!.containers;
    expect(containers[0].resources).toEqual({ limits: { cpu: '1' } });
    const p = defaulters.pods({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'x' }, spec: { containers } }) as Pod;
    expect(p.spec!.containers).not.toBe(containers);
    expect(p.spec!.containers[0].resources).toEqual({ limits: { cpu: '1' }, requests: { cpu: '1' } });
  });
});

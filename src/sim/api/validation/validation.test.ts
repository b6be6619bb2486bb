import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import { deployment, pod, replicaSet } from '../../testing/builders';
import { ApiError } from '../errors';
import type { Deployment, KObject, Pod } from '../types';

const newCluster = () => Cluster.create({ machines: [] });

function failure(fn: () => unknown): ApiError['status'] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e.status;
    throw e;
  }
  throw new Error('expected an API error');
}

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('Deployment validation', () => {
  it('reports every field error in one 422, in the real order', () => {
    const c = newCluster();
    const d = deployment('web', { replicas: -1 });
    const bad = { ...d, spec: { ...d.spec!, template: { ...d.spec!.template, metadata: { labels: { app: 'other' } } } } };
    const s = failure(() => c.api.create('deployments', 'default', bad));
    expect(s.code).toBe(422);
    expect(s.reason).toBe('Invalid');
    expect(s.message).toBe(
      'Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`]',
    );
    expect(s.details).toMatchObject({ name: 'web', group: 'apps', kind: 'Deployment' });
    expect(s.details!.causes).toEqual([
      { reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`', field: 'spec.template.metadata.labels' },
    ]);
    expect(c.store.get('deployments', 'default', 'web')).toBeUndefined();
  });

  it('gives an upper-case name the RFC 1123 subdomain message', () => {
    const s = failure(() => newCluster().api.create('deployments', 'default', deployment('Web', { labels: { app: 'web' } })));
    expect(s.message).toBe(`Deployment.apps "Web" is invalid: metadata.name: Invalid value: "Web": ${SUBDOMAIN}`);
  });

  it('requires a non-empty selector', () => {
    const c = newCluster();
    const d = deployment('web');
    const noSel = failure(() => c.api.create('deployments', 'default', { ...d, spec: { ...d.spec!, selector: undefined } }));
    expect(noSel.message).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
    );
    const empty = failure(() => c.api.create('deployments', 'default', { ...d, spec: { ...d.spec!, selector: {} } }));
    expect(empty.message).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    );
  });

  it('only allows restartPolicy Always in the template', () => {
    const s = failure(() => newCluster().api.create('deployments', 'default', deployment('web', { spec: { restartPolicy: 'Never' } })));
    expect(s.message).toBe('Deployment.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
  });

  it('checks maxSurge and maxUnavailable', () => {
    const c = newCluster();
    const zero = failure(() => c.api.create('deployments', 'default', deployment('web', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } })));
    expect(zero.message).toBe(
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    );
    const over = failure(() => c.api.create('deployments', 'default', deployment('web', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '150%', maxUnavailable: '120%' } } })));
    expect(over.message).toBe(
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%',
    );
    const notPercent = failure(() => c.api.create('deployments', 'default', deployment('web', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'half', maxUnavailable: 1 } } })));
    expect(notPercent.message).toBe(
      `Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"half"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    );
  });

  it('wants progressDeadlineSeconds greater than minReadySeconds, and non-negative limits', () => {
    const d = deployment('web');
    const s = failure(() =>
      newCluster().api.create('deployments', 'default', { ...d, spec: { ...d.spec!, minReadySeconds: 600, progressDeadlineSeconds: 600, revisionHistoryLimit: -1 } }),
    );
    expect(s.message).toBe(
      'Deployment.apps "web" is invalid: [spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0, spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds]',
    );
  });

  it('keeps the selector immutable on update but lets the template change', () => {
    const c = newCluster();
    const d = c.api.create<Deployment>('deployments', 'default', deployment('web'));
    const labels = { app: 'web', v: '2' };
    const moved = { ...d, spec: { ...d.spec!, selector: { matchLabels: labels }, template: { ...d.spec!.template, metadata: { labels } } } };
    const s = failure(() => c.api.update('deployments', 'default', moved));
    expect(s.message).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
    const image = c.api.patch<Deployment>('deployments', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } }, 'strategic');
    expect(image.spec!.template.spec!.containers[0].image).toBe('nginx:1.28');
    expect(image.metadata!.generation).toBe(2);
  });
});

describe('ReplicaSet validation', () => {
  it('uses the same rules (and texts) as Deployments for its selector and template', () => {
    const rs = replicaSet('web', { replicas: -2 }) as KObject & { spec: Record<string, unknown> };
    const s = failure(() => newCluster().api.create('replicasets', 'default', { ...rs, spec: { ...rs.spec, selector: { matchLabels: { app: 'x' } } } }));
    expect(s.message).toBe(
      'ReplicaSet.apps "web" is invalid: [spec.replicas: Invalid value: -2: must be greater than or equal to 0, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
    );
  });
});

describe('Pod validation', () => {
  it('reports a volume mount that names no volume', () => {
    const s = failure(() => newCluster().api.create('pods', 'default', pod('web', { container: { volumeMounts: [{ name: 'data', mountPath: '/data' }] } })));
    expect(s.message).toBe('Pod "web" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"');
  });

  it('checks requests against limits, ports, port names and probes', () => {
    const s = failure(() =>
      newCluster().api.create(
        'pods',
        'default',
        pod('web', {
          container: {
            ports: [{ containerPort: 70000, name: 'HTTP' }],
            livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 },
            resources: { requests: { cpu: '1' }, limits: { cpu: '500m' } },
          },
        }),
      ),
    );
    expect(s.message).toBe(
      'Pod "web" is invalid: [' +
        [
          'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
          'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
          'spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
          'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
        ].join(', ') +
        ']',
    );
  });

  it('requires containers, and unique DNS-label container names with an image', () => {
    const c = newCluster();
    const none = failure(() => c.api.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } }));
    expect(none.message).toBe('Pod "p" is invalid: spec.containers: Required value');
    const dup = failure(() =>
      c.api.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'App', image: 'nginx' }, { name: 'App' }] } }),
    );
    expect(dup.message).toContain('spec.containers[0].name: Invalid value: "App": a lowercase RFC 1123 label must consist of');
    expect(dup.message).toContain('spec.containers[1].image: Required value');
    expect(dup.message).toContain('spec.containers[1].name: Duplicate value: "App"');
  });

  it('checks tolerations and the node selector', () => {
    const s = failure(() =>
      newCluster().api.create(
        'pods',
        'default',
        pod('web', {
          spec: {
            nodeSelector: { 'disk type': 'ssd' },
            tolerations: [
              { operator: 'Equal', value: 'x' },
              { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule', tolerationSeconds: 60 },
            ],
          },
        }),
      ),
    );
    expect(s.message).toBe(
      'Pod "web" is invalid: [' +
        [
          `spec.nodeSelector: Invalid value: "disk type": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
          'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
          `spec.tolerations[1].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
        ].join(', ') +
        ']',
    );
  });

  it('allows changing a container image on update but not its ports', () => {
    const c = newCluster();
    c.api.create('pods', 'default', pod('web', { container: { ports: [{ containerPort: 80 }] } }));
    const updated = c.api.patch<Pod>('pods', 'default', 'web', { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } }, 'strategic');
    expect(updated.spec!.containers[0].image).toBe('nginx:1.28');

    const s = failure(() => c.api.patch('pods', 'default', 'web', { spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 8080 }] }] } }, 'strategic'));
    expect(s.code).toBe(422);
    expect(s.message.startsWith(
      'Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n  core.PodSpec{',
    )).toBe(true);
    expect(s.details!.causes).toHaveLength(1);
    expect(c.api.get<Pod>('pods', 'default', 'web').spec!.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
  });

  it('lets status writes through without re-checking the spec', () => {
    const c = newCluster();
    const p = c.api.create<Pod>('pods', 'default', pod('web'));
    const written = c.api.update<Pod>('pods', 'default', { ...p, status: { ...p.status, phase: 'Running' } }, { subresource: 'status' });
    expect(written.status!.phase).toBe('Running');
  });
});

describe('Node validation', () => {
  it('reports taints under metadata.taints, as the real validator does', () => {
    const s = failure(() =>
      newCluster().api.create('nodes', undefined, {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n1' },
        spec: { taints: [{ key: 'dedicated', effect: 'Sometimes' }] },
      }),
    );
    expect(s.message).toBe('Node "n1" is invalid: metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"');
  });
});

/**
 * Bad network input gets the API server's own answers, word for word.
 */
import { describe, expect, it } from 'vitest';
import type { HTTPIngressPath } from 'kubernetes-types/networking/v1';
import { ApiError } from '../api/errors';
import { Cluster } from '../cluster';
import { ingress, service } from './testing/net';

function err(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e.message;
    throw e;
  }
  return 'no error';
}

describe('network bad input', () => {
  const c = Cluster.create({ seed: 5, machines: [] });

  it('a Service named 1web: DNS-1035', () => {
    expect(err(() => c.api.create('services', 'default', service('1web')))).toBe(
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it('an Ingress path without pathType', () => {
    expect(err(() => c.api.create('ingresses', 'default', ingress('web', [{ http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } } as HTTPIngressPath] } }])))).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    );
  });

  it('a NodePort outside 30000-32767', () => {
    expect(err(() => c.api.create('services', 'default', service('np', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] })))).toBe(
      'Service "np" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('nodePort on a ClusterIP Service; a taken NodePort; ClusterIPs taken and out of range', () => {
    expect(err(() => c.api.create('services', 'default', service('a', { ports: [{ port: 80, nodePort: 30080 }] })))).toBe(
      "Service \"a\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    );
    c.api.create('services', 'default', service('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(err(() => c.api.create('services', 'default', service('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })))).toBe(
      'Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    expect(err(() => c.api.create('services', 'default', service('d', { clusterIP: '10.96.0.1' })))).toBe(
      'Service "d" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    );
    expect(err(() => c.api.create('services', 'default', service('e', { clusterIP: '192.168.1.1' })))).toBe(
      'Service "e" is invalid: spec.clusterIPs: Invalid value: []string{"192.168.1.1"}: failed to allocate IP 192.168.1.1: the provided IP (192.168.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    expect(err(() => c.api.create('services', 'default', service('f', { ports: [] })))).toBe('Service "f" is invalid: spec.ports: Required value');
  });

  it('Service port names are DNS-1123 labels (digits-only names are fine, unlike container ports)', () => {
    const c = Cluster.create({ seed: 1 });
    c.api.create('services', 'default', service('digits', { ports: [{ name: '5678-8080', port: 5678, targetPort: 8080 }] }));
    expect(c.api.get('services', 'default', 'digits').spec.ports[0].name).toBe('5678-8080');
    expect(err(() => c.api.create('services', 'default', service('upper', { ports: [{ name: 'Web', port: 80 }] })))).toContain(
      'Service "upper" is invalid: spec.ports[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of',
    );
  });
});

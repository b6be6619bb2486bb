/**
 * The palette's short forms → real manifests, as a learner would write them (the Kubernetes
 * docs' shapes). Applied with `kubectl apply -f <file>`, so the API server's answer — created,
 * or its validation errors — is what the learner sees. Pure.
 */
import type { KObject } from '../../../sim/api/types';

export interface DeploymentForm {
  name: string;
  image: string;
  replicas: number;
  /** a CPU request makes the node bars meaningful and lets the scheduler run out of room */
  cpu: string;
  memory: string;
}

export function deploymentManifest(f: DeploymentForm): KObject {
  const labels = { app: f.name };
  const requests: Record<string, string> = {};
  if (f.cpu) requests.cpu = f.cpu;
  if (f.memory) requests.memory = f.memory;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: f.name, labels },
    spec: {
      replicas: f.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: containerName(f.image), image: f.image, ...(Object.keys(requests).length ? { resources: { requests } } : {}) }] },
      },
    },
  };
}

/** `nginx:1.27` → `nginx`, `registry.k8s.io/e2e-test-images/agnhost:2.39` → `agnhost` (as `kubectl create deployment` names it). */
export function containerName(image: string): string {
  const last = image.split('/').pop() ?? image;
  return (last.split(/[:@]/)[0] || 'app').toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63) || 'app';
}

export interface ServiceForm {
  name: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  app: string;
  port: number;
  targetPort: number;
}

export function serviceManifest(f: ServiceForm): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: f.name },
    spec: { type: f.type, selector: { app: f.app }, ports: [{ port: f.port, targetPort: f.targetPort, protocol: 'TCP' }] },
  };
}

export interface IngressForm {
  name: string;
  host: string;
  path: string;
  service: string;
  port: number;
}

export function ingressManifest(f: IngressForm): KObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: f.name },
    spec: {
      ingressClassName: 'nginx',
      rules: [{ ...(f.host ? { host: f.host } : {}), http: { paths: [{ path: f.path || '/', pathType: 'Prefix', backend: { service: { name: f.service, port: { number: f.port } } } }] } }],
    },
  };
}

export interface ClaimForm {
  name: string;
  size: string;
  storageClassName: string;
}

export function claimManifest(f: ClaimForm): KObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: f.name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: f.size } }, ...(f.storageClassName ? { storageClassName: f.storageClassName } : {}) },
  };
}

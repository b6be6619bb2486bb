import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../../worker/host';
import type { FromWorker, KubectlRunResult, ReplyMessage } from '../../../worker/protocol';
import { claimManifest, containerName, deploymentManifest, ingressManifest, serviceManifest } from './manifests';

function apply(host: SimHost, out: FromWorker[], file: string, text: string): KubectlRunResult {
  host.handle({ type: 'request', id: 1, call: { op: 'kubectlRun', line: `kubectl apply -f ${file}`, files: { [file]: text } } });
  host.flush();
  const r = out.filter((m): m is ReplyMessage => m.type === 'reply').pop()!;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.result as KubectlRunResult;
}

describe('palette manifests', () => {
  it('names containers as kubectl create deployment does', () => {
    expect(containerName('nginx:1.27')).toBe('nginx');
    expect(containerName('registry.k8s.io/e2e-test-images/agnhost:2.39')).toBe('agnhost');
  });

  it('apply as kubectl prints it: a Deployment, its Service, an Ingress and a claim', () => {
    const out: FromWorker[] = [];
    const host = new SimHost({ seed: 2, epochMs: 0, post: (m) => out.push(m), realNow: () => 0, paused: true });
    host.start();
    const d = apply(host, out, 'deployment.yaml', stringify(deploymentManifest({ name: 'shop', image: 'nginx:1.27', replicas: 2, cpu: '100m', memory: '64Mi' })));
    expect(d).toMatchObject({ stdout: 'deployment.apps/shop created\n', exitCode: 0 });
    expect(apply(host, out, 'service.yaml', stringify(serviceManifest({ name: 'shop', type: 'ClusterIP', app: 'shop', port: 80, targetPort: 80 }))).stdout).toBe('service/shop created\n');
    expect(apply(host, out, 'ingress.yaml', stringify(ingressManifest({ name: 'shop', host: 'shop.example.com', path: '/', service: 'shop', port: 80 }))).stdout).toBe('ingress.networking.k8s.io/shop created\n');
    expect(apply(host, out, 'claim.yaml', stringify(claimManifest({ name: 'data', size: '1Gi', storageClassName: '' }))).stdout).toBe('persistentvolumeclaim/data created\n');
    const bad = apply(host, out, 'deployment.yaml', stringify(deploymentManifest({ name: 'Bad_Name', image: 'nginx', replicas: 1, cpu: '', memory: '' })));
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('Invalid value: "Bad_Name"');
  });
});

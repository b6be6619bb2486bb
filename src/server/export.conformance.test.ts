/**
 * The playground's export (src/kubectl/export.ts) taken to a "real" cluster: the real kubectl
 * applies the exported YAML of the demo to a fresh API server (`npm run api`, in-process) and the
 * same user objects result; a real `kubectl get -o yaml` List imports through the playground's
 * `kubectl apply -f`. Lives under src/server because only server code may start the HTTP API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../sim/cluster';
import { exportObjects, exportYaml } from '../kubectl/export';
import { envFor, kubectl } from '../kubectl/testing/env';
import { demoCluster } from '../kubectl/testing/exportdemo';
import { Harness, kubectlPath, SKIP } from './testing/harness';

describe('export to a real cluster', () => {
  const cluster = demoCluster();
  const yaml = exportYaml(cluster.store, { nowMs: cluster.nowMs() });
  const KUBECTL = kubectlPath();
  describe.runIf(KUBECTL || !SKIP)('with the real kubectl', () => {
    let h: Harness;
    beforeAll(async () => {
      if (!KUBECTL) throw new Error('kubectl not found (set SKIP_KUBECTL_CONFORMANCE=1 to skip)');
      h = await Harness.start(KUBECTL, 99);
    });
    afterAll(async () => {
      await h?.close();
    });

    it('applies to a fresh cluster and the same objects result', async () => {
      const file = h.file('playground.yaml', yaml);
      const r = await h.run(`kubectl apply -f ${file}`);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('deployment.apps/web created');
      expect(r.stdout).toContain('statefulset.apps/db created');
      h.cluster.runFor(60_000);
      const again = exportObjects(h.cluster.store);
      expect(again).toEqual(exportObjects(cluster.store));
      // and the controllers made the rest again
      expect(h.cluster.store.list('pods', 'default').filter((p) => p.metadata?.name?.startsWith('web-')).length).toBe(4);
      expect(h.cluster.store.list('persistentvolumeclaims', 'shop').length).toBe(2);
      // import: a real `kubectl get -o yaml` List goes through the playground's `kubectl apply -f`
      const list = await h.run('kubectl get deployment,service -n default -o yaml');
      expect(list.stdout).toMatch(/^kind: List$/m);
      const fresh = Cluster.create({ seed: 5 });
      const re = kubectl(envFor(fresh, { 'list.yaml': list.stdout }), 'kubectl apply -f list.yaml');
      expect(re.code).toBe(0);
      // the `kubernetes` Service exists in every cluster: kubectl warns and patches it, as for real
      expect(re.err).toMatch(/^Warning: resource services\/kubernetes is missing the kubectl.kubernetes.io\/last-applied-configuration annotation/);
      expect(re.out).toContain('deployment.apps/web created');
      expect(re.out).toContain('service/web created');
    }, 30_000);
  });
});

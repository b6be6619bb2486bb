/**
 * Export to a real cluster: only the learner's objects, without server-set fields. (The real
 * kubectl applying it to a fresh API server: src/server/export.conformance.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KObject } from '../sim/api/types';
import { exportYaml } from './export';
import { demoCluster } from './testing/exportdemo';

const ids = (objs: KObject[]) => objs.map((o) => `${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`);

describe('export', () => {
  const cluster = demoCluster();
  const yaml = exportYaml(cluster.store, { nowMs: cluster.nowMs() });
  const docs = yaml
    .split(/^---$/m)
    .slice(1)
    .map((d) => parse(d) as KObject);

  it('takes only what the learner made, in apply order', () => {
    expect(ids(docs)).toEqual(['Namespace /shop', 'ConfigMap default/settings', 'Service default/web', 'Service shop/db', 'Deployment default/web', 'StatefulSet shop/db', 'Pod default/debug']);
    // made by controllers and the cluster: present in the simulation, absent from the export
    expect(cluster.store.list('replicasets', 'default').length).toBe(2);
    expect(cluster.store.list('persistentvolumeclaims', 'shop').length).toBe(2);
    expect(cluster.store.list('persistentvolumes').length).toBe(2);
  });

  it('drops what only a server sets', () => {
    expect(yaml).not.toMatch(/\b(uid|resourceVersion|creationTimestamp|generation|managedFields|status|nodeName|nodePort|last-applied-configuration|deployment\.kubernetes\.io\/revision|kube-api-access|tolerationSeconds):/);
    expect(yaml.match(/clusterIPs?:.*/g)).toEqual(['clusterIP: None']);
    expect(yaml).toMatch(/^# Exported 2026-01-01T00:02:00Z: 7 objects\.$/m);
    expect(yaml).toMatch(/kind create cluster/);
    const db = docs.find((d) => d.kind === 'Service' && d.metadata?.name === 'db')!;
    expect((db.spec as { clusterIP?: string }).clusterIP).toBe('None'); // headless: the user wrote it
    const web = docs.find((d) => d.kind === 'Deployment')!;
    expect(web.spec).toMatchObject({ replicas: 4, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } });
    expect(web.metadata).toEqual({ name: 'web', namespace: 'default', labels: { app: 'web' } });
  });
});

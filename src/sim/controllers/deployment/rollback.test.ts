import { describe, expect, it } from 'vitest';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../../api/types';
import { rollbackTemplate } from './rollback';

const tmpl = (image: string, hash?: string): PodTemplateSpec => ({
  metadata: { labels: hash ? { app: 'web', 'pod-template-hash': hash } : { app: 'web' } },
  spec: { containers: [{ name: 'nginx', image }] },
});

const d: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'd1', annotations: { 'deployment.kubernetes.io/revision': '3', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
  spec: { selector: { matchLabels: { app: 'web' } }, template: tmpl('nginx:1.28') },
};

function rs(name: string, rev: string, image: string, owner = 'd1', extra: Record<string, string> = {}): ReplicaSet {
  return {
    metadata: { name, namespace: 'default', annotations: { 'deployment.kubernetes.io/revision': rev, ...extra }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner, controller: true }] },
    spec: { selector: { matchLabels: { app: 'web' } }, template: tmpl(image, name.slice(4)) },
  };
}

const rss = [rs('web-aaa', '1', 'nginx:1.26', 'd1', { 'kubernetes.io/change-cause': 'first' }), rs('web-bbb', '2', 'nginx:1.27'), rs('web-ccc', '3', 'nginx:1.28'), rs('web-zzz', '9', 'nginx:9', 'other')];

describe('rollbackTemplate (kubectl rollout undo)', () => {
  it('goes to the previous revision by default, without the hash label', () => {
    const r = rollbackTemplate(d, rss);
    expect(r).toEqual({
      kind: 'patch',
      output: 'deployment.apps/web rolled back',
      patch: [
        { op: 'replace', path: '/spec/template', value: tmpl('nginx:1.27') },
        { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '3', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
      ],
    });
  });

  it('takes a given revision and its annotations, keeping the Deployment’s own', () => {
    const r = rollbackTemplate(d, rss, 1);
    expect(r.kind).toBe('patch');
    if (r.kind !== 'patch') return;
    expect(r.patch[0].value).toEqual(tmpl('nginx:1.26'));
    expect(r.patch[1].value).toEqual({ 'deployment.kubernetes.io/revision': '3', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'kubernetes.io/change-cause': 'first' });
  });

  it('answers like kubectl when there is nothing to do or nothing to find', () => {
    expect(rollbackTemplate(d, rss, 3)).toEqual({ kind: 'skipped', output: 'deployment.apps/web skipped rollback (current template already matches revision 3)' });
    expect(rollbackTemplate(d, rss, 9)).toEqual({ kind: 'error', message: 'error: unable to find specified revision 9 in history' });
    expect(rollbackTemplate(d, [rss[2]])).toEqual({ kind: 'error', message: 'error: no rollout history found for deployment "web"' });
    expect(rollbackTemplate({ ...d, spec: { ...d.spec!, paused: true } }, rss)).toEqual({
      kind: 'error',
      message: "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    });
  });
});

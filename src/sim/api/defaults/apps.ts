/**
 * StatefulSet and DaemonSet defaulting (`pkg/apis/apps/v1/defaults.go`): replicas 1,
 * OrderedReady, RollingUpdate with partition 0 (StatefulSet) or maxUnavailable 1 / maxSurge 0
 * (DaemonSet), revisionHistoryLimit 10, PVC retention Retain/Retain, and the PodSpec defaults
 * of the template. Claim templates get the PVC defaults (volumeMode Filesystem).
 */
import type { KObject } from '../types';
import { Draft, mapSame } from './cow';
import { defaultTemplate } from './workloads';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

export function defaultStatefulSet(o: KObject): KObject {
  const spec = obj(o.spec);
  const d = new Draft(spec);
  d.setDefault('podManagementPolicy', 'OrderedReady');
  if (spec.replicas === undefined || spec.replicas === null) d.set('replicas', 1);
  const strategy = obj(spec.updateStrategy);
  const s = new Draft(strategy);
  s.setDefault('type', 'RollingUpdate');
  if (s.get('type') === 'RollingUpdate') {
    const ru = obj(strategy.rollingUpdate);
    const r = new Draft(ru);
    if (ru.partition === undefined || ru.partition === null) r.set('partition', 0);
    s.set('rollingUpdate', r.value);
  }
  d.set('updateStrategy', s.value);
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) d.set('revisionHistoryLimit', 10);
  const policy = obj(spec.persistentVolumeClaimRetentionPolicy);
  const p = new Draft(policy);
  p.setDefault('whenDeleted', 'Retain');
  p.setDefault('whenScaled', 'Retain');
  d.set('persistentVolumeClaimRetentionPolicy', p.value);
  if (Array.isArray(spec.volumeClaimTemplates)) {
    d.set(
      'volumeClaimTemplates',
      mapSame(spec.volumeClaimTemplates as Obj[], (t) => {
        const td = new Draft(obj(t));
        const ts = new Draft(obj(td.get('spec')));
        ts.setDefault('volumeMode', 'Filesystem');
        td.set('spec', ts.value);
        td.setDefault('apiVersion', 'v1');
        td.setDefault('kind', 'PersistentVolumeClaim');
        if (!td.get('status')) td.set('status', { phase: 'Pending' });
        return td.value;
      }),
    );
  }
  d.set('template', defaultTemplate(spec.template as Obj | undefined));
  return d.value === o.spec ? o : { ...o, spec: d.value };
}

export function defaultDaemonSet(o: KObject): KObject {
  const spec = obj(o.spec);
  const d = new Draft(spec);
  const strategy = obj(spec.updateStrategy);
  const s = new Draft(strategy);
  s.setDefault('type', 'RollingUpdate');
  if (s.get('type') === 'RollingUpdate') {
    const ru = obj(strategy.rollingUpdate);
    const r = new Draft(ru);
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) r.set('maxUnavailable', 1);
    if (ru.maxSurge === undefined || ru.maxSurge === null) r.set('maxSurge', 0);
    s.set('rollingUpdate', r.value);
  }
  d.set('updateStrategy', s.value);
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) d.set('revisionHistoryLimit', 10);
  d.set('template', defaultTemplate(spec.template as Obj | undefined));
  return d.value === o.spec ? o : { ...o, spec: d.value };
}

/**
 * A Deployment (desired/current, its ReplicaSets, scale, change image = rollout, undo) or a
 * ReplicaSet. Every action runs through kubectl in the worker, so the output and the rules are
 * kubectl's; the command is shown beside each button.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { deleteObject, rolloutUndo, scaleDeployment, setImage } from '../../actions';
import { useStore } from '../../state/hooks';
import { select } from '../../state/store';
import { deploymentFigures, replicaSetsOf, revisionOf } from '../../state/workloads';
import { Action, age, nsFlag, Row, useNowMs } from './common';

export function DeploymentSummary({ id }: { id: string }) {
  const dep = useStore((s) => s.objects.deployments[id]) as Deployment | undefined;
  const sets = useStore(useShallow((s) => (dep ? replicaSetsOf(s.objects.replicasets, dep) : [])));
  const nowMs = useNowMs();
  const [replicas, setReplicas] = useState<string>('');
  const [image, setImageText] = useState<string>('');
  if (!dep) return <p className="muted">This Deployment is gone.</p>;
  const name = dep.metadata?.name ?? '';
  const ns = dep.metadata?.namespace ?? 'default';
  const f = deploymentFigures(dep, sets);
  const container = dep.spec?.template?.spec?.containers?.[0];
  const want = replicas === '' ? f.desired : Number(replicas);
  const newImage = image || container?.image || '';
  const progressing = dep.status?.conditions?.find((c) => c.type === 'Progressing');
  return (
    <>
      <dl className="facts">
        <Row k="READY" v={`${f.ready}/${f.desired}`} mono />
        <Row k="UP-TO-DATE" v={f.updated} mono />
        <Row k="AVAILABLE" v={f.available} mono />
        <Row k="AGE" v={age(nowMs, dep.metadata?.creationTimestamp)} mono />
        <Row k="STRATEGY" v={`${dep.spec?.strategy?.type ?? 'RollingUpdate'}${dep.spec?.strategy?.rollingUpdate ? ` (max surge ${dep.spec.strategy.rollingUpdate.maxSurge ?? '25%'}, max unavailable ${dep.spec.strategy.rollingUpdate.maxUnavailable ?? '25%'})` : ''}`} />
        <Row k="Images" v={dep.spec?.template?.spec?.containers?.map((c) => `${c.name}=${c.image}`).join(', ')} mono />
        {progressing && <Row k="Progressing" v={`${progressing.status} (${progressing.reason})`} />}
      </dl>
      <h3>ReplicaSets</h3>
      <ul className="rs-list" aria-label="ReplicaSets">
        {sets.map((rs) => (
          <li key={rs.metadata?.uid}>
            <button type="button" className="link mono" onClick={() => select({ kind: 'object', resource: 'replicasets', id: `${ns}/${rs.metadata?.name}` })}>
              {rs.metadata?.name}
            </button>{' '}
            <span className="mono small">
              rev {revisionOf(rs)} · {rs.status?.readyReplicas ?? 0}/{rs.spec?.replicas ?? 0} · {rs.spec?.template?.spec?.containers?.[0]?.image}
            </span>
          </li>
        ))}
      </ul>
      <div className="action">
        <h3>Scale</h3>
        <label className="inline-field">
          replicas{' '}
          <input type="number" min={0} max={500} value={replicas === '' ? f.desired : replicas} data-testid="input.replicas" onChange={(e) => setReplicas(e.target.value)} aria-label="Replicas" />
        </label>
        <Action label="Scale" testid="action.scale" command={`kubectl scale deployment/${name} --replicas=${want}${nsFlag(ns)}`} onClick={() => scaleDeployment(ns, name, want)} />
        <h3>Change the image (a rollout)</h3>
        <label className="inline-field">
          {container?.name ?? 'container'}={' '}
          <input type="text" value={newImage} data-testid="input.image" spellCheck={false} onChange={(e) => setImageText(e.target.value)} aria-label={`New image for container ${container?.name}`} />
        </label>
        <Action label="Roll out" testid="action.set-image" disabled={!container || newImage === container.image} command={`kubectl set image deployment/${name} ${container?.name}=${newImage}${nsFlag(ns)}`} onClick={() => container && setImage(ns, name, container.name, newImage)} note="A new ReplicaSet grows while the old one shrinks (max surge, max unavailable)." />
        <Action label="Undo the rollout" testid="action.undo" command={`kubectl rollout undo deployment/${name}${nsFlag(ns)}`} onClick={() => rolloutUndo(ns, name)} note="Rolls back to the previous revision's template." />
        <Action label="Delete" testid="action.delete" danger command={`kubectl delete deployment ${name}${nsFlag(ns)}`} onClick={() => deleteObject('deployment', ns, name)} note="The garbage collector deletes its ReplicaSets and their pods." />
      </div>
    </>
  );
}

export function ReplicaSetSummary({ id }: { id: string }) {
  const rs = useStore((s) => s.objects.replicasets[id]) as ReplicaSet | undefined;
  const nowMs = useNowMs();
  if (!rs) return <p className="muted">This ReplicaSet is gone.</p>;
  return (
    <dl className="facts">
      <Row k="DESIRED" v={rs.spec?.replicas ?? 0} mono />
      <Row k="CURRENT" v={rs.status?.replicas ?? 0} mono />
      <Row k="READY" v={rs.status?.readyReplicas ?? 0} mono />
      <Row k="AGE" v={age(nowMs, rs.metadata?.creationTimestamp)} mono />
      <Row k="Revision" v={revisionOf(rs)} mono />
      <Row k="Images" v={rs.spec?.template?.spec?.containers?.map((c) => c.image).join(', ')} mono />
      <Row k="Selector" v={Object.entries(rs.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',')} mono />
    </dl>
  );
}

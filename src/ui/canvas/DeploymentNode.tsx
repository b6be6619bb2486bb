/**
 * A Deployment: desired versus current ("3 / 3"), and its ReplicaSets side by side — during a
 * rollout the new one grows while the old one shrinks. Selecting it highlights its ReplicaSets
 * and pods; + / − scale it through `kubectl scale`. A claim dropped on it is mounted (see
 * Canvas.tsx).
 */
import { Handle, Position, type NodeProps, type Node as FlowNode } from '@xyflow/react';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { scaleDeployment } from '../actions';
import { useStore } from '../state/hooks';
import { select } from '../state/store';
import type { Tone } from '../state/views';
import { deploymentFigures, replicaSetsOf, revisionOf } from '../state/workloads';
import { StatusIcon } from './StatusIcon';

export type DeploymentFlowNode = FlowNode<{ id: string }, 'deployment'>;

function rsTone(rs: ReplicaSet): Tone {
  const want = rs.spec?.replicas ?? 0;
  const ready = rs.status?.readyReplicas ?? 0;
  if (want === 0) return 'terminating';
  return ready >= want ? 'ok' : 'progress';
}

function ReplicaSetBox({ rs, newest }: { rs: ReplicaSet; newest: boolean }) {
  const name = rs.metadata?.name ?? '';
  const id = `${rs.metadata?.namespace}/${name}`;
  const selected = useStore((s) => s.selection?.kind === 'object' && s.selection.resource === 'replicasets' && s.selection.id === id);
  const want = rs.spec?.replicas ?? 0;
  const ready = rs.status?.readyReplicas ?? 0;
  const have = rs.status?.replicas ?? 0;
  const tone = rsTone(rs);
  const image = rs.spec?.template?.spec?.containers?.map((c) => c.image).join(', ');
  return (
    <button
      type="button"
      className={`rs nodrag tone-${tone}${selected ? ' selected' : ''}${newest ? ' newest' : ''}`}
      data-testid={`rs.${name}`}
      aria-label={`ReplicaSet ${name}, revision ${revisionOf(rs)}: ${ready} of ${want} ready${have !== want ? `, ${have} pods` : ''}, image ${image}`}
      aria-pressed={selected}
      onClick={(e) => {
        e.stopPropagation();
        select({ kind: 'object', resource: 'replicasets', id });
      }}
    >
      <span className="rs-head">
        <StatusIcon tone={tone} size={10} />
        <span className="mono rs-name">{name.slice(name.lastIndexOf('-') + 1)}</span>
        <span className="rs-rev">rev {revisionOf(rs)}</span>
      </span>
      <span className="rs-count mono" data-testid={`rs.${name}.ready`}>
        {ready} / {want}
      </span>
      <span className="rs-image mono" title={image}>
        {image}
      </span>
    </button>
  );
}

export const DeploymentNode = memo(function DeploymentNode({ data }: NodeProps<DeploymentFlowNode>) {
  const id = data.id;
  const dep = useStore((s) => s.objects.deployments[id]) as Deployment | undefined;
  const sets = useStore(useShallow((s) => (dep ? replicaSetsOf(s.objects.replicasets, dep) : [])));
  const selected = useStore((s) => s.selection?.kind === 'object' && s.selection.resource === 'deployments' && s.selection.id === id);
  if (!dep) return null;
  const name = dep.metadata?.name ?? '';
  const ns = dep.metadata?.namespace ?? 'default';
  const f = deploymentFigures(dep, sets);
  const tone: Tone = f.stalled ? 'failed' : f.rolling ? 'progress' : f.ready >= f.desired ? 'ok' : 'warning';
  const word = f.stalled ? 'rollout stalled' : f.rolling ? 'rolling out' : f.ready >= f.desired ? 'available' : 'not all ready';
  return (
    <section
      className={`deployment tone-${tone}${selected ? ' selected' : ''}`}
      data-testid={`deployment.${name}`}
      data-ready={`${f.ready}/${f.desired}`}
      aria-label={`Deployment ${name}: ${f.ready} of ${f.desired} ready, ${word}`}
    >
      <Handle type="target" position={Position.Left} className="hidden-handle" isConnectable={false} />
      <header className="dep-head">
        <span className="kind">Deployment</span>
        <button type="button" className="dep-name nodrag mono" data-testid={`deployment.${name}.select`} aria-pressed={selected} onClick={() => select({ kind: 'object', resource: 'deployments', id })}>
          {name}
        </button>
        <span className={`badge tone-${tone}`}>
          <StatusIcon tone={tone} />
          {word}
        </span>
      </header>
      <div className="dep-body">
        <div className="dep-count" title="READY: ready pods / desired replicas">
          <span className="mono" data-testid={`deployment.${name}.ready`}>
            {f.ready} / {f.desired}
          </span>
          <span className="muted small">ready</span>
        </div>
        <div className="dep-scale" role="group" aria-label={`Scale ${name}`}>
          <button type="button" className="btn nodrag" data-testid={`deployment.${name}.scale-down`} aria-label={`Scale ${name} down to ${Math.max(0, f.desired - 1)}`} disabled={f.desired === 0} onClick={() => scaleDeployment(ns, name, f.desired - 1)}>
            −
          </button>
          <button type="button" className="btn nodrag" data-testid={`deployment.${name}.scale-up`} aria-label={`Scale ${name} up to ${f.desired + 1}`} onClick={() => scaleDeployment(ns, name, f.desired + 1)}>
            +
          </button>
        </div>
        <div className="muted small dep-updated">
          {f.updated} up-to-date · {f.available} available
        </div>
      </div>
      <div className="rs-row" aria-label="ReplicaSets">
        {sets.map((rs, i) => (
          <ReplicaSetBox key={rs.metadata?.uid} rs={rs} newest={i === 0} />
        ))}
      </div>
    </section>
  );
});

/**
 * A PersistentVolumeClaim as a disk below the nodes: its phase, size and class, the volume it
 * is bound to. Drag it onto a Deployment to mount it (a template change: a rollout). Edges lead
 * to the nodes where pods mount it.
 */
import { Handle, Position, type NodeProps, type Node as FlowNode } from '@xyflow/react';
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { memo } from 'react';
import { useStore } from '../state/hooks';
import { select } from '../state/store';
import type { Tone } from '../state/views';
import { StatusIcon } from './StatusIcon';

export type ClaimFlowNode = FlowNode<{ id: string; dropTarget?: string }, 'claim'>;

export const ClaimNode = memo(function ClaimNode({ data }: NodeProps<ClaimFlowNode>) {
  const id = data.id;
  const pvc = useStore((s) => s.objects.persistentvolumeclaims[id]) as PersistentVolumeClaim | undefined;
  const selected = useStore((s) => s.selection?.kind === 'object' && s.selection.resource === 'persistentvolumeclaims' && s.selection.id === id);
  if (!pvc) return null;
  const name = pvc.metadata?.name ?? '';
  const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? 'Pending');
  const tone: Tone = phase === 'Bound' ? 'ok' : phase === 'Pending' ? 'progress' : phase === 'Terminating' ? 'terminating' : 'failed';
  const size = pvc.status?.capacity?.storage ?? pvc.spec?.resources?.requests?.storage ?? '?';
  return (
    <section
      className={`claim tone-${tone}${selected ? ' selected' : ''}${data.dropTarget ? ' dropping' : ''}`}
      data-testid={`claim.${name}`}
      data-phase={phase}
      aria-label={`PersistentVolumeClaim ${name}: ${phase}, ${size}`}
      title="Drag onto a Deployment to mount it at /data"
    >
      <Handle type="source" position={Position.Top} className="hidden-handle" isConnectable={false} />
      <div className="claim-disk" aria-hidden="true">
        <svg width="26" height="30" viewBox="0 0 26 30">
          <ellipse cx="13" cy="6" rx="11" ry="4" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M2 6v18c0 2.2 4.9 4 11 4s11-1.8 11-4V6" fill="none" stroke="currentColor" strokeWidth="2" />
        </svg>
      </div>
      <div className="claim-body">
        <span className="kind">PersistentVolumeClaim</span>
        <button type="button" className="entry-name nodrag mono" data-testid={`claim.${name}.select`} aria-pressed={selected} onClick={() => select({ kind: 'object', resource: 'persistentvolumeclaims', id })}>
          {name}
        </button>
        <span className={`badge tone-${tone}`}>
          <StatusIcon tone={tone} size={10} />
          {phase}
        </span>
        <span className="mono small muted">
          {size} · {pvc.spec?.storageClassName ?? 'default class'}
          {pvc.spec?.volumeName ? ` · ${pvc.spec.volumeName}` : ''}
        </span>
        {data.dropTarget && <span className="drop-hint">release to mount into {data.dropTarget}</span>}
      </div>
    </section>
  );
});

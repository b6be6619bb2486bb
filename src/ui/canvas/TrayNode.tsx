/** Pods no node has been chosen for yet wait here, next to the scheduler. */
import type { NodeProps, Node as FlowNode } from '@xyflow/react';
import { memo } from 'react';
import { useStore } from '../state/hooks';
import { PodGrid } from './PodGrid';

export type TrayFlowNode = FlowNode<Record<string, never>, 'tray'>;

export const TrayNode = memo(function TrayNode(_: NodeProps<TrayFlowNode>) {
  const count = useStore((s) => s.slots['']?.length ?? 0);
  return (
    <section className="tray" data-testid="tray.unscheduled" aria-label={`Unscheduled pods: ${count}`}>
      <header className="tray-head">
        <span className="tray-title">Unscheduled</span>
        <span className="tray-count">{count}</span>
      </header>
      <p className="tray-hint">Pods wait here until the scheduler binds them to a node.</p>
      <PodGrid node="" empty="none waiting" max={8} />
    </section>
  );
});

/**
 * The overview of a big cluster (aggregate mode): every worker in one flow node, a grid that
 * renders only the cards inside the viewport. React Flow renders every node once to measure it
 * (even with `onlyRenderVisibleElements`), which at 5,000 machines costs seconds; this node
 * knows its cells' sizes, so it virtualises itself and the first frame stays cheap. Zoomed out
 * below legibility, each machine is a block in its status colour (cordoned hatched).
 */
import { useStore as useFlowStore, type NodeProps, type Node as FlowNode } from '@xyflow/react';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Node } from 'kubernetes-types/core/v1';
import { useStore } from '../state/hooks';
import { nodeStatusWord, nodeTone } from '../state/views';
import { COMPACT_ROW_H, COMPACT_W, GAP_X } from './layout';
import { MachineNode, type MachineFlowNode } from './MachineNode';

export type GridFlowNode = FlowNode<{ cols: number; x: number; y: number }, 'grid'>;

const CELL_W = COMPACT_W + GAP_X;
/** rows and columns rendered beyond the edges, so a small pan shows no blank cells */
const OVERSCAN = 1;

const Cell = memo(function Cell({ name, left, top }: { name: string; left: number; top: number }) {
  const props = { data: { name, compact: true } } as unknown as Parameters<typeof MachineNode>[0] & { data: MachineFlowNode['data'] };
  return (
    <div className="grid-cell" style={{ left, top }}>
      <MachineNode {...props} />
    </div>
  );
});

/** Below this zoom a card's text would render under 10 px: draw a status block instead. */
const DETAIL_ZOOM = 0.45;

const Block = memo(function Block({ name, left, top }: { name: string; left: number; top: number }) {
  const word = useStore((s) => {
    const m = s.machines[name];
    if (!m?.powered) return 'off';
    return nodeStatusWord(s.objects.nodes[`/${name}`] as Node | undefined);
  });
  const tone = word === 'off' ? 'unknown' : nodeTone(word, true);
  return (
    <div className={`grid-block tone-${tone}${word.includes('SchedulingDisabled') ? ' cordoned' : ''}`} style={{ left, top }} title={`${name}: ${word === 'off' ? 'powered off' : word}`} data-testid={`block.${name}`} />
  );
});

export function gridSize(count: number, cols: number): { width: number; height: number } {
  return { width: cols * CELL_W - GAP_X, height: Math.max(1, Math.ceil(count / cols)) * COMPACT_ROW_H };
}

export const GridNode = memo(function GridNode({ data }: NodeProps<GridFlowNode>) {
  const workers = useStore(useShallow((s) => Object.values(s.machines).filter((m) => m.role !== 'control-plane').map((m) => m.name)));
  // the visible window in flow coordinates, as a string so panning inside a cell re-renders nothing
  const range = useFlowStore((s) => {
    const [tx, ty, k] = s.transform;
    const x0 = (0 - tx) / k - data.x;
    const y0 = (0 - ty) / k - data.y;
    const x1 = x0 + s.width / k;
    const y1 = y0 + s.height / k;
    const c0 = Math.max(0, Math.floor(x0 / CELL_W) - OVERSCAN);
    const c1 = Math.min(data.cols - 1, Math.floor(x1 / CELL_W) + OVERSCAN);
    const r0 = Math.max(0, Math.floor(y0 / COMPACT_ROW_H) - OVERSCAN);
    const r1 = Math.floor(y1 / COMPACT_ROW_H) + OVERSCAN;
    return `${c0}:${c1}:${r0}:${r1}:${k < DETAIL_ZOOM ? 0 : 1}`;
  });
  const [c0, c1, r0, r1, detail] = range.split(':').map(Number);
  const { width, height } = gridSize(workers.length, data.cols);
  const cells = [];
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const i = r * data.cols + c;
      if (i >= workers.length) break;
      cells.push(detail ? <Cell key={workers[i]} name={workers[i]} left={c * CELL_W} top={r * COMPACT_ROW_H} /> : <Block key={workers[i]} name={workers[i]} left={c * CELL_W} top={r * COMPACT_ROW_H} />);
    }
  }
  return (
    <div className="node-grid" style={{ width, height }} data-testid="nodes.grid" aria-label={`${workers.length} worker nodes; the ones in view are shown`}>
      {cells}
    </div>
  );
});

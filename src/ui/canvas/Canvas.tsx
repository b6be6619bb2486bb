/**
 * The live cluster on a React Flow canvas. Flow nodes carry only a name; each custom node
 * selects its own data from the store, so a pod changing re-renders one chip, not the canvas.
 * Nodes are draggable and keep the position the learner gave them.
 */
import { applyNodeChanges, Background, Controls, ReactFlow, useNodesInitialized, useReactFlow, type Node, type NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../state/hooks';
import { appStore, select, setPosition } from '../state/store';
import { defaultLayout } from './layout';
import { MachineNode } from './MachineNode';
import { TrayNode } from './TrayNode';

// module scope: a new object per render would remount every node
const nodeTypes = { machine: MachineNode, tray: TrayNode };

const FIT = { padding: 0.06, maxZoom: 1 };

/** Fits the view once the machines are measured, and again when machines are added or removed. */
function FitOnGrow({ count }: { count: number }) {
  const initialized = useNodesInitialized();
  const { fitView } = useReactFlow();
  const fitted = useRef(0);
  useEffect(() => {
    if (!initialized || count === 0 || fitted.current === count) return;
    fitted.current = count;
    void fitView(FIT);
  }, [initialized, count, fitView]);
  return null;
}

export function Canvas() {
  const machines = useStore(useShallow((s) => Object.values(s.machines).map((m) => `${m.role}:${m.name}`)));
  const [nodes, setNodes] = useState<Node[]>([]);

  useEffect(() => {
    const list = machines.map((k) => {
      const i = k.indexOf(':');
      return { role: k.slice(0, i) as 'control-plane' | 'worker', name: k.slice(i + 1) };
    });
    if (!list.length) return; // not live yet: nothing to lay out
    const positions = appStore.getState().positions;
    setNodes((prev) => {
      const byId = new Map(prev.map((n) => [n.id, n]));
      return defaultLayout(list).map((p) => {
        const old = byId.get(p.id);
        const dragged = positions[p.id];
        const position = dragged ?? { x: p.x, y: p.y };
        // keep the node object (and what React Flow measured) when nothing about it moved
        if (old && old.position.x === position.x && old.position.y === position.y) return old;
        if (old) return { ...old, position };
        return { id: p.id, type: p.type, position, data: p.type === 'machine' ? { name: p.name } : {}, selectable: false };
      });
    });
  }, [machines]);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    setNodes((ns) => applyNodeChanges(changes, ns));
    for (const c of changes) if (c.type === 'position' && c.position && !c.dragging) setPosition(c.id, c.position);
  }, []);

  return (
    <div className="canvas" data-testid="canvas">
      <ReactFlow
        nodes={nodes}
        edges={[]}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onPaneClick={() => select(null)}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        nodesConnectable={false}
        elementsSelectable={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
      >
        <FitOnGrow count={nodes.length} />
        <Background gap={24} size={1} />
        <Controls showInteractive={false} position="bottom-left" />
      </ReactFlow>
    </div>
  );
}

/**
 * The live cluster on a React Flow canvas. Flow nodes carry only a name; each custom node
 * selects its own data from the store, so a pod changing re-renders one chip, not the canvas.
 * Everything is draggable and keeps the position the learner gave it (localStorage). Dropping a
 * claim on a Deployment mounts it. Past a few dozen nodes or ~1,000 pods machines switch to
 * aggregates and only visible elements render.
 */
import { applyNodeChanges, Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useNodesInitialized, useReactFlow, type FitViewOptions, type Node, type NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { attachClaim } from '../actions';
import { useStore } from '../state/hooks';
import { appStore, select, setPosition } from '../state/store';
import { aggregateMode, shownByDefault } from '../state/workloads';
import { ClaimNode } from './ClaimNode';
import { GridNode, gridSize } from './GridNode';
import { ControlPlaneNode } from './ControlPlaneNode';
import { DeploymentNode } from './DeploymentNode';
import { IngressNode, ServiceNode, UsersNode } from './EntryNodes';
import { edgesJsonMemo, keepIdentity } from './flow';
import { defaultLayout, type FlowKind } from './layout';
import { MachineNode } from './MachineNode';
import { TrafficEdge, type TrafficFlowEdge } from './TrafficEdge';
import { TrayNode } from './TrayNode';

// module scope: a new object per render would remount every node
const nodeTypes = { grid: GridNode, controlPlane: ControlPlaneNode, machine: MachineNode, tray: TrayNode, deployment: DeploymentNode, service: ServiceNode, ingress: IngressNode, claim: ClaimNode, users: UsersNode };
const edgeTypes = { traffic: TrafficEdge };

// the top keeps clear of the inspector's hint over the canvas's top-left corner, the bottom of
// the create toolbar over its bottom edge
const FIT: FitViewOptions = { padding: { top: '84px', right: 0.05, bottom: '76px', left: 0.05 }, maxZoom: 1 };

/** Fits the view once everything is measured, and again (animated) when cards come or go. */
function FitOnGrow({ count }: { count: number }) {
  const initialized = useNodesInitialized();
  const { fitView } = useReactFlow();
  const fitted = useRef(0);
  useEffect(() => {
    if (!initialized || count === 0 || fitted.current === count) return;
    const first = fitted.current === 0;
    fitted.current = count;
    void fitView(first ? FIT : { ...FIT, duration: 300 });
  }, [initialized, count, fitView]);
  return null;
}

const keys = (t: Record<string, unknown>, resource: string, all: boolean) =>
  Object.keys(t)
    .filter((id) => all || shownByDefault(resource, id))
    .sort();

function dataFor(type: FlowKind, name: string, compact: boolean, x: number, y: number): Record<string, unknown> {
  if (type === 'grid') return { cols: Number(name), x, y };
  if (type === 'machine') return { name, compact };
  if (type === 'controlPlane') return { name };
  if (type === 'tray' || type === 'users') return {};
  return { id: name };
}

function deploymentHeight(id: string): number {
  const dep = appStore.getState().objects.deployments[id];
  return dep ? 178 : 150;
}

function Flow() {
  const machines = useStore(useShallow((s) => Object.values(s.machines).map((m) => `${m.role}:${m.name}`)));
  const deployments = useStore(useShallow((s) => keys(s.objects.deployments, 'deployments', s.showSystem)));
  const services = useStore(useShallow((s) => keys(s.objects.services, 'services', s.showSystem)));
  const ingresses = useStore(useShallow((s) => keys(s.objects.ingresses, 'ingresses', s.showSystem)));
  const claims = useStore(useShallow((s) => keys(s.objects.persistentvolumeclaims, 'persistentvolumeclaims', s.showSystem)));
  const compact = useStore((s) => aggregateMode(Object.keys(s.machines).length, s.podCount));
  // dragged positions: a change re-places nodes (Reset layout empties it)
  const positions = useStore((s) => s.positions);
  const [nodes, setNodes] = useState<Node[]>([]);
  const edgesRef = useRef<TrafficFlowEdge[]>([]);
  const { getIntersectingNodes } = useReactFlow();
  const dragStart = useRef<{ x: number; y: number } | null>(null);

  // ids only: dragging changes positions every frame, not which edges exist
  const nodeIds = useMemo(() => nodes.map((n) => n.id).join('|'), [nodes]);
  // the edges as a string: the canvas re-renders only when an edge appears, goes or relabels
  const edgesJson = useMemo(edgesJsonMemo, []);
  const edgeJson = useStore((s) => (compact ? '[]' : edgesJson(s)));
  const edges = useMemo(() => {
    const shown = new Set(nodeIds.split('|'));
    const next = (JSON.parse(edgeJson) as TrafficFlowEdge[]).filter((e) => shown.has(e.source) && shown.has(e.target));
    edgesRef.current = keepIdentity(edgesRef.current, next);
    return edgesRef.current;
  }, [edgeJson, nodeIds]);

  useEffect(() => {
    const list = machines.map((k) => {
      const i = k.indexOf(':');
      return { role: k.slice(0, i) as 'control-plane' | 'worker', name: k.slice(i + 1) };
    });
    if (!list.length) return; // not live yet: nothing to lay out
    const placed = defaultLayout({ machines: list, deployments, services, ingresses, claims, compact, deploymentHeight });
    setNodes((prev) => {
      const byId = new Map(prev.map((n) => [n.id, n]));
      return placed.map((p) => {
        const old = byId.get(p.id);
        const position = positions[p.id] ?? { x: p.x, y: p.y };
        const data = dataFor(p.type, p.name, compact, position.x, position.y);
        const sameData = old && JSON.stringify(old.data) === JSON.stringify(data);
        // keep the node object (and what React Flow measured) when nothing about it moved
        if (old && sameData && old.position.x === position.x && old.position.y === position.y) return old;
        if (old) return { ...old, position, data: sameData ? old.data : data };
        // the grid's size is known: fitView need not wait for a measurement
        const size = p.type === 'grid' ? gridSize(list.length - 1, Number(p.name)) : undefined;
        return { id: p.id, type: p.type, position, data, selectable: false, ...(size ? { width: size.width, height: size.height, draggable: false } : {}) };
      });
    });
  }, [machines, deployments, services, ingresses, claims, compact, positions]);

  // for benchmarks: the first frame painted with the machines on it
  const painted = useRef(false);
  useEffect(() => {
    if (painted.current || !nodes.length) return;
    painted.current = true;
    requestAnimationFrame(() => performance.mark('playground:canvas-first-frame'));
  }, [nodes]);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    setNodes((ns) => applyNodeChanges(changes, ns));
    for (const c of changes) if (c.type === 'position' && c.position && !c.dragging && !c.id.startsWith('persistentvolumeclaims:')) setPosition(c.id, c.position);
  }, []);

  const dropTarget = (node: Node): Node | undefined => getIntersectingNodes(node).find((n) => n.type === 'deployment');

  const onNodeDragStart = useCallback((_: unknown, node: Node) => {
    dragStart.current = node.type === 'claim' ? { ...node.position } : null;
  }, []);

  const onNodeDrag = useCallback(
    (_: unknown, node: Node) => {
      if (node.type !== 'claim') return;
      const target = dropTarget(node);
      const label = target ? (target.data as { id: string }).id.split('/')[1] : undefined;
      if ((node.data as { dropTarget?: string }).dropTarget === label) return;
      setNodes((ns) => ns.map((n) => (n.id === node.id ? { ...n, data: { ...n.data, dropTarget: label } } : n)));
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [getIntersectingNodes],
  );

  const onNodeDragStop = useCallback(
    (_: unknown, node: Node) => {
      if (node.type !== 'claim') return;
      const target = dropTarget(node);
      const back = dragStart.current;
      // the claim goes back to the storage row; dropping it on a Deployment mounts it
      setNodes((ns) => ns.map((n) => (n.id === node.id ? { ...n, position: back ?? n.position, data: { ...n.data, dropTarget: undefined } } : n)));
      if (!target) {
        setPosition(node.id, node.position);
        return;
      }
      const depId = (target.data as { id: string }).id;
      const claimId = (node.data as { id: string }).id;
      const [ns, dep] = depId.split('/');
      void attachClaim(ns, dep, claimId.split('/')[1]);
      select({ kind: 'object', resource: 'deployments', id: depId });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [getIntersectingNodes],
  );

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeDragStart={onNodeDragStart}
      onNodeDrag={onNodeDrag}
      onNodeDragStop={onNodeDragStop}
      onPaneClick={() => select(null)}
      onlyRenderVisibleElements={compact}
      minZoom={0.02}
      maxZoom={2}
      proOptions={{ hideAttribution: true }}
      nodesConnectable={false}
      elementsSelectable={false}
      deleteKeyCode={null}
      selectionKeyCode={null}
      multiSelectionKeyCode={null}
      aria-label="Cluster canvas"
    >
      <FitOnGrow count={nodes.length} />
      <Background gap={24} size={1} />
      <Controls showInteractive={false} position="bottom-left" />
      {compact && <MiniMap pannable zoomable position="bottom-right" ariaLabel="Overview of every node" />}
    </ReactFlow>
  );
}

export function Canvas() {
  return (
    <div className="canvas" data-testid="canvas">
      <ReactFlowProvider>
        <Flow />
      </ReactFlowProvider>
    </div>
  );
}

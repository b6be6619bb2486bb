/**
 * Where things go on the canvas by default (VISUAL.md): the outside world on the left, then
 * Ingress and Services, then Deployments; the worker nodes in a grid in the middle; claims
 * below the nodes; the control-plane node across the top (it watches everything) with the
 * unscheduled tray to its left, next to the scheduler's tile. Pure, so positions a learner dragged are
 * simply kept and only new things get a default place.
 */
import type { MachineView } from '../../worker/protocol';

export const CARD_W = 420;
export const COMPACT_W = 200;
export const GAP_X = 32;
export const ROW_H = 520;
export const COMPACT_ROW_H = 118;
export const WORKERS_Y = 360;
/** the control-plane card: four component tiles in a row */
export const CP_W = 2 * CARD_W + GAP_X;
export const DEP_W = 340;
export const SVC_W = 230;
export const USERS_W = 130;
export const CLAIM_W = 220;
const COL_GAP = 64;

export type FlowKind = 'controlPlane' | 'machine' | 'tray' | 'deployment' | 'service' | 'ingress' | 'claim' | 'users' | 'grid';

export interface Placed {
  id: string;
  type: FlowKind;
  /** machine name, or `namespace/name` of the object */
  name: string;
  x: number;
  y: number;
}

export interface LayoutInput {
  machines: Pick<MachineView, 'name' | 'role'>[];
  deployments?: string[];
  services?: string[];
  ingresses?: string[];
  claims?: string[];
  /** aggregate mode: small cards, tight rows */
  compact?: boolean;
  /** rough height of each Deployment card (its ReplicaSets make it taller) */
  deploymentHeight?: (id: string) => number;
}

export function columnsFor(workers: number): number {
  return Math.max(1, Math.min(workers, workers <= 4 ? workers : Math.ceil(Math.sqrt(workers * 1.6))));
}

export function defaultLayout(input: LayoutInput | Pick<MachineView, 'name' | 'role'>[]): Placed[] {
  const inp: LayoutInput = Array.isArray(input) ? { machines: input } : input;
  const { machines, compact = false } = inp;
  const cardW = compact ? COMPACT_W : CARD_W;
  const rowH = compact ? COMPACT_ROW_H : ROW_H;
  const workers = machines.filter((m) => m.role !== 'control-plane');
  const cps = machines.filter((m) => m.role === 'control-plane');
  const cols = columnsFor(workers.length);
  const gridW = cols * cardW + (cols - 1) * GAP_X;
  const rows = Math.max(1, Math.ceil(workers.length / cols));
  const out: Placed[] = [];

  // control plane centred over the grid (or left-aligned when the grid is narrow), tray to its right
  // the tray sits left of the control plane, beside the scheduler's tile (and clear of the
  // inspector, which opens on the right)
  const cpX = Math.max(0, Math.round(gridW / 2 - CP_W / 2));
  out.push({ id: 'tray', type: 'tray', name: '', x: cpX - CARD_W - GAP_X, y: 0 });
  cps.forEach((m, i) => out.push({ id: `machine:${m.name}`, type: 'controlPlane', name: m.name, x: cpX + i * (CP_W + GAP_X), y: 0 }));
  // aggregate mode: one virtualised grid of every worker (see GridNode.tsx)
  if (compact) out.push({ id: 'grid', type: 'grid', name: String(cols), x: 0, y: WORKERS_Y });
  else workers.forEach((m, i) => out.push({ id: `machine:${m.name}`, type: 'machine', name: m.name, x: (i % cols) * (cardW + GAP_X), y: WORKERS_Y + Math.floor(i / cols) * rowH }));

  // to the left: Deployments, then Services and Ingress, then the outside world
  const depX = -(DEP_W + COL_GAP);
  let y = WORKERS_Y;
  for (const id of inp.deployments ?? []) {
    out.push({ id: `deployments:${id}`, type: 'deployment', name: id, x: depX, y });
    y += (inp.deploymentHeight?.(id) ?? 150) + 24;
  }
  const svcX = depX - (SVC_W + COL_GAP);
  y = WORKERS_Y;
  for (const id of inp.services ?? []) {
    out.push({ id: `services:${id}`, type: 'service', name: id, x: svcX, y });
    y += 130;
  }
  // Ingress in front of the Services, so a request reads left to right: users → Ingress → Service
  const ingX = inp.ingresses?.length ? svcX - (SVC_W + COL_GAP) : svcX;
  y = WORKERS_Y;
  for (const id of inp.ingresses ?? []) {
    out.push({ id: `ingresses:${id}`, type: 'ingress', name: id, x: ingX, y });
    y += 130;
  }
  if ((inp.ingresses?.length ?? 0) + (inp.services?.length ?? 0) > 0) out.push({ id: 'users', type: 'users', name: '', x: ingX - (USERS_W + COL_GAP), y: WORKERS_Y });

  // below the nodes: storage
  const claimsY = WORKERS_Y + rows * rowH + 24;
  (inp.claims ?? []).forEach((id, i) => out.push({ id: `persistentvolumeclaims:${id}`, type: 'claim', name: id, x: i * (CLAIM_W + GAP_X), y: claimsY }));
  return out;
}

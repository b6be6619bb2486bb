/**
 * Where things go on the canvas by default: the control-plane node across the top (it watches
 * everything), the unscheduled tray beside it, workers in a grid below. Pure, so positions a
 * learner dragged are simply kept and only new machines get a default place.
 */
import type { MachineView } from '../../worker/protocol';

export const CARD_W = 420;
export const GAP_X = 32;
export const ROW_H = 460;
export const WORKERS_Y = 190;

export interface Placed {
  id: string;
  type: 'machine' | 'tray';
  name: string;
  x: number;
  y: number;
}

export function defaultLayout(machines: Pick<MachineView, 'name' | 'role'>[]): Placed[] {
  const workers = machines.filter((m) => m.role !== 'control-plane');
  const cps = machines.filter((m) => m.role === 'control-plane');
  const cols = Math.max(1, Math.min(workers.length, workers.length <= 4 ? workers.length : Math.ceil(Math.sqrt(workers.length))));
  const gridW = cols * CARD_W + (cols - 1) * GAP_X;
  const out: Placed[] = [];
  // control plane centred over the grid (or left-aligned when the grid is narrow), tray to its right
  const cpX = Math.max(0, Math.round(gridW / 2 - CARD_W / 2));
  cps.forEach((m, i) => out.push({ id: `machine:${m.name}`, type: 'machine', name: m.name, x: cpX + i * (CARD_W + GAP_X), y: 0 }));
  out.push({ id: 'tray', type: 'tray', name: '', x: cpX + cps.length * (CARD_W + GAP_X), y: 0 });
  workers.forEach((m, i) => out.push({ id: `machine:${m.name}`, type: 'machine', name: m.name, x: (i % cols) * (CARD_W + GAP_X), y: WORKERS_Y + Math.floor(i / cols) * ROW_H }));
  return out;
}

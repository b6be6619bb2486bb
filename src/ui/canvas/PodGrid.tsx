/** The pods of one node (or of the unscheduled tray), each in its stable slot. */
import { AnimatePresence } from 'motion/react';
import { CHIP_COLS, CHIP_GAP, CHIP_H, CHIP_W, PodChip } from './PodChip';
import { useStore } from '../state/hooks';

const NONE: readonly (string | null)[] = [];

export function PodGrid({ node, empty }: { node: string; empty: string }) {
  const slots = useStore((s) => s.slots[node]) ?? NONE;
  const rows = Math.max(1, Math.ceil(slots.length / CHIP_COLS));
  return (
    <div className="pod-grid" style={{ width: CHIP_COLS * CHIP_W + (CHIP_COLS - 1) * CHIP_GAP, height: rows * CHIP_H + (rows - 1) * CHIP_GAP }}>
      {slots.length === 0 && <div className="pod-grid-empty">{empty}</div>}
      <AnimatePresence>{slots.map((id, i) => (id ? <PodChip key={id} id={id} slot={i} /> : null))}</AnimatePresence>
    </div>
  );
}

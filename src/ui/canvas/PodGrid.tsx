/** The pods of one node (or of the unscheduled tray), each in its stable slot. */
import { AnimatePresence } from 'motion/react';
import { memo } from 'react';
import { CHIP_COLS, CHIP_GAP, CHIP_H, CHIP_W, PodChip } from './PodChip';
import { useStore } from '../state/hooks';

const NONE: readonly (string | null)[] = [];

// memo: its card re-renders when the node's usage changes; the grid only when its slots do
export const PodGrid = memo(function PodGrid({ node, empty, cols = CHIP_COLS, max = Infinity }: { node: string; empty: string; cols?: number; max?: number }) {
  const all = useStore((s) => s.slots[node]) ?? NONE;
  // a capped grid (the tray) shows the first `max` and counts the rest
  const slots = all.length > max ? all.slice(0, max) : all;
  const more = all.length - slots.length;
  const rows = Math.max(1, Math.ceil(slots.length / cols));
  return (
    <div className="pod-grid" style={{ width: cols * CHIP_W + (cols - 1) * CHIP_GAP, height: rows * CHIP_H + (rows - 1) * CHIP_GAP + (more > 0 ? 24 : 0) }}>
      {slots.length === 0 && <div className="pod-grid-empty">{empty}</div>}
      <AnimatePresence>{slots.map((id, i) => (id ? <PodChip key={id} id={id} slot={i} gridCols={cols} /> : null))}</AnimatePresence>
      {more > 0 && (
        <div className="pod-grid-more" style={{ top: rows * (CHIP_H + CHIP_GAP) }} data-testid={`more.${node || 'unscheduled'}`}>
          + {more} more
        </div>
      )}
    </div>
  );
});

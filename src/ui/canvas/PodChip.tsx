/**
 * One pod: its STATUS word as kubectl prints it, icon and colour, READY x/y and restarts.
 * Selects its own object; keeps the last version it saw so it can fade out after removal.
 * Enter is a CSS animation (scale + opacity, on the compositor: a burst of new pods costs the
 * main thread nothing per frame); the terminating fade is a CSS transition. Motion only plays
 * the exit (the chip must outlive its pod), as one native `transform` + `opacity` animation.
 * Never `layout` animations: they misplace things in a zoomed canvas.
 */
import { m, useReducedMotion } from 'motion/react';
import { memo, useMemo, useRef } from 'react';
import type { Pod } from 'kubernetes-types/core/v1';
import { podColumns } from '../state/podstatus';
import { useStore } from '../state/hooks';
import { select } from '../state/store';
import { podTone } from '../state/views';
import { claimsOf, podRelated } from '../state/workloads';
import { StatusIcon } from './StatusIcon';

export const CHIP_W = 190;
export const CHIP_H = 44;
export const CHIP_GAP = 8;
export const CHIP_COLS = 2;

export function chipPosition(slot: number, cols = CHIP_COLS): { left: number; top: number } {
  return { left: (slot % cols) * (CHIP_W + CHIP_GAP), top: Math.floor(slot / cols) * (CHIP_H + CHIP_GAP) };
}

// a single `transform` string (not scale/y) lets motion hand the exit to the browser (WAAPI)
const EXIT = { opacity: 0, transform: 'translateY(18px) scale(0.6)' };
const EXIT_FADE = { opacity: 0 };
const EXIT_TRANSITION = { duration: 0.3, ease: 'easeOut' } as const;

export const PodChip = memo(function PodChip({ id, slot, gridCols = CHIP_COLS }: { id: string; slot: number; gridCols?: number }) {
  const current = useStore((s) => s.objects.pods[id]) as Pod | undefined;
  const selected = useStore((s) => s.selection?.kind === 'pod' && s.selection.id === id);
  // highlighted when its Deployment, ReplicaSet, Service or claim is selected
  const related = useStore((s) => {
    const p = s.objects.pods[id] as Pod | undefined;
    return !!p && podRelated(s.selection, p, s.objects);
  });
  const dimmed = useStore((s) => s.selection?.kind === 'object' && !related);
  const reduce = useReducedMotion();
  const last = useRef(current);
  if (current) last.current = current;
  const pod = current ?? last.current;
  const cols = useMemo(() => (pod ? podColumns(pod) : undefined), [pod]);
  if (!pod || !cols) return null;
  const name = pod.metadata?.name ?? '';
  const tone = podTone(cols.status, cols.ready, cols.total);
  const label = `Pod ${name}: ${cols.status}, ${cols.ready}/${cols.total} ready, ${cols.restarts} restarts`;
  const claims = claimsOf(pod);
  return (
    <m.button
      type="button"
      className={`pod-chip nodrag tone-${tone}${selected ? ' selected' : ''}${related ? ' related' : ''}${dimmed ? ' dimmed' : ''}`}
      data-testid={`pod.${name}`}
      data-status={cols.status}
      aria-label={claims.length ? `${label}, mounts ${claims.map((c) => c.split('/')[1]).join(', ')}` : label}
      aria-pressed={selected}
      title={`${label}${pod.spec?.nodeName ? ` — on ${pod.spec.nodeName}` : ''}`}
      style={chipPosition(slot, gridCols)}
      exit={reduce ? EXIT_FADE : EXIT}
      transition={EXIT_TRANSITION}
      onClick={(e) => {
        e.stopPropagation();
        select({ kind: 'pod', id });
      }}
    >
      <span className="chip-row">
        <StatusIcon tone={tone} />
        <span className="chip-status">{cols.status}</span>
        <span className="chip-ready" title="READY">{cols.ready}/{cols.total}</span>
      </span>
      <span className="chip-row">
        <span className="chip-name mono">{name}</span>
        {claims.length > 0 && (
          <span className="chip-disk" title={`mounts ${claims.map((c) => c.split('/')[1]).join(', ')}`} aria-hidden="true">
            ⛁
          </span>
        )}
        <span className={`chip-restarts${cols.restarts ? ' has' : ''}`} title="RESTARTS">↻{cols.restarts}</span>
      </span>
    </m.button>
  );
});

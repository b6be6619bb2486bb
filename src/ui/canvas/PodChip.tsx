/**
 * One pod: its STATUS word as kubectl prints it, icon and colour, READY x/y and restarts.
 * Selects its own object; keeps the last version it saw so it can fade out after removal.
 * Enter is a CSS animation (scale + opacity, on the compositor: a burst of new pods costs the
 * main thread nothing per frame); the terminating fade is a CSS transition. The exit (the chip
 * must outlive its pod) is one native `transform` + `opacity` animation started when
 * AnimatePresence says the chip is leaving — a plain element, not a motion component: motion's
 * per-render bookkeeping cost ten times the chip's own render, and chips re-render whenever
 * their pod changes or their slot shifts. Never `layout` animations: they misplace things in a
 * zoomed canvas.
 */
import { usePresence, useReducedMotion } from 'motion/react';
import { memo, useEffect, useMemo, useRef } from 'react';
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

// one keyframe: the browser animates from the chip's current look (no style read here)
const EXIT: Keyframe[] = [{ opacity: 0, transform: 'translateY(18px) scale(0.6)' }];
const EXIT_FADE: Keyframe[] = [{ opacity: 0 }];
const EXIT_TIMING: KeyframeAnimationOptions = { duration: 300, easing: 'ease-out', fill: 'forwards' };

/** Plays the exit when AnimatePresence removes the chip, then lets it go. */
function useExit(el: React.RefObject<HTMLElement | null>, reduce: boolean): void {
  const [present, safeToRemove] = usePresence();
  // the latest callback and preference, without restarting a running exit when they change
  const done = useRef(safeToRemove);
  done.current = safeToRemove;
  const fade = useRef(reduce);
  fade.current = reduce;
  useEffect(() => {
    if (present) return;
    const node = el.current;
    if (!node || typeof node.animate !== 'function') {
      done.current?.();
      return;
    }
    const a = node.animate(fade.current ? EXIT_FADE : EXIT, EXIT_TIMING);
    a.onfinish = () => done.current?.();
    // back before the exit ended (the same pod again): show it as it is
    return () => a.cancel();
  }, [present, el]);
}

export const PodChip = memo(function PodChip({ id, slot, gridCols = CHIP_COLS }: { id: string; slot: number; gridCols?: number }) {
  const current = useStore((s) => s.objects.pods[id]) as Pod | undefined;
  const selected = useStore((s) => s.selection?.kind === 'pod' && s.selection.id === id);
  // highlighted when its Deployment, ReplicaSet, Service or claim is selected
  const related = useStore((s) => {
    const p = s.objects.pods[id] as Pod | undefined;
    return !!p && podRelated(s.selection, p, s.objects);
  });
  const dimmed = useStore((s) => s.selection?.kind === 'object' && !related);
  const reduce = !!useReducedMotion();
  const ref = useRef<HTMLButtonElement>(null);
  useExit(ref, reduce);
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
    <button
      ref={ref}
      type="button"
      className={`pod-chip nodrag tone-${tone}${selected ? ' selected' : ''}${related ? ' related' : ''}${dimmed ? ' dimmed' : ''}`}
      data-testid={`pod.${name}`}
      data-status={cols.status}
      aria-label={claims.length ? `${label}, mounts ${claims.map((c) => c.split('/')[1]).join(', ')}` : label}
      aria-pressed={selected}
      title={`${label}${pod.spec?.nodeName ? ` — on ${pod.spec.nodeName}` : ''}`}
      style={chipPosition(slot, gridCols)}
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
    </button>
  );
});

/**
 * An edge a request can take: users → Ingress/Service, Ingress → Service, Service → the node
 * holding its ready endpoints, claim → the node where a pod mounts it. Sampled requests travel
 * it as particles (failures in the failed colour) — through a subscription and the DOM, never
 * through a re-render. With reduced motion the edge flashes instead.
 */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import type { TrafficSample } from '../../worker/protocol';
import { traffic } from '../state/pulse';

export interface TrafficEdgeData extends Record<string, unknown> {
  kind: 'users' | 'ingress' | 'endpoints' | 'claim';
  label?: string;
  /** `service ns/name` or `ingress host` prefixes a sample's `via` must start with */
  via?: string[];
  /** pod names whose answers travel this edge */
  pods?: string[];
}

export type TrafficFlowEdge = Edge<TrafficEdgeData, 'traffic'>;

const SVG = 'http://www.w3.org/2000/svg';
// one MediaQueryList for every pulse (it tracks changes itself), not a new one per pulse
const reducedQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : undefined;
const reduced = () => !!reducedQuery?.matches;

export function sampleTravels(data: TrafficEdgeData, s: TrafficSample): boolean {
  if (data.kind === 'claim') return false;
  const viaOk = !data.via || data.via.some((v) => s.via.startsWith(v));
  if (!viaOk) return false;
  if (!data.pods) return true;
  const last = s.hops[s.hops.length - 1];
  return data.pods.includes(last);
}

const failed = (s: TrafficSample) => typeof s.status !== 'number' || s.status >= 500;

export const TrafficEdge = memo(function TrafficEdge(props: EdgeProps<TrafficFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const layer = useRef<SVGGElement>(null);
  const pathRef = useRef(path);
  pathRef.current = path;
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    if (!data || data.kind === 'claim') return;
    return traffic.subscribe((samples) => {
      const g = layer.current;
      const d = dataRef.current;
      if (!g || !d) return;
      let n = 0;
      for (const s of samples) {
        if (!sampleTravels(d, s) || n >= 6) continue;
        const bad = failed(s);
        const delay = n++ * 70;
        if (reduced()) {
          g.parentElement?.animate?.([{ opacity: 1 }, { opacity: 0.4 }, { opacity: 1 }], { duration: 300, delay });
          continue;
        }
        const dot = document.createElementNS(SVG, 'circle');
        dot.setAttribute('r', bad ? '4' : '3.5');
        dot.setAttribute('class', `particle${bad ? ' failed' : ''}`);
        const move = document.createElementNS(SVG, 'animateMotion');
        move.setAttribute('dur', '0.7s');
        move.setAttribute('begin', 'indefinite');
        move.setAttribute('fill', 'freeze');
        move.setAttribute('path', pathRef.current);
        move.setAttribute('keyTimes', '0;1');
        move.setAttribute('keySplines', '0.2 0 0.4 1');
        move.setAttribute('calcMode', 'spline');
        dot.appendChild(move);
        dot.setAttribute('opacity', '0');
        g.appendChild(dot);
        // started by hand: SMIL's own `begin` counts from the document's timeline
        setTimeout(() => {
          dot.setAttribute('opacity', '1');
          (move as unknown as { beginElement?: () => void }).beginElement?.();
        }, delay);
        setTimeout(() => dot.remove(), delay + 760);
      }
    });
  }, [data]);

  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={`edge-${data?.kind ?? 'x'}`} />
      <g ref={layer} className="particles" />
      {data?.label && (
        <EdgeLabelRenderer>
          <div className={`edge-label edge-label-${data.kind}`} style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
            {data.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});

/**
 * The control-plane node: etcd, the API server, the scheduler and the controller manager as
 * tiles. Every request to the API server and every write to etcd pulses its tile (through the
 * `requests` channel and refs — no store update, no re-render per frame); a stopped component
 * is visibly down, with a button to start it again. The request rates are real: requests per
 * second of simulated time, by process (user agent).
 */
import { Handle, Position, type NodeProps, type Node as FlowNode } from '@xyflow/react';
import type { Node } from 'kubernetes-types/core/v1';
import { memo, useEffect, useRef } from 'react';
import { setProcess } from '../actions';
import { useStore } from '../state/hooks';
import { requests } from '../state/pulse';
import { select } from '../state/store';
import { nodeStatusWord, nodeTone } from '../state/views';
import type { RequestDelta } from '../../worker/protocol';
import { StatusIcon } from './StatusIcon';
import { appStore } from '../state/store';
import { PodGrid } from './PodGrid';

export type ControlPlaneFlowNode = FlowNode<{ name: string }, 'controlPlane'>;

interface Tile {
  process: string;
  title: string;
  role: string;
  /** how many of this frame's requests light this tile */
  count(d: RequestDelta): number;
  unit: string;
}

const sum = (d: RequestDelta) => Object.values(d.byAgent).reduce((a, b) => a + b, 0);

const TILES: Tile[] = [
  // first: it sits next to the unscheduled tray, whose pods it is about to bind
  { process: 'kube-scheduler', title: 'scheduler', role: 'binds pods to nodes', count: (d) => d.byAgent['kube-scheduler'] ?? 0, unit: 'req/s' },
  { process: 'kube-apiserver', title: 'API server', role: 'every client talks to it', count: sum, unit: 'req/s' },
  { process: 'etcd', title: 'etcd', role: 'stores every object', count: (d) => d.writes, unit: 'writes/s' },
  { process: 'kube-controller-manager', title: 'controller manager', role: 'runs the controllers', count: (d) => d.byAgent['kube-controller-manager'] ?? 0, unit: 'req/s' },
];

// one MediaQueryList for every pulse (it tracks changes itself), not a new one per pulse
const reducedQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : undefined;
const reduced = () => !!reducedQuery?.matches;

/** Pulses the tile and keeps a per-simulated-second rate, all through refs. */
function usePulse(tile: Tile, el: React.RefObject<HTMLElement | null>, rate: React.RefObject<HTMLElement | null>) {
  useEffect(() => {
    // a window of (virtual ms, count) pairs: the rate is per second of simulated time
    const window: [number, number][] = [];
    let lastText = '';
    let lastPulse = 0;
    return requests.subscribe((d) => {
      const n = tile.count(d);
      const now = appStore.getState().clock.now;
      window.push([now, n]);
      while (window.length && window[0][0] < now - 5000) window.shift();
      const span = Math.max(1000, now - (window[0]?.[0] ?? now));
      const total = window.reduce((a, [, c]) => a + c, 0);
      const text = `${Math.round((total * 1000) / span)} ${tile.unit}`;
      if (rate.current && text !== lastText) {
        rate.current.textContent = text;
        lastText = text;
      }
      // a composited pulse (transform + opacity on its own small layer): no repaint of the
      // canvas, which software rendering would pay for on every frame
      const t = performance.now();
      if (n > 0 && el.current && typeof el.current.animate === 'function' && t - lastPulse > 150) {
        lastPulse = t;
        const strength = Math.min(1, 0.4 + n / 40);
        el.current.animate(
          reduced()
            ? [{ opacity: strength }, { opacity: 0 }]
            : [
                { transform: 'scale(0.6)', opacity: strength },
                { transform: 'scale(1.8)', opacity: 0 },
              ],
          { duration: 380, easing: 'ease-out' },
        );
      }
    });
  }, [tile, el, rate]);
}

function ProcessTile({ machine, tile, up, powered }: { machine: string; tile: Tile; up: boolean; powered: boolean }) {
  const pulse = useRef<HTMLSpanElement>(null);
  const rate = useRef<HTMLSpanElement>(null);
  usePulse(tile, pulse, rate);
  const state = !powered ? 'machine off' : up ? 'running' : 'stopped';
  return (
    <li className={`cp-tile ${up && powered ? 'up' : 'down'}`} data-testid={`cp.${tile.process}`} data-running={up && powered} aria-label={`${tile.title} (${tile.process}): ${state}`}>
      <span className="cp-pulse" ref={pulse} aria-hidden="true" />
      <div className="cp-tile-head">
        <StatusIcon tone={up && powered ? 'ok' : 'failed'} />
        <span className="cp-tile-title">{tile.title}</span>
        <span className={`cp-tile-state${up && powered ? '' : ' down'}`}>{state}</span>
      </div>
      <div className="cp-tile-sub">
        <span className="mono">{tile.process}</span>
        <span className="cp-rate mono" ref={rate} aria-hidden="true">
          0 {tile.unit}
        </span>
      </div>
      <div className="cp-tile-role">{tile.role}</div>
      <button
        type="button"
        className={`btn tiny nodrag${up ? ' danger' : ''}`}
        data-testid={`cp.${tile.process}.toggle`}
        disabled={!powered}
        onClick={() => setProcess(machine, tile.process, !up)}
        aria-label={`${up ? 'Stop' : 'Start'} ${tile.process}`}
      >
        {up ? 'Stop' : 'Start'}
      </button>
    </li>
  );
}

export const ControlPlaneNode = memo(function ControlPlaneNode({ data }: NodeProps<ControlPlaneFlowNode>) {
  const name = data.name;
  const machine = useStore((s) => s.machines[name]);
  const node = useStore((s) => s.objects.nodes[`/${name}`]) as Node | undefined;
  const selected = useStore((s) => s.selection?.kind === 'node' && s.selection.name === name);
  if (!machine) return null;
  const word = node ? nodeStatusWord(node) : 'not registered';
  const tone = nodeTone(word, machine.powered);
  const apiDown = !machine.powered || !machine.processes['kube-apiserver'] || !machine.processes.etcd;
  return (
    <section
      className={`machine control-plane tone-${tone}${machine.powered ? ' on' : ' off'}${selected ? ' selected' : ''}`}
      data-testid={`node.${name}`}
      data-status={word}
      data-powered={machine.powered}
      aria-label={`Control-plane node ${name}: ${word}${apiDown ? ', API unavailable' : ''}`}
    >
      <Handle type="target" position={Position.Bottom} className="hidden-handle" isConnectable={false} />
      <header className="machine-head">
        <button type="button" className="machine-name nodrag mono" data-testid={`node.${name}.select`} aria-pressed={selected} onClick={() => select({ kind: 'node', name })}>
          {name}
        </button>
        <span className="machine-role">control plane</span>
        <span className={`badge tone-${nodeTone(word, true)}`} data-testid={`node.${name}.status`}>
          <StatusIcon tone={nodeTone(word, true)} />
          {word}
        </span>
      </header>
      <div className="machine-sub">
        <span className="mono">{machine.internalIP}</span>
        {!machine.powered && <span className="badge tone-unknown">powered off</span>}
        {apiDown && machine.powered && (
          <span className="badge tone-failed" data-testid="cp.api-down">
            API unavailable
          </span>
        )}
      </div>
      <ul className="cp-tiles" aria-label="control-plane components">
        {TILES.map((t) => (
          <ProcessTile key={t.process} machine={name} tile={t} up={!!machine.processes[t.process]} powered={machine.powered} />
        ))}
      </ul>
      <div className="cp-pods-title kind">pods on this node (static pods run the components)</div>
      <PodGrid node={name} empty="no pods" cols={4} />
    </section>
  );
});

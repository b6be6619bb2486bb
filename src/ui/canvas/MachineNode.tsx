/**
 * A worker machine and its Kubernetes Node: the frame shows health (Ready solid, NotReady
 * dashed, cordoned hatched, powered off grey), bars show requests against allocatable, taints
 * are listed, and the pods sit inside in stable slots. In aggregate mode (a big cluster) the
 * card shows bars and status counts instead of chips.
 */
import { Handle, Position, type NodeProps, type Node as FlowNode } from '@xyflow/react';
import type { Node } from 'kubernetes-types/core/v1';
import { memo, useLayoutEffect, useRef } from 'react';
import { useStore } from '../state/hooks';
import { select } from '../state/store';
import { cpuMillis, bytes, formatCpu, formatMemory } from '../state/quantity';
import { nodeStatusWord, nodeTone, type Tone } from '../state/views';
import { PodGrid } from './PodGrid';
import { StatusIcon } from './StatusIcon';

export type MachineFlowNode = FlowNode<{ name: string; compact?: boolean }, 'machine'>;

// one MediaQueryList for every bar (it tracks changes itself)
const reducedQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : undefined;
const reducedMotion = () => !!reducedQuery?.matches;

function Bar({ label, used, total, text }: { label: string; used: number; total: number; text: string }) {
  const pct = total > 0 ? Math.min(100, (used / total) * 100) : 0;
  // whole percents: under churn usage moves by a pod's 0.25 % several times a second, and each
  // move would restart the transition of every bar; a percent is a pixel or three
  const shown = Math.round(pct);
  const fill = useRef<HTMLSpanElement>(null);
  const last = useRef(shown);
  useLayoutEffect(() => {
    const from = last.current;
    last.current = shown;
    const el = fill.current;
    if (!el || from === shown || typeof el.animate !== 'function' || reducedMotion()) return;
    // a Web Animation, not a CSS transition: it runs on the compositor just the same, and fires
    // no transition events (under churn ~200 a second went through React's root listener)
    el.animate([{ transform: `translateX(${from - 100}cqw)` }, { transform: `translateX(${shown - 100}cqw)` }], { duration: 300, easing: 'ease-out' });
  }, [shown]);
  return (
    <div className="bar" role="meter" aria-label={`${label} requested`} aria-valuemin={0} aria-valuemax={total} aria-valuenow={used} aria-valuetext={text} title={`${label} requests: ${text}`}>
      <span className="bar-label">{label}</span>
      <span className="bar-track">
        {/* a full-width fill slid left: a transform animation runs on the compositor, a width
            transition would lay out and repaint the card every frame for 300 ms. In `cqw` (the
            track is the container), not `%`: a percentage translate depends on the box size,
            which keeps the animation off the compositor */}
        <span ref={fill} className={`bar-fill${pct > 90 ? ' high' : ''}`} style={{ transform: `translateX(${shown - 100}cqw)` }} />
      </span>
      <span className="bar-text">{text}</span>
    </div>
  );
}

const TONE_ORDER: Tone[] = ['ok', 'progress', 'warning', 'failed', 'terminating', 'unknown'];
const TONE_WORD: Record<Tone, string> = { ok: 'running', progress: 'starting', warning: 'warning', failed: 'failed', terminating: 'terminating', unknown: 'unknown' };

function Counts({ name }: { name: string }) {
  // kept by the mirror per node, incrementally: a new object only when a count changed
  const tones = useStore((s) => s.tones[name]);
  if (!TONE_ORDER.some((t) => tones?.[t])) return <div className="pod-grid-empty">no pods</div>;
  // every family keeps its item (hidden at zero): under churn "1 terminating" comes and goes
  // several times a second, and toggling `hidden` is cheaper than building the item again
  return (
    <ul className="tone-counts" aria-label="pods by status">
      {TONE_ORDER.map((t) => (
        <li key={t} className={`tone-${t}`} hidden={!tones?.[t]}>
          <StatusIcon tone={t} size={10} />
          {`${tones?.[t] ?? 0} ${TONE_WORD[t]}`}
        </li>
      ))}
    </ul>
  );
}

export function taintText(t: { key: string; value?: string; effect: string }): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

export const MachineNode = memo(function MachineNode({ data }: NodeProps<MachineFlowNode>) {
  const { name, compact } = data;
  const machine = useStore((s) => s.machines[name]);
  const node = useStore((s) => s.objects.nodes[`/${name}`]) as Node | undefined;
  const usage = useStore((s) => s.usage[name]);
  const selected = useStore((s) => s.selection?.kind === 'node' && s.selection.name === name);
  if (!machine) return null;
  const word = node ? nodeStatusWord(node) : 'not registered';
  const tone = nodeTone(word, machine.powered);
  const alloc = node?.status?.allocatable;
  const cpuTotal = alloc?.cpu ? cpuMillis(alloc.cpu) : machine.cpuMillis;
  const memTotal = alloc?.memory ? bytes(alloc.memory) : machine.memoryBytes;
  const podsTotal = alloc?.pods ? Number(alloc.pods) : machine.maxPods;
  const taints = node?.spec?.taints ?? [];
  const classes = ['machine', 'worker', `tone-${tone}`, machine.powered ? 'on' : 'off', word.startsWith('NotReady') || word === 'Unknown' || !node ? 'not-ready' : '', node?.spec?.unschedulable ? 'cordoned' : '', selected ? 'selected' : '', compact ? 'compact' : '']
    .filter(Boolean)
    .join(' ');
  const label = `Node ${name}: ${word}${machine.powered ? '' : ', powered off'}${machine.powered && !machine.network ? ', network cut' : ''}`;
  return (
    <section className={classes} data-testid={`node.${name}`} data-status={word} data-powered={machine.powered} data-network={machine.network} aria-label={label}>
      {!compact && <Handle type="target" position={Position.Left} className="hidden-handle" isConnectable={false} />}
      {!compact && <Handle type="target" id="bottom" position={Position.Bottom} className="hidden-handle" isConnectable={false} />}
      <header className="machine-head">
        <button type="button" className="machine-name nodrag mono" data-testid={`node.${name}.select`} aria-pressed={selected} aria-label={`Inspect node ${name}`} onClick={() => select({ kind: 'node', name })}>
          {name}
        </button>
        {!compact && <span className="machine-role">worker · {formatCpu(machine.cpuMillis)} cpu · {formatMemory(machine.memoryBytes)}</span>}
        <span className={`badge tone-${nodeTone(word, true)}`} data-testid={`node.${name}.status`}>
          <StatusIcon tone={nodeTone(word, true)} />
          {word}
        </span>
      </header>
      {!compact && (
        <div className="machine-sub">
          <span className="mono">{machine.internalIP}</span>
          {!machine.powered && (
            <span className="badge tone-unknown" data-testid={`node.${name}.power`}>
              powered off
            </span>
          )}
          {machine.powered && !machine.network && (
            <span className="badge tone-warning" data-testid={`node.${name}.network`}>
              network cut
            </span>
          )}
          {Object.entries(machine.processes)
            .filter(([, up]) => !up)
            .map(([p]) => (
              <span key={p} className="badge tone-failed">
                {p} stopped
              </span>
            ))}
        </div>
      )}
      {!compact && taints.length > 0 && (
        <ul className="taints" aria-label="Taints" data-testid={`node.${name}.taints`}>
          {taints.map((t) => (
            <li key={`${t.key}:${t.effect}`} className="mono" title="taint: pods without a matching toleration are kept off (NoSchedule) or evicted (NoExecute)">
              {taintText(t)}
            </li>
          ))}
        </ul>
      )}
      <div className="bars">
        <Bar label="cpu" used={usage?.cpuMillis ?? 0} total={cpuTotal} text={`${formatCpu(usage?.cpuMillis ?? 0)} / ${formatCpu(cpuTotal)}`} />
        <Bar label="mem" used={usage?.memoryBytes ?? 0} total={memTotal} text={`${formatMemory(usage?.memoryBytes ?? 0)} / ${formatMemory(memTotal)}`} />
        {!compact && <Bar label="pods" used={usage?.pods ?? 0} total={podsTotal} text={`${usage?.pods ?? 0} / ${podsTotal}`} />}
      </div>
      {compact ? <Counts name={name} /> : <PodGrid node={name} empty={machine.powered ? 'no pods' : ''} max={12} />}
    </section>
  );
});

/**
 * A machine and its Kubernetes Node: the frame shows health (Ready solid, NotReady dashed,
 * cordoned hatched, powered off grey), bars show requests against allocatable, and the pods sit
 * inside in stable slots. The control-plane machine also lists its control-plane processes.
 */
import type { NodeProps, Node as FlowNode } from '@xyflow/react';
import type { Node } from 'kubernetes-types/core/v1';
import { memo } from 'react';
import { useStore } from '../state/hooks';
import { select } from '../state/store';
import { cpuMillis, bytes, formatCpu, formatMemory } from '../state/quantity';
import { nodeStatusWord, nodeTone } from '../state/views';
import { PodGrid } from './PodGrid';
import { StatusIcon } from './StatusIcon';

export type MachineFlowNode = FlowNode<{ name: string }, 'machine'>;

const CONTROL_PLANE_PROCESSES = ['etcd', 'kube-apiserver', 'kube-scheduler', 'kube-controller-manager'];

function Bar({ label, used, total, text }: { label: string; used: number; total: number; text: string }) {
  const pct = total > 0 ? Math.min(100, (used / total) * 100) : 0;
  return (
    <div className="bar" role="meter" aria-label={`${label} requested`} aria-valuemin={0} aria-valuemax={total} aria-valuenow={used} aria-valuetext={text} title={`${label} requests: ${text}`}>
      <span className="bar-label">{label}</span>
      <span className="bar-track">
        <span className={`bar-fill${pct > 90 ? ' high' : ''}`} style={{ width: `${pct}%` }} />
      </span>
      <span className="bar-text">{text}</span>
    </div>
  );
}

export const MachineNode = memo(function MachineNode({ data }: NodeProps<MachineFlowNode>) {
  const name = data.name;
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
  const cp = machine.role === 'control-plane';
  const classes = ['machine', `tone-${tone}`, cp ? 'control-plane' : 'worker', machine.powered ? 'on' : 'off', word.startsWith('NotReady') || !node ? 'not-ready' : '', node?.spec?.unschedulable ? 'cordoned' : '', selected ? 'selected' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <section className={classes} data-testid={`node.${name}`} data-status={word} data-powered={machine.powered} aria-label={`Node ${name}: ${word}${machine.powered ? '' : ', powered off'}`}>
      <header className="machine-head">
        <button type="button" className="machine-name nodrag mono" data-testid={`node.${name}.select`} aria-pressed={selected} onClick={() => select({ kind: 'node', name })}>
          {name}
        </button>
        <span className="machine-role">{cp ? 'control-plane' : 'worker'}</span>
        <span className={`badge tone-${nodeTone(word, true)}`} data-testid={`node.${name}.status`}>
          <StatusIcon tone={nodeTone(word, true)} />
          {word}
        </span>
      </header>
      <div className="machine-sub">
        <span className="mono">{machine.internalIP}</span>
        {!machine.powered && (
          <span className="badge tone-unknown" data-testid={`node.${name}.power`}>
            powered off
          </span>
        )}
        {machine.powered && !machine.network && <span className="badge tone-warning">network down</span>}
      </div>
      {cp && (
        <ul className="processes" aria-label="control-plane processes">
          {CONTROL_PLANE_PROCESSES.map((p) => {
            const up = machine.powered && machine.processes[p];
            return (
              <li key={p} className={up ? 'up' : 'down'} title={`${p}: ${up ? 'running' : 'stopped'}`}>
                <StatusIcon tone={up ? 'ok' : 'failed'} size={10} />
                <span className="mono">{p}</span>
              </li>
            );
          })}
        </ul>
      )}
      <div className="bars">
        <Bar label="cpu" used={usage?.cpuMillis ?? 0} total={cpuTotal} text={`${formatCpu(usage?.cpuMillis ?? 0)} / ${formatCpu(cpuTotal)}`} />
        <Bar label="mem" used={usage?.memoryBytes ?? 0} total={memTotal} text={`${formatMemory(usage?.memoryBytes ?? 0)} / ${formatMemory(memTotal)}`} />
        <Bar label="pods" used={usage?.pods ?? 0} total={podsTotal} text={`${usage?.pods ?? 0} / ${podsTotal}`} />
      </div>
      {!cp || (usage?.pods ?? 0) > 0 ? <PodGrid node={name} empty={machine.powered ? 'no pods' : ''} /> : null}
    </section>
  );
});

/** Small pieces every inspector panel shares: fact rows, an action with its kubectl line, ages. */
import type { ReactNode } from 'react';
import { humanDuration } from '../../state/podstatus';
import { useStore } from '../../state/hooks';

export function Row({ k, v, mono }: { k: string; v: ReactNode; mono?: boolean }) {
  return (
    <>
      <dt>{k}</dt>
      <dd className={mono ? 'mono' : undefined}>{v}</dd>
    </>
  );
}

export function age(nowMs: number, ts: string | undefined): string {
  return ts ? humanDuration(nowMs - Date.parse(ts)) : '<unknown>';
}

/** The cluster's now in absolute ms, to the second (ages only change once a second). */
export function useNowMs(): number {
  return useStore((s) => s.clock.epochMs + Math.floor(s.clock.now / 1000) * 1000);
}

/** A button and, under it, the kubectl command (or the infrastructure act) that does the same. */
export function Action(props: { label: string; command: string; testid: string; onClick: () => void; danger?: boolean; disabled?: boolean; note?: string; commandTestid?: string }) {
  return (
    <div className="action-item">
      <button type="button" className={`btn${props.danger ? ' danger' : ''}`} data-testid={props.testid} disabled={props.disabled} onClick={props.onClick}>
        {props.label}
      </button>
      <code className="kubectl" data-testid={props.commandTestid ?? `${props.testid}.kubectl`}>
        $ {props.command}
      </code>
      {props.note && <p className="muted small">{props.note}</p>}
    </div>
  );
}

/** kubectl's short names for the resources the canvas shows. */
export const KUBECTL_NAME: Record<string, string> = {
  pods: 'pod',
  nodes: 'node',
  deployments: 'deployment',
  replicasets: 'replicaset',
  services: 'service',
  ingresses: 'ingress',
  persistentvolumeclaims: 'pvc',
  endpointslices: 'endpointslice',
};

export const KIND_OF: Record<string, string> = {
  pods: 'Pod',
  nodes: 'Node',
  deployments: 'Deployment',
  replicasets: 'ReplicaSet',
  services: 'Service',
  ingresses: 'Ingress',
  persistentvolumeclaims: 'PersistentVolumeClaim',
};

export const nsFlag = (ns: string) => (ns && ns !== 'default' ? ` -n ${ns}` : '');

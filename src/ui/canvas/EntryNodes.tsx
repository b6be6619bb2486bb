/**
 * Entry points: the outside world (users, a load balancer), Ingress and Services. Edges from
 * them lead to the nodes that hold their ready endpoints (see Canvas.tsx); requests travel the
 * edges as particles when the traffic component reports them.
 */
import { Handle, Position, type NodeProps, type Node as FlowNode } from '@xyflow/react';
import type { Service } from 'kubernetes-types/core/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { memo } from 'react';
import { useStore } from '../state/hooks';
import { select } from '../state/store';
import { endpointsByNode } from '../state/workloads';
import { StatusIcon } from './StatusIcon';

export type ServiceFlowNode = FlowNode<{ id: string }, 'service'>;
export type IngressFlowNode = FlowNode<{ id: string }, 'ingress'>;
export type UsersFlowNode = FlowNode<Record<string, never>, 'users'>;

function portsText(svc: Service): string {
  return (svc.spec?.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',') || '<none>';
}

export const ServiceNode = memo(function ServiceNode({ data }: NodeProps<ServiceFlowNode>) {
  const id = data.id;
  const svc = useStore((s) => s.objects.services[id]) as Service | undefined;
  // ready/not-ready endpoint counts as a string: re-render only when they change
  const eps = useStore((s) => {
    const v = s.objects.services[id] as Service | undefined;
    if (!v) return '0:0';
    const e = endpointsByNode(s.objects.endpointslices, v);
    return `${e.ready}:${e.notReady}`;
  });
  const selected = useStore((s) => s.selection?.kind === 'object' && s.selection.resource === 'services' && s.selection.id === id);
  if (!svc) return null;
  const name = svc.metadata?.name ?? '';
  const [ready, notReady] = eps.split(':').map(Number);
  const headless = svc.spec?.clusterIP === 'None';
  const tone = ready > 0 ? 'ok' : 'warning';
  return (
    <section className={`entry service tone-${tone}${selected ? ' selected' : ''}`} data-testid={`service.${name}`} data-endpoints={ready} aria-label={`Service ${name}: ${ready} ready endpoints`}>
      <Handle type="target" position={Position.Left} className="hidden-handle" isConnectable={false} />
      <Handle type="source" position={Position.Right} className="hidden-handle" isConnectable={false} />
      <header className="entry-head">
        <span className="kind">Service · {svc.spec?.type ?? 'ClusterIP'}</span>
      </header>
      <button type="button" className="entry-name nodrag mono" data-testid={`service.${name}.select`} aria-pressed={selected} onClick={() => select({ kind: 'object', resource: 'services', id })}>
        {name}
      </button>
      <div className="entry-sub mono">
        {headless ? 'headless' : (svc.spec?.clusterIP ?? 'pending IP')} · {portsText(svc)}
      </div>
      <div className={`entry-eps tone-${tone}`}>
        <StatusIcon tone={tone} size={10} />
        {ready} ready endpoint{ready === 1 ? '' : 's'}
        {notReady > 0 && <span className="muted"> · {notReady} not ready</span>}
      </div>
    </section>
  );
});

export const IngressNode = memo(function IngressNode({ data }: NodeProps<IngressFlowNode>) {
  const id = data.id;
  const ing = useStore((s) => s.objects.ingresses[id]) as Ingress | undefined;
  const selected = useStore((s) => s.selection?.kind === 'object' && s.selection.resource === 'ingresses' && s.selection.id === id);
  if (!ing) return null;
  const name = ing.metadata?.name ?? '';
  const rules = (ing.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => `${r.host ?? '*'}${p.path ?? '/'} → ${p.backend.service?.name ?? '?'}`));
  const address = ing.status?.loadBalancer?.ingress?.[0];
  return (
    <section className={`entry ingress${selected ? ' selected' : ''}`} data-testid={`ingress.${name}`} aria-label={`Ingress ${name}`}>
      <Handle type="target" position={Position.Left} className="hidden-handle" isConnectable={false} />
      <Handle type="source" position={Position.Right} className="hidden-handle" isConnectable={false} />
      <header className="entry-head">
        <span className="kind">Ingress{ing.spec?.ingressClassName ? ` · ${ing.spec.ingressClassName}` : ''}</span>
      </header>
      <button type="button" className="entry-name nodrag mono" data-testid={`ingress.${name}.select`} aria-pressed={selected} onClick={() => select({ kind: 'object', resource: 'ingresses', id })}>
        {name}
      </button>
      <div className="entry-sub mono">{address?.ip ?? address?.hostname ?? 'no address yet'}</div>
      <ul className="entry-rules mono">
        {rules.slice(0, 3).map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </section>
  );
});

export const UsersNode = memo(function UsersNode(_: NodeProps<UsersFlowNode>) {
  return (
    <section className="entry users" data-testid="users" aria-label="Users outside the cluster">
      <Handle type="source" position={Position.Right} className="hidden-handle" isConnectable={false} />
      <div className="users-icon" aria-hidden="true">
        <svg width="34" height="28" viewBox="0 0 34 28">
          <circle cx="11" cy="8" r="5" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M2 26c0-6 4-9 9-9s9 3 9 9" fill="none" stroke="currentColor" strokeWidth="2" />
          <circle cx="24" cy="9" r="4" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M22 17c6 0 10 3 10 9" fill="none" stroke="currentColor" strokeWidth="2" />
        </svg>
      </div>
      <div className="users-title">Users</div>
      <div className="muted small">outside the cluster</div>
    </section>
  );
});

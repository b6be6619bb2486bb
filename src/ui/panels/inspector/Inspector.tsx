/**
 * The inspector: whatever is selected — a pod, a node, a Deployment, a ReplicaSet, a Service,
 * an Ingress, a claim — as tabs: a summary with its actions, live YAML (`kubectl get -o yaml`),
 * `kubectl describe`, its events, and "why" (owner chain, the scheduler's decision). The text
 * tabs ask the worker's kubectl on demand: the mirror holds compact pods only.
 */
import { useRef, useState } from 'react';
import { useStore } from '../../state/hooks';
import { select, type Selection } from '../../state/store';
import { KIND_OF, KUBECTL_NAME, nsFlag } from './common';
import { EventsTab } from './EventsTab';
import { NodeSummary } from './NodePanel';
import { ObjectSummary } from './ObjectPanel';
import { PodSummary } from './PodPanel';
import { TextTab } from './TextTab';
import { WhyTab } from './WhyTab';
import { DeploymentSummary, ReplicaSetSummary } from './WorkloadPanel';

type Tab = 'summary' | 'yaml' | 'describe' | 'events' | 'why';
const TAB_LABEL: Record<Tab, string> = { summary: 'Summary', yaml: 'YAML', describe: 'Describe', events: 'Events', why: 'Why' };

interface Target {
  resource: string;
  id: string;
  namespace: string;
  name: string;
}

function targetOf(sel: NonNullable<Selection>): Target {
  if (sel.kind === 'node') return { resource: 'nodes', id: `/${sel.name}`, namespace: '', name: sel.name };
  const resource = sel.kind === 'pod' ? 'pods' : sel.resource;
  const [namespace, name] = sel.id.split('/');
  return { resource, id: sel.id, namespace, name };
}

function Tabs({ tabs, tab, setTab }: { tabs: Tab[]; tab: Tab; setTab: (t: Tab) => void }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  return (
    <div className="tabs" role="tablist" aria-label="Inspector views">
      {tabs.map((t, i) => (
        <button
          key={t}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${t}`}
          aria-selected={tab === t}
          aria-controls="inspector-tabpanel"
          tabIndex={tab === t ? 0 : -1}
          className={`tab${tab === t ? ' active' : ''}`}
          data-testid={`inspector.tab.${t}`}
          onClick={() => setTab(t)}
          onKeyDown={(e) => {
            const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
            if (!d) return;
            e.preventDefault();
            const next = (i + d + tabs.length) % tabs.length;
            setTab(tabs[next]);
            refs.current[next]?.focus();
          }}
        >
          {TAB_LABEL[t]}
        </button>
      ))}
    </div>
  );
}

function Body({ target, tab }: { target: Target; tab: Tab }) {
  const { resource, id, namespace, name } = target;
  const version = useStore((s) => ((s.objects as Record<string, Record<string, { metadata?: { resourceVersion?: string } }>>)[resource]?.[id]?.metadata?.resourceVersion ?? 'gone'));
  const k = KUBECTL_NAME[resource] ?? resource;
  if (tab === 'yaml') return <TextTab line={`kubectl get ${k} ${name}${nsFlag(namespace)} -o yaml`} version={version} testid="inspector.yaml" />;
  if (tab === 'describe') return <TextTab line={`kubectl describe ${k} ${name}${nsFlag(namespace)}`} version={version} testid="inspector.describe" />;
  if (tab === 'events') return <EventsTab kind={KIND_OF[resource] ?? resource} name={name} namespace={namespace} />;
  if (tab === 'why') return <WhyTab resource={resource} id={id} />;
  if (resource === 'pods') return <PodSummary id={id} />;
  if (resource === 'nodes') return <NodeSummary name={name} />;
  if (resource === 'deployments') return <DeploymentSummary id={id} />;
  if (resource === 'replicasets') return <ReplicaSetSummary id={id} />;
  return <ObjectSummary resource={resource} id={id} />;
}

export function Inspector() {
  const selection = useStore((s) => s.selection);
  const [tab, setTab] = useState<Tab>('summary');
  if (!selection) {
    return (
      <aside className="inspector empty" data-testid="inspector" aria-label="Inspector">
        <p className="muted">Click a pod, a node, a Deployment or a Service to inspect it. Delete a pod, drain a node, or pull the plug on a machine, and watch Kubernetes put things right.</p>
      </aside>
    );
  }
  const target = targetOf(selection);
  const tabs: Tab[] = ['summary', 'yaml', 'describe', 'events', ...(['pods', 'replicasets', 'deployments'].includes(target.resource) ? (['why'] as Tab[]) : [])];
  const current = tabs.includes(tab) ? tab : 'summary';
  return (
    <aside className="inspector" data-testid="inspector" aria-label={`Inspector: ${KIND_OF[target.resource] ?? target.resource} ${target.name}`}>
      <button type="button" className="close" aria-label="Close inspector (Escape)" onClick={() => select(null)}>
        ×
      </button>
      <div className="inspector-kind">{KIND_OF[target.resource] ?? target.resource}</div>
      <h2 className="mono">{target.name}</h2>
      <Tabs tabs={tabs} tab={current} setTab={setTab} />
      <div className="tabpanel" role="tabpanel" id="inspector-tabpanel" aria-labelledby={`tab-${current}`}>
        <Body key={`${target.resource}/${target.id}`} target={target} tab={current} />
      </div>
    </aside>
  );
}

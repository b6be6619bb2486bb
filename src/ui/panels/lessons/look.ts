/**
 * What a step points at (`look`), on the canvas: a CSS rule that rings those cards and chips
 * (found by their stable test ids, so no canvas component needs to know about lessons), and
 * the selection that opens one in the inspector when the learner asks. Pure: tested in Node.
 */
import type { ObjectRef } from '../../../lessons/schema';
import type { Table } from '../../state/mirror';
import type { Selection } from '../../state/selection';

/**
 * The canvas's test id prefix and element class per kind (see src/ui/canvas). The class keeps a
 * `web-*` prefix from also matching a card's parts (`rs.web-abc.ready`).
 */
const TESTID: Partial<Record<ObjectRef['kind'], [string, string]>> = {
  pod: ['pod', '.pod-chip'],
  node: ['node', '.machine'],
  deployment: ['deployment', '.deployment'],
  replicaset: ['rs', '.rs'],
  service: ['service', '.entry'],
  ingress: ['ingress', '.entry'],
  pvc: ['claim', '.claim'],
  component: ['cp', '.cp-tile'],
};

const RESOURCE: Partial<Record<ObjectRef['kind'], string>> = {
  deployment: 'deployments',
  replicaset: 'replicasets',
  service: 'services',
  ingress: 'ingresses',
  pvc: 'persistentvolumeclaims',
  pv: 'persistentvolumes',
};

const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** The CSS selector of the canvas elements a ref names (`web-*` is a name prefix). */
export function lookSelector(r: ObjectRef): string | null {
  const t = TESTID[r.kind];
  if (!t) return null;
  const [prefix, cls] = t;
  const wild = r.name.endsWith('*');
  const name = wild ? r.name.slice(0, -1) : r.name;
  return `${cls}[data-testid${wild ? '^' : ''}=${quote(`${prefix}.${name}`)}]`;
}

/** One rule ringing everything the step points at (empty when it points at nothing drawable). */
export function lookCss(refs: ObjectRef[] | undefined): string {
  const sels = (refs ?? []).map(lookSelector).filter((s): s is string => !!s);
  if (!sels.length) return '';
  const all = sels.join(',\n');
  // the ring draws in once (twice) and stays; without motion it is simply there
  return `${all} { outline: 3px solid var(--lesson-look) !important; outline-offset: 3px; }\n@media (prefers-reduced-motion: no-preference) { ${all} { animation: lesson-look 900ms ease-out 2; } }`;
}

/** How a ref reads: `web-… (pods)`, `node-2 (node)`. */
export function lookLabel(r: ObjectRef): string {
  const name = r.name.endsWith('*') ? `${r.name.slice(0, -1)}…` : r.name;
  const kind = r.kind === 'pvc' ? 'claim' : r.kind === 'pv' ? 'volume' : r.kind === 'hpa' ? 'autoscaler' : r.kind === 'pdb' ? 'disruption budget' : r.kind;
  return `${name} (${kind}${r.name.endsWith('*') ? 's' : ''})`;
}

interface Objects {
  pods: Table;
  nodes: Table;
  [resource: string]: Table;
}

/** The selection that shows a ref in the inspector: the first matching object, by name. */
export function lookSelection(r: ObjectRef, objects: Objects): Selection {
  const ns = r.namespace ?? 'default';
  const wild = r.name.endsWith('*');
  const name = wild ? r.name.slice(0, -1) : r.name;
  const match = (table: Table | undefined, namespaced: boolean): string | undefined =>
    Object.keys(table ?? {})
      .sort()
      .find((id) => {
        const [n, nm] = namespaced ? [id.slice(0, id.indexOf('/')), id.slice(id.indexOf('/') + 1)] : ['', id.slice(id.indexOf('/') + 1)];
        return (!namespaced || n === ns) && (wild ? nm.startsWith(name) : nm === name);
      });
  if (r.kind === 'pod') {
    const id = match(objects.pods, true);
    return id ? { kind: 'pod', id } : null;
  }
  if (r.kind === 'node') {
    const id = match(objects.nodes, false);
    return id ? { kind: 'node', name: id.slice(id.indexOf('/') + 1) } : null;
  }
  const resource = RESOURCE[r.kind];
  if (!resource) return null;
  const id = match(objects[resource], resource !== 'persistentvolumes');
  return id ? { kind: 'object', resource, id } : null;
}

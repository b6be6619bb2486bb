/**
 * Field selectors the API server supports per resource (`--field-selector spec.nodeName=n1`).
 * Anything else is refused with the real message: `field label not supported: <label>`.
 */
import { badRequest } from '../api/errors';
import type { KObject } from '../api/types';

type Getter = (o: KObject) => string | undefined;
const md = (o: KObject) => o.metadata ?? {};
const spec = (o: KObject) => (o.spec ?? {}) as Record<string, unknown>;
const status = (o: KObject) => (o.status ?? {}) as Record<string, unknown>;

const COMMON: Record<string, Getter> = {
  'metadata.name': (o) => md(o).name,
  'metadata.namespace': (o) => md(o).namespace ?? '',
};

const FIELDS: Record<string, Record<string, Getter>> = {
  pods: {
    'spec.nodeName': (o) => (spec(o).nodeName as string) ?? '',
    'spec.restartPolicy': (o) => spec(o).restartPolicy as string,
    'spec.schedulerName': (o) => spec(o).schedulerName as string,
    'spec.serviceAccountName': (o) => spec(o).serviceAccountName as string,
    'spec.hostNetwork': (o) => String(spec(o).hostNetwork ?? false),
    'status.phase': (o) => status(o).phase as string,
    'status.podIP': (o) => (status(o).podIP as string) ?? '',
    'status.nominatedNodeName': (o) => (status(o).nominatedNodeName as string) ?? '',
  },
  nodes: { 'spec.unschedulable': (o) => String(spec(o).unschedulable ?? false) },
  events: {
    'involvedObject.kind': (o) => (o.involvedObject as Record<string, string>)?.kind,
    'involvedObject.namespace': (o) => (o.involvedObject as Record<string, string>)?.namespace,
    'involvedObject.name': (o) => (o.involvedObject as Record<string, string>)?.name,
    'involvedObject.uid': (o) => (o.involvedObject as Record<string, string>)?.uid,
    'involvedObject.apiVersion': (o) => (o.involvedObject as Record<string, string>)?.apiVersion,
    'involvedObject.resourceVersion': (o) => (o.involvedObject as Record<string, string>)?.resourceVersion,
    'involvedObject.fieldPath': (o) => (o.involvedObject as Record<string, string>)?.fieldPath,
    reason: (o) => o.reason as string,
    reportingComponent: (o) => o.reportingComponent as string,
    source: (o) => (o.source as Record<string, string>)?.component,
    type: (o) => o.type as string,
  },
  replicasets: { 'status.replicas': (o) => String(status(o).replicas ?? 0) },
  namespaces: { 'status.phase': (o) => status(o).phase as string },
};

export interface FieldRequirement {
  get: Getter;
  value: string;
  negate: boolean;
}

export function parseFieldSelector(resource: string, selector: string | undefined): FieldRequirement[] {
  if (!selector || !selector.trim()) return [];
  const out: FieldRequirement[] = [];
  for (const part of selector.split(',')) {
    const m = /^\s*([^!=\s]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    const get = COMMON[m[1]] ?? FIELDS[resource]?.[m[1]];
    if (!get) throw badRequest(`field label not supported: ${m[1]}`);
    out.push({ get, value: m[3], negate: m[2] === '!=' });
  }
  return out;
}

export function matchesFields(reqs: FieldRequirement[], o: KObject): boolean {
  for (const r of reqs) {
    const v = r.get(o) ?? '';
    if ((v === r.value) === r.negate) return false;
  }
  return true;
}

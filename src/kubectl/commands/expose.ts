/**
 * `kubectl expose (deployment|replicaset|pod|service|replicationcontroller) NAME --port=…`: a
 * Service selecting the object's pods (expose.go): the selector from the object (matchLabels
 * only), its labels, port/target-port/protocol from the flags or the containers' ports.
 */
import type { KObject } from '../../sim/api/types';
import type { CommandDef, Ctx } from '../command';
import { KubectlError } from '../errors';
import { parseTypedArgs } from '../resources';

interface PortLike {
  name?: string;
  containerPort?: number;
  port?: number;
  protocol?: string;
}

function selectorOf(obj: KObject): Record<string, string> {
  const spec = (obj.spec ?? {}) as { selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | Record<string, string> };
  switch (obj.kind) {
    case 'Pod':
      if (!Object.keys(obj.metadata?.labels ?? {}).length) throw new KubectlError(`error: the pod has no labels and cannot be exposed`);
      return { ...(obj.metadata?.labels ?? {}) };
    case 'Service':
    case 'ReplicationController':
      if (!spec.selector) throw new KubectlError(`error: invalid service provided`);
      return { ...(spec.selector as Record<string, string>) };
    case 'Deployment':
    case 'ReplicaSet': {
      const sel = spec.selector as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined;
      if (sel?.matchExpressions?.length) throw new KubectlError(`error: couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`);
      return { ...(sel?.matchLabels ?? {}) };
    }
    default:
      throw new KubectlError(`error: cannot expose a ${obj.kind}`);
  }
}

function portsOf(obj: KObject): PortLike[] {
  if (obj.kind === 'Service') return ((obj.spec as { ports?: PortLike[] }).ports ?? []).map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol }));
  const podSpec = obj.kind === 'Pod' ? obj.spec : (obj.spec as { template?: { spec?: unknown } } | undefined)?.template?.spec;
  const containers = ((podSpec as { containers?: { ports?: PortLike[] }[] } | undefined)?.containers ?? []);
  return containers.flatMap((c) => c.ports ?? []);
}

function run(ctx: Ctx): number {
  const { groups } = parseTypedArgs(ctx.args);
  const g = groups[0];
  if (!g || !g.names.length) throw new KubectlError(`error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
  for (const name of g.names) {
    const obj = { ...ctx.client.get(g.info.resource, ctx.namespace, name), kind: g.info.kind };
    const selector = selectorOf(obj);
    const protocolFlag = ctx.str('protocol');
    const targetFlag = ctx.str('target-port');
    let ports: Record<string, unknown>[];
    if (ctx.str('port')) {
      const port = Number(ctx.str('port'));
      const proto = protocolFlag || portsOf(obj)[0]?.protocol || 'TCP';
      ports = [{ protocol: proto, port, targetPort: targetFlag ? (/^\d+$/.test(targetFlag) ? Number(targetFlag) : targetFlag) : port }];
    } else {
      const found = portsOf(obj);
      if (!found.length) throw new KubectlError(`error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples`);
      ports = found.map((p, i) => ({
        ...(found.length > 1 ? { name: p.name || `port-${i + 1}` } : p.name ? { name: p.name } : {}),
        protocol: protocolFlag || p.protocol || 'TCP',
        port: p.containerPort,
        targetPort: targetFlag ? (/^\d+$/.test(targetFlag) ? Number(targetFlag) : targetFlag) : p.containerPort,
      }));
    }
    const labels = obj.metadata?.labels;
    const svc: KObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: ctx.str('name') || name, creationTimestamp: null as unknown as string, ...(labels && Object.keys(labels).length ? { labels: { ...labels } } : {}) },
      spec: { ports, selector, ...(ctx.str('type') ? { type: ctx.str('type') } : {}) },
      status: { loadBalancer: {} },
    };
    ctx.client.create('services', ctx.namespace, svc);
    ctx.out(`service/${ctx.str('name') || name} exposed\n`);
  }
  return 0;
}

export const expose: CommandDef = {
  name: 'expose',
  short: 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  flags: [
    { name: 'port', type: 'string' },
    { name: 'target-port', type: 'string' },
    { name: 'protocol', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'type', type: 'string' },
  ],
  run,
};

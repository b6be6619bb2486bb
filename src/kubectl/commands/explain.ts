/** `kubectl explain TYPE`: the kind, its version, description and top-level fields. */
import { apiVersionOf } from '../../sim/api/resources';
import type { CommandDef } from '../command';
import { KubectlError } from '../errors';
import { resolveResource } from '../resources';

const COMMON: [string, string, string][] = [
  ['apiVersion', '<string>', 'APIVersion defines the versioned schema of this representation of an object.\nServers should convert recognized schemas to the latest internal value, and\nmay reject unrecognized values. More info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources'],
  ['kind', '<string>', 'Kind is a string value representing the REST resource this object represents.\nServers may infer this from the endpoint the client submits requests to.\nCannot be updated.\nIn CamelCase.\nMore info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds'],
  ['metadata', '<ObjectMeta>', "Standard object's metadata. More info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
];

const DOCS: Record<string, { description: string; fields: [string, string, string][] }> = {
  Pod: {
    description: 'Pod is a collection of containers that can run on a host. This resource is\ncreated by clients and scheduled onto hosts.',
    fields: [
      ['spec', '<PodSpec>', 'Specification of the desired behavior of the pod. More info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
      ['status', '<PodStatus>', 'Most recently observed status of the pod. This data may not be up to date.\nPopulated by the system. Read-only. More info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
    ],
  },
  Deployment: {
    description: 'Deployment enables declarative updates for Pods and ReplicaSets.',
    fields: [
      ['spec', '<DeploymentSpec>', 'Specification of the desired behavior of the Deployment.'],
      ['status', '<DeploymentStatus>', 'Most recently observed status of the Deployment.'],
    ],
  },
  ReplicaSet: {
    description: 'ReplicaSet ensures that a specified number of pod replicas are running at any\ngiven time.',
    fields: [
      ['spec', '<ReplicaSetSpec>', 'Spec defines the specification of the desired behavior of the ReplicaSet.\nMore info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
      ['status', '<ReplicaSetStatus>', 'Status is the most recently observed status of the ReplicaSet. This data may\nbe out of date by some window of time. Populated by the system. Read-only.\nMore info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
    ],
  },
  Node: {
    description: 'Node is a worker node in Kubernetes. Each node will have a unique identifier\nin the cache (i.e. in etcd).',
    fields: [
      ['spec', '<NodeSpec>', 'Spec defines the behavior of a node.\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
      ['status', '<NodeStatus>', 'Most recently observed status of the node. Populated by the system.\nRead-only. More info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
    ],
  },
  Namespace: {
    description: 'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
    fields: [
      ['spec', '<NamespaceSpec>', 'Spec defines the behavior of the Namespace. More info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
      ['status', '<NamespaceStatus>', 'Status describes the current status of a Namespace. More info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
    ],
  },
  Event: {
    description: 'Event is a report of an event somewhere in the cluster.  Events have a\nlimited retention time and triggers and messages may evolve with time.',
    fields: [
      ['involvedObject', '<ObjectReference> -required-', 'The object that this event is about.'],
      ['message', '<string>', 'A human-readable description of the status of this operation.'],
      ['reason', '<string>', "This should be a short, machine understandable string that gives the reason\nfor the transition into the object's current status."],
      ['type', '<string>', 'Type of this event (Normal, Warning), new types could be added in the future'],
    ],
  },
  Lease: {
    description: 'Lease defines a lease concept.',
    fields: [['spec', '<LeaseSpec>', 'spec contains the specification of the Lease. More info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status']],
  },
};

const indent = (s: string, n: number) => s.split('\n').map((l) => ' '.repeat(n) + l).join('\n');

export const explain: CommandDef = {
  name: 'explain',
  short: 'Get documentation for a resource',
  flags: [{ name: 'recursive', type: 'bool' }, { name: 'api-version', type: 'string' }, { name: 'output', short: 'o', type: 'string', default: 'plaintext' }],
  run(ctx) {
    if (!ctx.args.length) throw new KubectlError('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.');
    const [type, ...path] = ctx.args[0].split('.');
    const info = resolveResource(type);
    if (path.length) throw new KubectlError(`error: the playground explains top-level fields only; try kubectl explain ${type}`);
    const doc = DOCS[info.kind];
    const fields = [...COMMON, ...(doc?.fields ?? [])].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const v = apiVersionOf(info);
    let out = `${info.group ? `GROUP:      ${info.group}\n` : ''}KIND:       ${info.kind}\nVERSION:    ${info.version}\n\nDESCRIPTION:\n${indent(doc?.description ?? '', 4)}\n    \nFIELDS:\n`;
    for (const [name, t, d] of fields) out += `  ${name}\t${t}\n${indent(d, 4)}\n\n`;
    void v;
    ctx.out(out);
    return 0;
  },
};

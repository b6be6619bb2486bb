/**
 * `kubectl create service clusterip|nodeport|loadbalancer|externalname`, `create configmap` and
 * `create secret generic` (create_service.go, create_configmap.go, create_secret.go): the
 * objects exactly as kubectl builds them (an `app=NAME` label and selector on services, ports
 * named `5678-8080` after the `--tcp` pair) and kubectl's messages for bad input.
 */
import { ApiError } from '../../sim/api/errors';
import type { KObject } from '../../sim/api/types';
import type { CommandDef, Ctx } from '../command';
import { KubectlError } from '../errors';
import type { FlagSpec } from '../flags';
import { resourceInfo } from '../../sim/api/resources';
import { kindGroup } from '../resources';
import { parseOutput, printFetched } from './output';

const COMMON: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string' },
  { name: 'dry-run', type: 'string', default: 'none' },
  { name: 'save-config', type: 'bool' },
  { name: 'validate', type: 'string', default: 'strict' },
];

function oneName(ctx: Ctx, cmd: string): string {
  if (ctx.args.length !== 1) throw new KubectlError(`error: exactly one NAME is required, got ${ctx.args.length}\nSee 'kubectl create ${cmd} -h' for help and examples`);
  return ctx.args[0];
}

/** Creates (or, with --dry-run, only prints) the object and says so as kubectl does. */
function finish(ctx: Ctx, resource: string, obj: KObject, what: string): number {
  const dry = ctx.str('dry-run');
  if (dry && dry !== 'none' && dry !== 'client' && dry !== 'server') throw new KubectlError(`error: Invalid dry-run value (${dry}). Must be "none", "server", or "client".`);
  const info = resourceInfo(resource)!;
  let out = obj;
  if (dry !== 'client') {
    try {
      out = ctx.client.create(resource, ctx.namespace, obj, { dryRun: dry === 'server' });
    } catch (e) {
      if (e instanceof ApiError) throw new KubectlError(`error: failed to create ${what}: ${e.message}`);
      throw e;
    }
  }
  if (ctx.str('output')) ctx.out(printFetched([{ info, items: [out] }], parseOutput(ctx.str('output'), false), true, { nowMs: ctx.now() }));
  else ctx.out(`${kindGroup(info)}/${obj.metadata?.name} created${dry === 'client' || dry === 'server' ? ` (${dry} dry run)` : ''}\n`);
  return 0;
}

const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** `parsePorts`: `5678` or `5678:8080` or `5678:http`. */
function parsePorts(spec: string): { port: number; targetPort: number | string } {
  const [p, t] = spec.split(':');
  const port = /^\d+$/.test(p) ? Number(p) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new KubectlError(/^\d+$/.test(p) ? `error: port "${p}" out of range` : `error: strconv.ParseUint: parsing "${p}": invalid syntax`);
  if (t === undefined) return { port, targetPort: port };
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (n < 1 || n > 65535) throw new KubectlError('error: must be between 1 and 65535, inclusive');
    return { port, targetPort: n };
  }
  if (t.length > 15 || !PORT_NAME.test(t) || !/[a-z]/.test(t) || t.includes('--')) throw new KubectlError(`error: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`);
  return { port, targetPort: t };
}

function createService(type: string) {
  return (ctx: Ctx): number => {
    const name = oneName(ctx, `service ${type.toLowerCase()}`);
    const clusterIP = type === 'ClusterIP' ? ctx.str('clusterip') : '';
    const tcp = ctx.list('tcp');
    if (clusterIP === 'None' && type !== 'ClusterIP') throw new KubectlError('error: ClusterIP=None can only be used with ClusterIP service type');
    if (clusterIP !== 'None' && !tcp.length && type !== 'ExternalName') throw new KubectlError('error: at least one tcp port specifier must be provided');
    const externalName = type === 'ExternalName' ? ctx.str('external-name') : '';
    if (type === 'ExternalName' && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(externalName)) throw new KubectlError(`error: invalid service external name ${externalName}`);
    const nodePort = type === 'NodePort' ? ctx.num('node-port') : 0;
    const ports = tcp.map((s) => ({ name: s.replace(/:/g, '-'), ...parsePorts(s), protocol: 'TCP', ...(nodePort ? { nodePort } : {}) }));
    const svc: KObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, creationTimestamp: null as unknown as string, labels: { app: name } },
      spec: {
        ...(ports.length ? { ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, targetPort: p.targetPort, ...(p.nodePort ? { nodePort: p.nodePort } : {}) })) } : {}),
        selector: { app: name },
        type,
        ...(externalName ? { externalName } : {}),
        ...(clusterIP ? { clusterIP } : {}),
      },
      status: { loadBalancer: {} },
    };
    return finish(ctx, 'services', svc, `${type} service`);
  };
}

const VALID_KEY = /^[-._a-zA-Z0-9]+$/;

/** `ParseLiteralSource`: `key=value` split at the first `=`, quotes trimmed from the value. */
function literal(source: string): [string, string] {
  const i = source.indexOf('=');
  if (i <= 0) throw new KubectlError(`error: invalid literal source ${source}, expected key=value`);
  return [source.slice(0, i), source.slice(i + 1).replace(/^["']+|["']+$/g, '')];
}

function dataFrom(ctx: Ctx, kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const src of ctx.list('from-literal')) {
    const [k, v] = literal(src);
    if (!VALID_KEY.test(k) || k.length > 253 || k === '.' || k === '..' || k.startsWith('..')) {
      throw new KubectlError(`error: ${JSON.stringify(k)} is not a valid key name for a ${kind}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`);
    }
    if (k in data) throw new KubectlError(kind === 'ConfigMap' ? `error: cannot add key "${k}", another key by that name already exists in Data for ConfigMap "${name}"` : `error: cannot add key ${k}, another key by that name already exists in Data for Secret "${name}"`);
    data[k] = v;
  }
  if (ctx.list('from-file').length || ctx.list('from-env-file').length) throw new KubectlError('error: --from-file and --from-env-file are not available in this playground; use --from-literal');
  return data;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of the UTF-8 bytes (what Go's JSON does with a `[]byte`). */
export function base64(s: string): string {
  const b = new TextEncoder().encode(s);
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < b.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < b.length ? B64[n & 63] : '=');
  }
  return out;
}

function createConfigMap(ctx: Ctx): number {
  const name = oneName(ctx, 'configmap');
  const data = dataFrom(ctx, 'ConfigMap', name);
  const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, creationTimestamp: null as unknown as string }, ...(Object.keys(data).length ? { data } : {}) };
  return finish(ctx, 'configmaps', cm, 'configmap');
}

function createSecretGeneric(ctx: Ctx): number {
  const name = oneName(ctx, 'secret generic');
  const data = dataFrom(ctx, 'Secret', name);
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, base64(v)]));
  const type = ctx.str('type');
  const secret: KObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name, creationTimestamp: null as unknown as string }, ...(Object.keys(encoded).length ? { data: encoded } : {}), ...(type ? { type } : {}) };
  return finish(ctx, 'secrets', secret, 'secret');
}

const SOURCES: FlagSpec[] = [
  { name: 'from-literal', type: 'stringArray' },
  { name: 'from-file', type: 'strings' },
  { name: 'from-env-file', type: 'strings' },
  { name: 'append-hash', type: 'bool' },
];

export const createService_: CommandDef = {
  name: 'service',
  aliases: ['svc'],
  short: 'Create a service using a specified subcommand',
  subcommands: [
    { name: 'clusterip', short: 'Create a ClusterIP service', flags: [...COMMON, { name: 'tcp', type: 'strings' }, { name: 'clusterip', type: 'string' }], run: createService('ClusterIP') },
    { name: 'nodeport', short: 'Create a NodePort service', flags: [...COMMON, { name: 'tcp', type: 'strings' }, { name: 'node-port', type: 'int', default: 0 }], run: createService('NodePort') },
    { name: 'loadbalancer', short: 'Create a LoadBalancer service', flags: [...COMMON, { name: 'tcp', type: 'strings' }], run: createService('LoadBalancer') },
    { name: 'externalname', short: 'Create an ExternalName service', flags: [...COMMON, { name: 'tcp', type: 'strings' }, { name: 'external-name', type: 'string' }], run: createService('ExternalName') },
  ],
};

export const createConfigMap_: CommandDef = {
  name: 'configmap',
  aliases: ['cm'],
  short: 'Create a config map from a local file, directory or literal value',
  flags: [...COMMON, ...SOURCES],
  run: createConfigMap,
};

export const createSecret_: CommandDef = {
  name: 'secret',
  short: 'Create a secret using a specified subcommand',
  subcommands: [{ name: 'generic', short: 'Create a secret from a local file, directory, or literal value', flags: [...COMMON, ...SOURCES, { name: 'type', type: 'string' }], run: createSecretGeneric }],
};

/** `kubectl create -f`, `create deployment`, `create namespace`. */
import { ApiError } from '../../sim/api/errors';
import type { KObject } from '../../sim/api/types';
import type { CommandDef, Ctx } from '../command';
import { KubectlError, renderError, withSource } from '../errors';
import { manifestNamespace, readManifestsUntilError } from '../manifests';
import { kindGroup } from '../resources';
import { parseOutput, printFetched } from './output';
import { resourceInfo } from '../../sim/api/resources';
import { createConfigMap_, createSecret_, createService_ } from './createkinds';

function printCreated(ctx: Ctx, resource: string, obj: KObject, verb = 'created'): void {
  const info = resourceInfo(resource)!;
  const o = ctx.str('output');
  if (o) ctx.out(printFetched([{ info, items: [obj] }], parseOutput(o, false), true, { nowMs: ctx.now() }));
  else ctx.out(`${kindGroup(info)}/${obj.metadata?.name} ${verb}\n`);
}

function dryRun(ctx: Ctx): boolean {
  const v = ctx.str('dry-run');
  if (v && v !== 'none' && v !== 'client' && v !== 'server') throw new KubectlError(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
  return v === 'client' || v === 'server';
}

function createFromFiles(ctx: Ctx): number {
  const files = ctx.list('filename');
  if (!files.length) throw new KubectlError('error: must specify one of -f and -k');
  let failed = false;
  // as kubectl's visitor: create what was read before a broken document, then report it
  const { manifests, errors } = readManifestsUntilError(ctx, files);
  for (const m of manifests) {
    try {
      const obj = ctx.client.create(m.info.resource, manifestNamespace(ctx, m), m.object, { dryRun: dryRun(ctx) });
      printCreated(ctx, m.info.resource, obj, dryRun(ctx) ? `created (${ctx.str('dry-run')} dry run)` : 'created');
    } catch (e) {
      ctx.err(renderError(withSource(e, 'creating', m.source)).text);
      failed = true;
    }
  }
  for (const e of errors) ctx.err(renderError(e).text);
  return failed || errors.length ? 1 : 0;
}

/** The container name kubectl derives from an image: its last path element without tag. */
export function containerNameFor(image: string): string {
  const base = image.split('/').pop() ?? image;
  return base.split('@')[0].split(':')[0];
}

function createDeployment(ctx: Ctx): number {
  if (ctx.args.length !== 1) throw new KubectlError(`error: exactly one NAME is required, got ${ctx.args.length}\nSee 'kubectl create deployment -h' for help and examples`);
  const images = ctx.list('image');
  if (!images.length) throw new KubectlError('error: required flag(s) "image" not set');
  const name = ctx.args[0];
  const labels = { app: name };
  const port = ctx.num('port');
  const containers = images.map((image) => ({
    image,
    name: containerNameFor(image),
    ...(port > 0 ? { ports: [{ containerPort: port }] } : {}),
    resources: {},
  }));
  const obj: KObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    // Go's JSON of a zero metav1.Time: what the real kubectl sends, and part of the template hash
    metadata: { creationTimestamp: null as unknown as string, labels, name },
    spec: { replicas: ctx.num('replicas'), selector: { matchLabels: labels }, strategy: {}, template: { metadata: { creationTimestamp: null as unknown as string, labels }, spec: { containers } } },
    status: {},
  };
  if (ctx.str('output') && dryRun(ctx)) {
    ctx.out(printFetched([{ info: resourceInfo('deployments')!, items: [obj] }], parseOutput(ctx.str('output'), false), true, { nowMs: ctx.now() }));
    return 0;
  }
  let created: KObject;
  try {
    created = ctx.client.create('deployments', ctx.namespace, obj, { dryRun: dryRun(ctx) });
  } catch (e) {
    if (e instanceof ApiError) throw new KubectlError(`error: failed to create deployment: ${e.message}`);
    throw e;
  }
  printCreated(ctx, 'deployments', created, dryRun(ctx) ? `created (${ctx.str('dry-run')} dry run)` : 'created');
  return 0;
}

function createNamespace(ctx: Ctx): number {
  if (ctx.args.length !== 1) throw new KubectlError(`error: exactly one NAME is required, got ${ctx.args.length}\nSee 'kubectl create namespace -h' for help and examples`);
  const created = ctx.client.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ctx.args[0] }, spec: {}, status: {} }, { dryRun: dryRun(ctx) });
  printCreated(ctx, 'namespaces', created);
  return 0;
}

const COMMON = [
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'dry-run', type: 'string' as const, default: 'none' },
  { name: 'save-config', type: 'bool' as const },
  { name: 'validate', type: 'string' as const, default: 'strict' },
];

export const create: CommandDef = {
  name: 'create',
  short: 'Create a resource from a file or from stdin',
  flags: [...COMMON, { name: 'filename', short: 'f', type: 'strings' }],
  run(ctx) {
    if (ctx.args.length) throw new KubectlError(`error: Unexpected args: [${ctx.args.join(' ')}]\nSee 'kubectl create -h' for help and examples`);
    return createFromFiles(ctx);
  },
  subcommands: [
    {
      name: 'deployment',
      aliases: ['deploy'],
      short: 'Create a deployment with the specified name',
      flags: [...COMMON, { name: 'image', type: 'strings' }, { name: 'replicas', short: 'r', type: 'int', default: 1 }, { name: 'port', type: 'int', default: -1 }],
      run: createDeployment,
    },
    {
      name: 'namespace',
      aliases: ['ns'],
      short: 'Create a namespace with the specified name',
      flags: COMMON,
      run: createNamespace,
    },
    createConfigMap_,
    createSecret_,
    createService_,
  ],
};

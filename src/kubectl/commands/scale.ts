/** `kubectl scale` (through the scale subresource) and `kubectl set image`. */
import type { Container, KObject } from '../../sim/api/types';
import type { CommandDef, Ctx } from '../command';
import { KubectlError } from '../errors';
import { parseTypedArgs, refOf } from '../resources';

function scaleRun(ctx: Ctx): number {
  if (!ctx.changed.has('replicas')) throw new KubectlError('error: required flag(s) "replicas" not set');
  if (!ctx.args.length) throw new KubectlError(`error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
  const replicas = ctx.num('replicas');
  if (replicas < 0) throw new KubectlError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const { groups } = parseTypedArgs(ctx.args);
  for (const g of groups) {
    if (!g.names.length) throw new KubectlError('error: resource(s) were provided, but no name was specified');
    for (const name of g.names) {
      if (!g.info.subresources.includes('scale')) throw new KubectlError(`error: no objects passed to scale ${g.info.resource} "${name}" (the server could not find the requested resource)`);
      if (ctx.changed.has('current-replicas')) {
        const cur = ctx.client.getScale(g.info.resource, ctx.namespace, name) as { spec?: { replicas?: number } };
        const want = ctx.num('current-replicas');
        if ((cur.spec?.replicas ?? 0) !== want) throw new KubectlError(`error: Expected replicas to be ${want}, was ${cur.spec?.replicas ?? 0}`);
      }
      ctx.client.updateScale(g.info.resource, ctx.namespace, name, replicas);
      ctx.out(`${refOf(g.info, name)} scaled\n`);
    }
  }
  return 0;
}

export const scale: CommandDef = {
  name: 'scale',
  short: 'Set a new size for a deployment, replica set, or replication controller',
  flags: [
    { name: 'replicas', type: 'int', default: 0 },
    { name: 'current-replicas', type: 'int', default: -1 },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'timeout', type: 'duration', default: '0s' },
    { name: 'filename', short: 'f', type: 'strings' },
  ],
  run: scaleRun,
};

function setImage(ctx: Ctx): number {
  const resources = ctx.args.filter((a) => !a.includes('='));
  const pairs = ctx.args.filter((a) => a.includes('='));
  if (!resources.length) throw new KubectlError(`error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
  if (!pairs.length) throw new KubectlError(`error: at least one image update is required\nSee 'kubectl set image -h' for help and examples`);
  const images = pairs.map((p) => {
    const i = p.indexOf('=');
    return { container: p.slice(0, i), image: p.slice(i + 1) };
  });
  const { groups } = parseTypedArgs(resources);
  for (const g of groups) {
    if (!g.names.length) throw new KubectlError('error: resource(s) were provided, but no name was specified');
    for (const name of g.names) {
      const obj = ctx.client.get<KObject>(g.info.resource, ctx.namespace, name);
      const podSpec = g.info.resource === 'pods' ? obj.spec : obj.spec?.template?.spec;
      const update = (cs: Container[] | undefined) => cs?.map((c) => {
        const m = images.find((x) => x.container === c.name || x.container === '*');
        return m ? { ...c, image: m.image } : c;
      });
      for (const { container } of images) {
        const all = [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])] as Container[];
        if (container !== '*' && !all.some((c) => c.name === container)) throw new KubectlError(`error: unable to find container named "${container}"`);
      }
      const newSpec = { ...podSpec, containers: update(podSpec?.containers), ...(podSpec?.initContainers ? { initContainers: update(podSpec.initContainers) } : {}) };
      const next = g.info.resource === 'pods' ? { ...obj, spec: newSpec } : { ...obj, spec: { ...obj.spec, template: { ...obj.spec.template, spec: newSpec } } };
      ctx.client.update(g.info.resource, ctx.namespace, { ...next, metadata: { ...next.metadata, resourceVersion: undefined } });
      ctx.out(`${refOf(g.info, name)} image updated\n`);
    }
  }
  return 0;
}

export const set: CommandDef = {
  name: 'set',
  short: 'Set specific features on objects',
  subcommands: [
    {
      name: 'image',
      short: 'Update the image of a pod template',
      flags: [
        { name: 'all', type: 'bool' },
        { name: 'selector', short: 'l', type: 'string' },
        { name: 'filename', short: 'f', type: 'strings' },
        { name: 'dry-run', type: 'string', default: 'none' },
        { name: 'output', short: 'o', type: 'string' },
      ],
      run: setImage,
    },
  ],
};

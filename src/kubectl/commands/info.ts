/** `version`, `api-resources`, `cluster-info`, `config view|get-contexts|current-context|set-context`. */
import { RESOURCES, type ResourceInfo } from '../../sim/api/resources';

/** metrics.k8s.io/v1beta1, which the HTTP API serves from the metrics-server component */
export const METRICS_RESOURCES: readonly ResourceInfo[] = [
  { resource: 'nodes', singular: '', kind: 'NodeMetrics', group: 'metrics.k8s.io', version: 'v1beta1', namespaced: false, shortNames: [], verbs: ['get', 'list'], subresources: [] },
  { resource: 'pods', singular: '', kind: 'PodMetrics', group: 'metrics.k8s.io', version: 'v1beta1', namespaced: true, shortNames: [], verbs: ['get', 'list'], subresources: [] },
];
import type { CommandDef, Ctx } from '../command';
import { KubectlError } from '../errors';
import { tabwrite } from '../printers/table';
import { toJson, toYaml } from '../printers/yaml';

export const CLIENT_VERSION = 'v1.32.2';
export const KUSTOMIZE_VERSION = 'v5.5.0';
export const SERVER = 'https://127.0.0.1:6443';
export const CONTEXT = 'playground';

function serverVersion(ctx: Ctx): string {
  const nodes = ctx.client.list('nodes').items;
  return (nodes[0]?.status?.nodeInfo?.kubeletVersion as string | undefined) ?? CLIENT_VERSION;
}

export const version: CommandDef = {
  name: 'version',
  short: 'Print the client and server version information',
  flags: [{ name: 'client', type: 'bool' }, { name: 'output', short: 'o', type: 'string' }],
  run(ctx) {
    const o = ctx.str('output');
    const client = { clientVersion: { major: '1', minor: '32', gitVersion: CLIENT_VERSION, platform: 'linux/amd64' }, kustomizeVersion: KUSTOMIZE_VERSION };
    if (o === 'json' || o === 'yaml') {
      const data = ctx.bool('client') ? client : { ...client, serverVersion: { major: '1', minor: '32', gitVersion: serverVersion(ctx), platform: 'linux/amd64' } };
      ctx.out(o === 'json' ? toJson(data).replace(/ {4}/g, '  ') : toYaml(data));
      return 0;
    }
    if (o) throw new KubectlError(`error: --output must be 'yaml' or 'json'`);
    ctx.out(`Client Version: ${CLIENT_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
    if (!ctx.bool('client')) ctx.out(`Server Version: ${serverVersion(ctx)}\n`);
    return 0;
  },
};

export const apiResources: CommandDef = {
  name: 'api-resources',
  short: 'Print the supported API resources on the server',
  flags: [{ name: 'output', short: 'o', type: 'string' }, { name: 'namespaced', type: 'bool', default: true }, { name: 'api-group', type: 'string' }, { name: 'no-headers', type: 'bool' }, { name: 'verbs', type: 'strings' }, { name: 'sort-by', type: 'string' }],
  run(ctx) {
    const wide = ctx.str('output') === 'wide';
    const nameOnly = ctx.str('output') === 'name';
    // kubectl sorts by group (the core group first), then by name; metrics.k8s.io is served
    // by the playground's metrics-server, as an APIService would be
    const rows = [...RESOURCES, ...METRICS_RESOURCES]
      .filter((r) => !ctx.changed.has('namespaced') || r.namespaced === ctx.bool('namespaced'))
      .filter((r) => !ctx.changed.has('api-group') || r.group === ctx.str('api-group'))
      .sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) || (a.resource < b.resource ? -1 : 1));
    if (nameOnly) {
      ctx.out(rows.map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource) + '\n').join(''));
      return 0;
    }
    const lines = rows.map((r) => {
      const cells = [r.resource, r.shortNames.join(','), r.group ? `${r.group}/${r.version}` : r.version, String(r.namespaced), r.kind];
      if (wide) cells.push(`[${r.verbs.join(' ')}]`, (r.categories ?? []).join(','));
      return cells;
    });
    const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])];
    ctx.out(tabwrite(ctx.bool('no-headers') ? lines : [header, ...lines]));
    return 0;
  },
};

export const clusterInfo: CommandDef = {
  name: 'cluster-info',
  short: 'Display cluster information',
  run(ctx) {
    ctx.client.list('namespaces'); // fails like kubectl when the API server is down
    ctx.out(`Kubernetes control plane is running at ${SERVER}\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
    return 0;
  },
};

function kubeconfig(ctx: Ctx) {
  const ns = ctx.env.namespace && ctx.env.namespace !== 'default' ? { namespace: ctx.env.namespace } : {};
  return {
    apiVersion: 'v1',
    clusters: [{ cluster: { 'certificate-authority-data': 'DATA+OMITTED', server: SERVER }, name: CONTEXT }],
    contexts: [{ context: { cluster: CONTEXT, user: CONTEXT, ...ns }, name: CONTEXT }],
    'current-context': CONTEXT,
    kind: 'Config',
    preferences: {},
    users: [{ name: CONTEXT, user: { 'client-certificate-data': 'DATA+OMITTED', 'client-key-data': 'DATA+OMITTED' } }],
  };
}

export const config: CommandDef = {
  name: 'config',
  short: 'Modify kubeconfig files',
  subcommands: [
    {
      name: 'view',
      short: 'Display merged kubeconfig settings or a specified kubeconfig file',
      flags: [{ name: 'output', short: 'o', type: 'string', default: 'yaml' }, { name: 'minify', type: 'bool' }, { name: 'raw', type: 'bool' }, { name: 'flatten', type: 'bool' }],
      run(ctx) {
        ctx.out(ctx.str('output') === 'json' ? toJson(kubeconfig(ctx)) : toYaml(kubeconfig(ctx)));
        return 0;
      },
    },
    {
      name: 'get-contexts',
      short: 'Describe one or many contexts',
      flags: [{ name: 'output', short: 'o', type: 'string' }, { name: 'no-headers', type: 'bool' }],
      run(ctx) {
        if (ctx.str('output') === 'name') {
          ctx.out(`${CONTEXT}\n`);
          return 0;
        }
        const ns = ctx.env.namespace && ctx.env.namespace !== 'default' ? ctx.env.namespace : '';
        const rows = [['*', CONTEXT, CONTEXT, CONTEXT, ns]];
        ctx.out(tabwrite(ctx.bool('no-headers') ? rows : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ...rows]));
        return 0;
      },
    },
    { name: 'current-context', short: 'Display the current-context', run: (ctx) => void ctx.out(`${CONTEXT}\n`) },
    {
      name: 'get-clusters',
      short: 'Display clusters defined in the kubeconfig',
      run: (ctx) => void ctx.out(`NAME\n${CONTEXT}\n`),
    },
    {
      name: 'set-context',
      short: 'Set a context entry in kubeconfig',
      flags: [{ name: 'current', type: 'bool' }, { name: 'cluster', type: 'string' }, { name: 'user', type: 'string' }],
      run(ctx) {
        const name = ctx.bool('current') ? CONTEXT : ctx.args[0];
        if (!name) throw new KubectlError("error: you must specify a non-empty context name or --current");
        if (name !== CONTEXT) throw new KubectlError(`error: the playground has one context, "${CONTEXT}"`);
        if (!ctx.changed.has('namespace')) {
          ctx.out(`Context "${CONTEXT}" modified.\n`);
          return 0;
        }
        if (!ctx.env.setNamespace) throw new KubectlError('error: this terminal cannot change its kubeconfig');
        ctx.env.setNamespace(ctx.str('namespace'));
        ctx.out(`Context "${CONTEXT}" modified.\n`);
        return 0;
      },
    },
    {
      name: 'use-context',
      short: 'Set the current-context in a kubeconfig file',
      run(ctx) {
        if (ctx.args[0] !== CONTEXT) throw new KubectlError(`error: no context exists with the name: "${ctx.args[0] ?? ''}"`);
        ctx.out(`Switched to context "${CONTEXT}".\n`);
        return 0;
      },
    },
  ],
};

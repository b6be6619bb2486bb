/**
 * Printing fetched objects in any `-o` format: tables (several kinds one after another, with
 * `kind/` name prefixes), `name`, `yaml`, `json`, `jsonpath=`, `wide`. Shared by get, create,
 * apply, label, scale, … (their `-o` flag).
 */
import type { ResourceInfo } from '../../sim/api/resources';
import type { KObject } from '../../sim/api/types';
import { KubectlError } from '../errors';
import { printTable, printTableText, tabwrite, type TextOptions } from '../printers/index';
import { jsonpath, JsonPathError } from '../printers/jsonpath';
import { toJson, toYaml } from '../printers/yaml';
import { kindGroup } from '../resources';

export interface Fetched {
  info: ResourceInfo;
  items: KObject[];
}

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'name' }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'jsonpath'; template: string }
  | { kind: 'columns'; columns: { header: string; path: string }[] };

export const OUTPUT_FORMATS = 'custom-columns, custom-columns-file, go-template, go-template-file, json, jsonpath, jsonpath-as-json, jsonpath-file, name, template, templatefile, wide, yaml';

export function parseOutput(o: string, allowWide = true): OutputFormat {
  if (!o) return { kind: 'table', wide: false };
  if (o === 'wide' && allowWide) return { kind: 'table', wide: true };
  if (o === 'name') return { kind: 'name' };
  if (o === 'yaml') return { kind: 'yaml' };
  if (o === 'json') return { kind: 'json' };
  const cc = /^custom-columns=(.*)$/s.exec(o);
  if (cc) {
    if (!cc[1]) throw new KubectlError('error: custom-columns format specified but no custom columns given');
    const columns = cc[1].split(',').map((spec) => {
      const i = spec.indexOf(':');
      if (i < 0) throw new KubectlError(`error: unexpected custom-columns spec: ${spec}, expected <header>:<json-path-expr>`);
      const path = spec.slice(i + 1);
      return { header: spec.slice(0, i), path: path.startsWith('{') ? path : `{${path.startsWith('.') ? path : '.' + path}}` };
    });
    return { kind: 'columns', columns };
  }
  const m = /^jsonpath=(.*)$/s.exec(o);
  if (m) {
    if (!m[1]) throw new KubectlError('error: template format specified but no template given');
    return { kind: 'jsonpath', template: m[1] };
  }
  throw new KubectlError(`error: unable to match a printer suitable for the output format "${o}", allowed formats are: ${OUTPUT_FORMATS}`);
}

/** The object as kubectl holds it for printing: apiVersion/kind always present. */
function withTypeMeta(info: ResourceInfo, o: KObject): KObject {
  return { ...o, apiVersion: info.group ? `${info.group}/${info.version}` : info.version, kind: info.kind };
}

export function asList(items: KObject[]): KObject {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** Data printed by yaml/json/jsonpath: one object when exactly one was asked for by name. */
export function printData(fetched: Fetched[], single: boolean): KObject {
  const all = fetched.flatMap((f) => f.items.map((o) => withTypeMeta(f.info, o)));
  return single && all.length === 1 ? all[0] : asList(all);
}

export function formatData(fmt: OutputFormat, data: unknown): string {
  if (fmt.kind === 'yaml') return toYaml(data);
  if (fmt.kind === 'json') return toJson(data);
  if (fmt.kind === 'jsonpath') {
    try {
      return jsonpath(fmt.template, JSON.parse(JSON.stringify(data)));
    } catch (e) {
      if (e instanceof JsonPathError) throw new KubectlError(`error: error parsing jsonpath ${fmt.template}, ${e.message}`);
      throw e;
    }
  }
  return '';
}

export interface TableFlags extends TextOptions {
  nowMs: number;
  /** always prefix names with kind (several kinds, or --show-kind) */
  showKind?: boolean;
}

export function printFetched(fetched: Fetched[], fmt: OutputFormat, single: boolean, t: TableFlags): string {
  if (fmt.kind === 'name') return fetched.flatMap((f) => f.items.map((o) => `${kindGroup(f.info)}/${o.metadata?.name}\n`)).join('');
  if (fmt.kind === 'columns') {
    // custom-columns: one row per object, `<none>` where the path finds nothing
    const rows = fetched.flatMap((f) =>
      f.items.map((o) =>
        fmt.columns.map((c) => {
          try {
            return jsonpath(c.path, JSON.parse(JSON.stringify(withTypeMeta(f.info, o)))) || '<none>';
          } catch {
            return '<none>';
          }
        }),
      ),
    );
    return tabwrite(t.noHeaders ? rows : [fmt.columns.map((c) => c.header), ...rows]);
  }
  if (fmt.kind !== 'table') return formatData(fmt, printData(fetched, single));
  const nonEmpty = fetched.filter((f) => f.items.length);
  const prefix = t.showKind || nonEmpty.length > 1;
  return nonEmpty
    .map((f) => {
      const table = printTable(f.info.resource, f.items, { nowMs: t.nowMs, wide: fmt.wide });
      return printTableText(table, { ...t, wide: fmt.wide, kindPrefix: prefix ? `${kindGroup(f.info)}/` : undefined });
    })
    .join('\n');
}

/** API list order: etcd key order, namespace then name. */
export function byKey(a: KObject, b: KObject): number {
  const ka = `${a.metadata?.namespace ?? ''}/${a.metadata?.name ?? ''}`;
  const kb = `${b.metadata?.namespace ?? ''}/${b.metadata?.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

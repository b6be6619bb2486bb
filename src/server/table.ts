/**
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`: the server-side Table kubectl get
 * prints, from the SAME printers our in-page kubectl uses (`printTable`), so both print the same
 * columns and cells. Each row carries its object as PartialObjectMetadata (the default), the
 * full object (`includeObject=Object`) or nothing (`None`).
 */
import type { KObject } from '../sim/api/types';
import { printTable } from '../kubectl/index';
import { statusError } from './http';

export type IncludeObject = 'Metadata' | 'Object' | 'None';

export function includeObjectOf(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject') ?? 'Metadata';
  if (v !== 'Metadata' && v !== 'Object' && v !== 'None') {
    throw statusError(400, 'BadRequest', `Invalid value: "${v}": must be 'Metadata', 'Object', or 'None'`);
  }
  return v;
}

function rowObject(obj: KObject, include: IncludeObject): KObject | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata } as KObject;
}

export function toTable(resource: string, objects: readonly KObject[], o: { nowMs: number; include: IncludeObject; resourceVersion?: string; noHeaders?: boolean }) {
  const t = printTable(resource, objects, { nowMs: o.nowMs, wide: true });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: o.resourceVersion !== undefined ? { resourceVersion: o.resourceVersion } : {},
    // a watch sends the definitions with its first event only, as the real server does
    columnDefinitions: o.noHeaders ? null : t.columns,
    rows: t.rows.map((r) => {
      const object = rowObject(r.object, o.include);
      return { cells: r.cells, ...(object ? { object } : {}) };
    }),
  };
}

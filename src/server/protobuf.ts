/**
 * Request bodies in Kubernetes' protobuf encoding. kubectl v1.32's typed clients (`kubectl
 * create deployment|namespace|configmap|secret|service`, drain's evictions) send
 * `application/vnd.kubernetes.protobuf` and do not fall back to JSON, so the server must read
 * it. The envelope is `k8s\0` + runtime.Unknown{typeMeta, raw}; `raw` is decoded with a small
 * schema of field numbers (from k8s.io/api's generated.proto) for the kinds kubectl sends this
 * way. The result is what Go's JSON encoding of the same struct gives: zero scalars dropped
 * (omitempty), pointer fields kept when present, non-pointer structs always present (`{}`),
 * zero Times `null`. Unknown field numbers are skipped.
 */
import { statusError } from './http';

type Field =
  | { n: string; t: 'string' | 'int' | 'bool' | 'bytes' | 'time' | 'quantity' | 'intorstring' | 'map' | 'bytesmap' | 'strings'; ptr?: boolean }
  | { n: string; t: 'msg' | 'msgs'; m: string; ptr?: boolean };

type Schema = Record<number, Field>;

const s = (n: string, ptr = false): Field => ({ n, t: 'string', ptr });
const i = (n: string, ptr = false): Field => ({ n, t: 'int', ptr });
const b = (n: string, ptr = false): Field => ({ n, t: 'bool', ptr });
const msg = (n: string, m: string, ptr = false): Field => ({ n, t: 'msg', m, ptr });
const msgs = (n: string, m: string): Field => ({ n, t: 'msgs', m });
const map = (n: string): Field => ({ n, t: 'map' });
const strs = (n: string): Field => ({ n, t: 'strings' });

const SCHEMAS: Record<string, Schema> = {
  ObjectMeta: { 1: s('name'), 2: s('generateName'), 3: s('namespace'), 5: s('uid'), 6: s('resourceVersion'), 7: i('generation'), 8: { n: 'creationTimestamp', t: 'time' }, 9: { n: 'deletionTimestamp', t: 'time', ptr: true }, 10: i('deletionGracePeriodSeconds', true), 11: map('labels'), 12: map('annotations'), 13: msgs('ownerReferences', 'OwnerReference'), 14: strs('finalizers') },
  OwnerReference: { 1: s('kind'), 3: s('name'), 4: s('uid'), 5: s('apiVersion'), 6: b('controller', true), 7: b('blockOwnerDeletion', true) },
  LabelSelector: { 1: map('matchLabels'), 2: msgs('matchExpressions', 'LabelSelectorRequirement') },
  LabelSelectorRequirement: { 1: s('key'), 2: s('operator'), 3: strs('values') },
  DeleteOptions: { 1: i('gracePeriodSeconds', true), 2: msg('preconditions', 'Preconditions', true), 3: b('orphanDependents', true), 4: s('propagationPolicy', true), 5: strs('dryRun') },
  Preconditions: { 1: s('uid', true), 2: s('resourceVersion', true) },
  // apps/v1
  Deployment: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'DeploymentSpec'), 3: msg('status', 'Empty') },
  DeploymentSpec: { 1: i('replicas', true), 2: msg('selector', 'LabelSelector', true), 3: msg('template', 'PodTemplateSpec'), 4: msg('strategy', 'DeploymentStrategy'), 5: i('minReadySeconds'), 6: i('revisionHistoryLimit', true), 7: b('paused'), 9: i('progressDeadlineSeconds', true) },
  DeploymentStrategy: { 1: s('type'), 2: msg('rollingUpdate', 'RollingUpdateDeployment', true) },
  RollingUpdateDeployment: { 1: { n: 'maxUnavailable', t: 'intorstring', ptr: true }, 2: { n: 'maxSurge', t: 'intorstring', ptr: true } },
  // core/v1
  PodTemplateSpec: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'PodSpec') },
  PodSpec: { 1: msgs('volumes', 'Volume'), 2: msgs('containers', 'Container'), 3: s('restartPolicy'), 4: i('terminationGracePeriodSeconds', true), 5: i('activeDeadlineSeconds', true), 6: s('dnsPolicy'), 7: map('nodeSelector'), 8: s('serviceAccountName'), 10: s('nodeName'), 11: b('hostNetwork'), 16: s('hostname'), 17: s('subdomain'), 19: s('schedulerName'), 20: msgs('initContainers', 'Container'), 24: s('priorityClassName'), 25: i('priority', true), 30: b('enableServiceLinks', true) },
  Volume: { 1: s('name') },
  Container: { 1: s('name'), 2: s('image'), 3: strs('command'), 4: strs('args'), 5: s('workingDir'), 6: msgs('ports', 'ContainerPort'), 7: msgs('env', 'EnvVar'), 8: msg('resources', 'ResourceRequirements'), 13: s('terminationMessagePath'), 14: s('imagePullPolicy'), 16: b('stdin'), 17: b('stdinOnce'), 18: b('tty'), 20: s('terminationMessagePolicy') },
  ContainerPort: { 1: s('name'), 2: i('hostPort'), 3: { n: 'containerPort', t: 'int', ptr: true }, 4: s('protocol'), 5: s('hostIP') },
  EnvVar: { 1: s('name'), 2: s('value') },
  ResourceRequirements: { 1: { n: 'limits', t: 'map' }, 2: { n: 'requests', t: 'map' } },
  Namespace: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'NamespaceSpec'), 3: msg('status', 'NamespaceStatus') },
  NamespaceSpec: { 1: strs('finalizers') },
  NamespaceStatus: { 1: s('phase') },
  ConfigMap: { 1: msg('metadata', 'ObjectMeta'), 2: map('data'), 3: { n: 'binaryData', t: 'bytesmap' }, 4: b('immutable', true) },
  Secret: { 1: msg('metadata', 'ObjectMeta'), 2: { n: 'data', t: 'bytesmap' }, 3: s('type'), 4: map('stringData'), 5: b('immutable', true) },
  Service: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'ServiceSpec'), 3: msg('status', 'ServiceStatus') },
  ServiceSpec: { 1: msgs('ports', 'ServicePort'), 2: map('selector'), 3: s('clusterIP'), 4: s('type'), 5: strs('externalIPs'), 7: s('sessionAffinity'), 10: s('externalName'), 11: s('externalTrafficPolicy'), 18: strs('clusterIPs'), 19: strs('ipFamilies'), 17: s('ipFamilyPolicy', true), 22: s('internalTrafficPolicy', true) },
  ServicePort: { 1: s('name'), 2: s('protocol'), 3: { n: 'port', t: 'int', ptr: true }, 4: { n: 'targetPort', t: 'intorstring' }, 5: i('nodePort') },
  ServiceStatus: { 1: msg('loadBalancer', 'Empty') },
  Binding: { 1: msg('metadata', 'ObjectMeta'), 2: msg('target', 'ObjectReference') },
  ObjectReference: { 1: s('kind'), 2: s('namespace'), 3: s('name'), 4: s('uid'), 5: s('apiVersion') },
  // policy/v1
  Eviction: { 1: msg('metadata', 'ObjectMeta'), 2: msg('deleteOptions', 'DeleteOptions', true) },
  /** statuses a client never sets: kept as `{}` */
  Empty: {},
};

/** The kinds a protobuf body may carry, by `apiVersion/kind`. */
const TOP: Record<string, string> = {
  'apps/v1/Deployment': 'Deployment',
  'v1/Namespace': 'Namespace',
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/Service': 'Service',
  'v1/Binding': 'Binding',
  'policy/v1/Eviction': 'Eviction',
  'meta.k8s.io/v1/DeleteOptions': 'DeleteOptions',
  'v1/DeleteOptions': 'DeleteOptions',
};

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

class Reader {
  i = 0;
  constructor(readonly b: Uint8Array) {}
  get done() {
    return this.i >= this.b.length;
  }
  varint(): number {
    let r = 0;
    let mul = 1;
    for (;;) {
      if (this.i >= this.b.length) throw new Error('truncated varint');
      const x = this.b[this.i++];
      r += (x & 0x7f) * mul;
      mul *= 128;
      if (!(x & 0x80)) return r;
    }
  }
  bytes(): Uint8Array {
    const len = this.varint();
    const out = this.b.subarray(this.i, this.i + len);
    this.i += len;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.i += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.i += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = (u: Uint8Array) => Buffer.from(u).toString('utf8');
/** int32/int64 varints: negative numbers come as 2^64 − n */
const signed = (v: number) => (v >= 2 ** 63 ? v - 2 ** 64 : v);

function pairs(u: Uint8Array): [string, Uint8Array] {
  const r = new Reader(u);
  let k = '';
  let v: Uint8Array = new Uint8Array();
  while (!r.done) {
    const key = r.varint();
    if (key >> 3 === 1) k = text(r.bytes());
    else if (key >> 3 === 2) v = r.bytes();
    else r.skip(key & 7);
  }
  return [k, v];
}

function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function decodeMessage(u: Uint8Array, schemaName: string): Record<string, unknown> {
  const schema = SCHEMAS[schemaName];
  const out: Record<string, unknown> = {};
  // non-pointer structs are always there in Go's JSON, even when the wire left them out
  for (const f of Object.values(schema)) if ((f.t === 'msg' && !f.ptr) || (f.t === 'time' && !f.ptr)) out[f.n] = f.t === 'time' ? null : {};
  const r = new Reader(u);
  while (!r.done) {
    const key = r.varint();
    const f = schema[key >> 3];
    const wire = key & 7;
    if (!f) {
      r.skip(wire);
      continue;
    }
    switch (f.t) {
      case 'string': {
        const v = text(r.bytes());
        if (v || f.ptr) out[f.n] = v;
        break;
      }
      case 'int': {
        const v = signed(r.varint());
        if (v || f.ptr) out[f.n] = v;
        break;
      }
      case 'bool': {
        const v = r.varint() !== 0;
        if (v || f.ptr) out[f.n] = v;
        break;
      }
      case 'bytes':
        out[f.n] = Buffer.from(r.bytes()).toString('base64');
        break;
      case 'strings':
        ((out[f.n] ??= []) as string[]).push(text(r.bytes()));
        break;
      case 'map': {
        const [k, v] = pairs(r.bytes());
        // resource lists are map<string, Quantity>; Quantity is {string = 1}
        const m = (out[f.n] ??= {}) as Record<string, string>;
        m[k] = f.n === 'limits' || f.n === 'requests' ? firstString(v) : text(v);
        break;
      }
      case 'bytesmap': {
        const [k, v] = pairs(r.bytes());
        ((out[f.n] ??= {}) as Record<string, string>)[k] = Buffer.from(v).toString('base64');
        break;
      }
      case 'time': {
        const t = new Reader(r.bytes());
        let seconds = 0;
        while (!t.done) {
          const k = t.varint();
          if (k >> 3 === 1) seconds = signed(t.varint());
          else t.skip(k & 7);
        }
        out[f.n] = seconds ? rfc3339(seconds) : null;
        break;
      }
      case 'quantity':
        out[f.n] = firstString(r.bytes());
        break;
      case 'intorstring': {
        const t = new Reader(r.bytes());
        let type = 0;
        let iv = 0;
        let sv = '';
        while (!t.done) {
          const k = t.varint();
          if (k >> 3 === 1) type = t.varint();
          else if (k >> 3 === 2) iv = signed(t.varint());
          else if (k >> 3 === 3) sv = text(t.bytes());
          else t.skip(k & 7);
        }
        out[f.n] = type === 1 ? sv : iv;
        break;
      }
      case 'msg':
        out[f.n] = decodeMessage(r.bytes(), f.m);
        break;
      case 'msgs':
        ((out[f.n] ??= []) as unknown[]).push(decodeMessage(r.bytes(), f.m));
        break;
    }
  }
  return out;
}

/** field 1 of a message as text: a Quantity's `string` */
function firstString(u: Uint8Array): string {
  const r = new Reader(u);
  while (!r.done) {
    const k = r.varint();
    if (k >> 3 === 1 && (k & 7) === 2) return text(r.bytes());
    r.skip(k & 7);
  }
  return '';
}

/** The JSON object a protobuf request body stands for; 415 for kinds this server cannot read. */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\0') throw statusError(400, 'BadRequest', 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  const r = new Reader(body.subarray(4));
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array();
  while (!r.done) {
    const key = r.varint();
    if (key >> 3 === 1) {
      const t = new Reader(r.bytes());
      while (!t.done) {
        const k = t.varint();
        if (k >> 3 === 1) apiVersion = text(t.bytes());
        else if (k >> 3 === 2) kind = text(t.bytes());
        else t.skip(k & 7);
      }
    } else if (key >> 3 === 2) raw = r.bytes();
    else r.skip(key & 7);
  }
  const name = TOP[`${apiVersion}/${kind}`];
  if (!name) {
    throw statusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (this playground reads protobuf for ${Object.keys(TOP).join(', ')})`);
  }
  return { apiVersion, kind, ...decodeMessage(raw, name) };
}

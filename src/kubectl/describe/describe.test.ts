/**
 * `kubectl describe` of the kinds the differential suite cannot cover on its own (binary data,
 * name prefixes, empty results) and the generic describer's labels; the differential suite
 * (src/server) proves the layouts byte for byte against the real kubectl.
 */
import { describe, expect, test } from 'vitest';
import { Cluster } from '../../sim/cluster';
import { envFor, kubectl } from '../testing/env';
import { camelSplit, smartLabel } from './generic';

function setup(files: Record<string, string> = {}) {
  const c = Cluster.create({ seed: 5 });
  const env = envFor(c, files);
  const k = (l: string) => {
    const r = kubectl(env, l);
    c.settle();
    return r;
  };
  return { c, k };
}

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app
data:
  z.conf: |
    a=1
  a.txt: hello
binaryData:
  logo.png: iVBORw0KGgo=
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
type: Opaque
data:
  password: czNjcjN0
  user: YWRtaW4=
`;

describe('kubectl describe', () => {
  test('a ConfigMap shows its data (keys sorted) and the size of its binary data', () => {
    const { k } = setup({ 'c.yaml': CONFIG });
    expect(k('apply -f c.yaml').code).toBe(0);
    expect(k('describe cm app').out).toBe(
      'Name:         app\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\na.txt:\n----\nhello\n\nz.conf:\n----\na=1\n\n\n\nBinaryData\n====\nlogo.png: 8 bytes\n\nEvents:  <none>\n',
    );
  });

  test('a Secret shows sizes, never values, and no events', () => {
    const { k } = setup({ 'c.yaml': CONFIG });
    k('apply -f c.yaml');
    expect(k('describe secret creds').out).toBe('Name:         creds\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  6 bytes\nuser:      5 bytes\n');
  });

  test('a name that is not found describes the objects it prefixes; none → NotFound', () => {
    const { k } = setup({ 'c.yaml': CONFIG });
    k('apply -f c.yaml');
    const r = k('describe cm ap');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Name:\s+app\n[\s\S]*Events:\s+<none>\n\n$/);
    expect(k('describe cm zz')).toMatchObject({ out: '', err: 'Error from server (NotFound): configmaps "zz" not found\n', code: 1 });
  });

  test('nothing to describe is reported once, naming the namespace even for cluster-scoped kinds', () => {
    const { k } = setup();
    expect(k('describe volumeattachments')).toMatchObject({ out: '', err: 'No resources found in default namespace.\n', code: 0 });
    expect(k('describe pvc -A')).toMatchObject({ err: 'No resources found\n', code: 0 });
  });

  test('kinds without a describer of their own get the generic one', () => {
    const { k } = setup();
    const out = k('describe lease -n kube-node-lease node-1').out;
    expect(out).toMatch(/^Name:\s+node-1\nNamespace:\s+kube-node-lease\nLabels:\s+<none>\nAnnotations:\s+<none>\nAPI Version:\s+coordination\.k8s\.io\/v1\nKind:\s+Lease\nMetadata:\n/);
    expect(out).toMatch(/\nSpec:\n {2}Holder Identity:\s+node-1\n {2}Lease Duration Seconds:\s+40\n/);
    expect(out).not.toMatch(/cannot describe/);
  });

  test("the generic describer's labels are describe.go's smartLabelFor", () => {
    expect(camelSplit('PDFLoader')).toEqual(['PDF', 'Loader']);
    expect(camelSplit('holderIdentity')).toEqual(['holder', 'Identity']);
    expect(smartLabel('apiVersion')).toBe('API Version');
    expect(smartLabel('uid')).toBe('UID');
    expect(smartLabel('dnsPolicy')).toBe('Dns Policy');
    expect(smartLabel('$patch')).toBe('$patch');
    expect(smartLabel('ipv4')).toBe('ipv4');
  });

  test('apply -f applies the documents before a broken one, then reports it by its own line', () => {
    const bad = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: two\n data:\n  y: "2"\n';
    const { k } = setup({ 'bad.yaml': bad });
    expect(k('apply -f bad.yaml')).toMatchObject({ out: 'configmap/one created\n', err: 'error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key\n', code: 1 });
  });
});

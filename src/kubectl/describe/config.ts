/** describe.go's ConfigMap and Secret describers: keys and values, or only sizes for secrets. */
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1';
import type { DescribeInput } from './describers';
import { annotationsMultiline, describeEvents, DescribeWriter, labelsMultiline } from './writer';

/** Bytes a base64 text decodes to (what Go's []byte holds), without decoding it. */
export function base64Bytes(b64: string | undefined): number {
  const s = (b64 ?? '').replace(/\s+/g, '');
  if (!s.length) return 0;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - pad;
}

// kubectl v1.32 ranges over the Go maps (random order); we print keys sorted, as later
// kubectl releases do, so one describe reads the same every time
const sortedKeys = (m: Record<string, unknown> | undefined) => Object.keys(m ?? {}).sort();

export function describeConfigMap(cm: ConfigMap, d: DescribeInput): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${cm.metadata?.name}\n`);
  w.write(0, `Namespace:\t${cm.metadata?.namespace}\n`);
  labelsMultiline(w, 'Labels', cm.metadata?.labels);
  annotationsMultiline(w, 'Annotations', cm.metadata?.annotations);
  w.write(0, '\nData\n====\n');
  for (const k of sortedKeys(cm.data)) {
    w.write(0, `${k}:\n----\n`);
    w.write(0, `${cm.data![k]}\n`);
    w.write(0, '\n');
  }
  w.write(0, '\nBinaryData\n====\n');
  for (const k of sortedKeys(cm.binaryData)) w.write(0, `${k}: ${base64Bytes(cm.binaryData![k])} bytes\n`);
  w.write(0, '\n');
  describeEvents(w, d.events, d.nowMs);
  return w.toString();
}

/** Never the values (but a service-account token, which describe.go shows), and no events. */
export function describeSecret(secret: Secret, d: DescribeInput): string {
  void d;
  const w = new DescribeWriter();
  w.write(0, `Name:\t${secret.metadata?.name}\n`);
  w.write(0, `Namespace:\t${secret.metadata?.namespace}\n`);
  labelsMultiline(w, 'Labels', secret.metadata?.labels);
  annotationsMultiline(w, 'Annotations', secret.metadata?.annotations);
  w.write(0, `\nType:\t${secret.type ?? ''}\n`);
  w.write(0, '\nData\n====\n');
  for (const k of sortedKeys(secret.data)) {
    if (k === 'token' && secret.type === 'kubernetes.io/service-account-token') {
      w.write(0, `${k}:\t${decodeBase64(secret.data![k])}\n`);
    } else w.write(0, `${k}:\t${base64Bytes(secret.data![k])} bytes\n`);
  }
  return w.toString();
}

/** A token is ASCII (a JWT): decode it without Buffer/atob so this runs anywhere. */
function decodeBase64(b64: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const c of b64.replace(/[\s=]/g, '')) {
    const v = alphabet.indexOf(c);
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}

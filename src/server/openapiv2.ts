/**
 * `/openapi/v2`: kubectl reads it to validate the items of a `kind: List` client-side (it asks
 * the server to validate every other object through `fieldValidation`, per OpenAPI v3, but a
 * List has no endpoint of its own). kubectl only accepts the gnostic protobuf encoding
 * (`openapi_v2.Document`); a 404 makes `kubectl apply -f list.yaml` refuse with "the server
 * could not find the requested resource". The document carries no definitions: kubectl then
 * skips client-side schema checks of the items, and the server's validation answers for them.
 */

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** A length-delimited field (wire type 2). */
function field(num: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(num << 3) | 2, ...varint(payload.length)]), payload]);
}

/** The JSON document (`Accept: application/json`). */
export function openApiV2Json(version: string): object {
  return { swagger: '2.0', info: { title: 'Kubernetes', version }, paths: {}, definitions: {} };
}

/** openapi_v2.Document { swagger = 1; info = 2 { title = 1; version = 2 } }. */
export function openApiV2Protobuf(version: string): Buffer {
  const info = Buffer.concat([field(1, Buffer.from('Kubernetes')), field(2, Buffer.from(version))]);
  return Buffer.concat([field(1, Buffer.from('2.0')), field(2, info)]);
}

/**
 * The pod-template-hash of a ReplicaSet, computed the way the Deployment controller's
 * `controller.ComputeHash` does: FNV-32a over the template (+ collisionCount as 8 little-endian
 * bytes), the decimal of the 32-bit sum, each digit mapped through `rand.SafeEncodeString`.
 * The real one hashes Go's spew dump of the struct; we hash a key-sorted JSON rendering, which is
 * just as stable (equal templates → equal hash) and gives hashes of the real shape (`7d9f8c6b5`).
 */

/** apimachinery `util/rand` alphabet: no vowels, no 0/1/3, so no words and no look-alikes. */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvBytes(hash: number, bytes: ArrayLike<number>): number {
  let h = hash;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

const encoder = new TextEncoder();

/** FNV-1a, 32 bit, over the UTF-8 bytes of `str`. */
export function fnv32a(str: string): number {
  return fnvBytes(FNV_OFFSET, encoder.encode(str));
}

/** `rand.SafeEncodeString`: each character c becomes SAFE_ALPHABET[c % 27]. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE_ALPHABET[ch.codePointAt(0)! % SAFE_ALPHABET.length];
  return out;
}

/** JSON with object keys sorted and undefined dropped: equal objects give equal text. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/**
 * The `pod-template-hash` label value for a template. `collisionCount` (Deployment
 * `status.collisionCount`) changes the hash when two templates collide, as in the real controller.
 */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  let h = fnvBytes(FNV_OFFSET, encoder.encode(stableStringify(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnvBytes(h, bytes);
  }
  return safeEncodeString(String(h));
}

/**
 * Canonical quantities, as the API server stores them (`resource.Quantity` round-tripped through
 * `SetDefaults_ResourceList`, which rounds up to milli precision, then `CanonicalizeBytes`):
 * `0.5` → `500m`, `1000m` → `1`, `1.5Gi` → `1536Mi`, `2000` → `2k`, `1e3` → `1e3`.
 * Exact decimal arithmetic on BigInt, because `0.1` must not become `100000000000000004n`.
 */

/** apimachinery's `splitREString`: the text of the decode error for a malformed quantity. */
export const QUANTITY_REGEX_TEXT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const BINARY_POW: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** value = mantissa × 10^scale */
interface Dec {
  mantissa: bigint;
  scale: number;
  format: Format;
}

/** Parsed quantities by text: a cluster uses a handful of distinct ones, over and over. */
const parsed = new Map<string, Dec | null>();

function parse(q: string): Dec | null {
  let d = parsed.get(q);
  if (d === undefined) {
    if (parsed.size > 4096) parsed.clear();
    d = parseUncached(q);
    parsed.set(q, d);
  }
  return d;
}

function parseUncached(q: string): Dec | null {
  const m = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(q.trim());
  if (!m) return null;
  const num = NUMBER.exec(m[1]);
  if (!num || (num[2] === '' && (num[3] ?? '') === '')) return null;
  const digits = (num[2] || '0') + (num[3] ?? '');
  let mantissa = BigInt(digits) * (num[1] === '-' ? -1n : 1n);
  let scale = -(num[3] ?? '').length;
  const suffix = m[2];
  let format: Format = 'DecimalSI';
  if (suffix in BINARY_POW) {
    format = 'BinarySI';
    mantissa *= 1024n ** BigInt(BINARY_POW[suffix]);
  } else if (suffix in DECIMAL_EXP) {
    scale += DECIMAL_EXP[suffix];
  } else {
    const e = /^[eE]([-+]?\d+)$/.exec(suffix);
    if (!e) return null;
    format = 'DecimalExponent';
    scale += Number(e[1]);
  }
  return { mantissa, scale, format };
}

function fromNumber(n: number): Dec | null {
  if (!Number.isFinite(n)) return null;
  // JSON numbers decode like their shortest decimal text
  return parse(String(n).replace(/e\+?/, 'e'));
}

/** Rounds up (away from zero for positives, as Quantity.RoundUp does) to milli precision. */
function roundUpToMilli(d: Dec): Dec {
  if (d.scale >= -3) return d;
  const div = 10n ** BigInt(-3 - d.scale);
  let q = d.mantissa / div;
  if (d.mantissa % div !== 0n && d.mantissa > 0n) q += 1n;
  if (d.mantissa % div !== 0n && d.mantissa < 0n) q -= 1n;
  return { ...d, mantissa: q, scale: -3 };
}

function decimalCanonical(mantissa: bigint, scale: number, format: Format): string {
  // move factors of ten into the exponent, then make the exponent a multiple of 3
  while (mantissa !== 0n && mantissa % 10n === 0n) {
    mantissa /= 10n;
    scale += 1;
  }
  while (((scale % 3) + 3) % 3 !== 0) {
    mantissa *= 10n;
    scale -= 1;
  }
  if (format === 'DecimalExponent') return scale === 0 ? `${mantissa}` : `${mantissa}e${scale}`;
  const suffix = DECIMAL_SUFFIX[scale];
  return suffix === undefined ? `${mantissa}e${scale}` : `${mantissa}${suffix}`;
}

/**
 * The canonical text of a quantity, or null when the API server could not decode it.
 * Numbers (YAML `cpu: 1`) are accepted as the decoder accepts them.
 */
const canonical = new Map<string, string | null>();

export function canonicalQuantity(q: unknown): string | null {
  if (typeof q !== 'string') return canonicalUncached(q);
  let c = canonical.get(q);
  if (c === undefined) {
    if (canonical.size > 4096) canonical.clear();
    c = canonicalUncached(q);
    canonical.set(q, c);
  }
  return c;
}

function canonicalUncached(q: unknown): string | null {
  let d = typeof q === 'string' ? parse(q) : typeof q === 'number' ? fromNumber(q) : null;
  if (!d) return null;
  d = roundUpToMilli(d);
  if (d.mantissa === 0n) return '0';
  if (d.format === 'BinarySI') {
    const abs = d.mantissa < 0n ? -d.mantissa : d.mantissa;
    const small = d.scale >= 0 ? abs * 10n ** BigInt(d.scale) < 1024n : abs < 1024n * 10n ** BigInt(-d.scale);
    const exact = d.scale >= 0 || d.mantissa % 10n ** BigInt(-d.scale) === 0n;
    if (small || !exact) return decimalCanonical(d.mantissa, d.scale, 'DecimalSI');
    let v = d.scale >= 0 ? d.mantissa * 10n ** BigInt(d.scale) : d.mantissa / 10n ** BigInt(-d.scale);
    let pow = 0;
    while (pow < 6 && v % 1024n === 0n) {
      v /= 1024n;
      pow++;
    }
    return `${v}${BINARY_SUFFIX[pow]}`;
  }
  return decimalCanonical(d.mantissa, d.scale, d.format);
}

/** Compares two decodable quantities: -1, 0 or 1. */
export function compareQuantities(a: unknown, b: unknown): number {
  const x = toExact(a);
  const y = toExact(b);
  if (!x || !y) return 0;
  const scale = Math.min(x.scale, y.scale);
  const xa = x.mantissa * 10n ** BigInt(x.scale - scale);
  const ya = y.mantissa * 10n ** BigInt(y.scale - scale);
  return xa < ya ? -1 : xa > ya ? 1 : 0;
}

function toExact(q: unknown): Dec | null {
  const d = typeof q === 'string' ? parse(q) : typeof q === 'number' ? fromNumber(q) : null;
  return d ? roundUpToMilli(d) : null;
}

/** True for a negative quantity (`-1`, `-500m`). */
export function isNegativeQuantity(q: unknown): boolean {
  const d = toExact(q);
  return !!d && d.mantissa < 0n;
}

/** True when the quantity is a whole number (integer resources such as extended resources). */
export function isWholeQuantity(q: unknown): boolean {
  const d = toExact(q);
  return !!d && (d.scale >= 0 || d.mantissa % 10n ** BigInt(-d.scale) === 0n);
}

/**
 * Resource quantities (`resource.Quantity`): `100m`, `0.5`, `2`, `128Mi`, `1Gi`, `1e3`, `500M`.
 * CPU is handled in millicores, everything else in bytes/units.
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/;

/** The value of a quantity as a number (`100m` → 0.1, `1Gi` → 1073741824); NaN when invalid. */
export function parseQuantity(q: string | number | undefined | null): number {
  if (q === undefined || q === null) return NaN;
  if (typeof q === 'number') return q;
  const m = QUANTITY.exec(q.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  if (m[2]) return n * BINARY[m[2]];
  if (m[3]) return n * 10 ** Number(m[3].slice(1));
  return n * DECIMAL[m[4] ?? ''];
}

export function isValidQuantity(q: unknown): boolean {
  return (typeof q === 'number' && Number.isFinite(q)) || (typeof q === 'string' && !Number.isNaN(parseQuantity(q)));
}

/** CPU quantity in millicores, rounded up as the scheduler counts it. */
export function cpuMillis(q: string | number | undefined | null): number {
  const v = parseQuantity(q);
  return Number.isNaN(v) ? 0 : Math.ceil(v * 1000 - 1e-9);
}

/** Memory (or any non-CPU quantity) in whole units. */
export function bytes(q: string | number | undefined | null): number {
  const v = parseQuantity(q);
  return Number.isNaN(v) ? 0 : Math.ceil(v - 1e-9);
}

/** How the API prints CPU: `100m`, `2`, `1500m`. */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** How the API prints memory it computed: `8Gi`, `512Mi`, `1536Ki`, or bytes. */
export function formatBytes(b: number): string {
  for (const [suffix, f] of [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (b >= f && b % f === 0) return `${b / f}${suffix}`;
  }
  return String(b);
}

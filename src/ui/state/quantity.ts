/**
 * Just enough of `resource.Quantity` for the canvas: CPU in millicores, memory in bytes.
 * The UI may not import the simulation, so this small parser lives here.
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/;

export function quantity(q: string | number | undefined | null): number {
  if (q === undefined || q === null) return 0;
  if (typeof q === 'number') return q;
  const m = QUANTITY.exec(q.trim());
  if (!m) return 0;
  const n = Number(m[1]);
  if (m[2]) return n * BINARY[m[2]];
  if (m[3]) return n * 10 ** Number(m[3].slice(1));
  return n * DECIMAL[m[4] ?? ''];
}

export const cpuMillis = (q: string | number | undefined | null): number => Math.ceil(quantity(q) * 1000 - 1e-9);
export const bytes = (q: string | number | undefined | null): number => Math.ceil(quantity(q) - 1e-9);

export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

export function formatMemory(b: number): string {
  if (b >= 2 ** 30) return `${+(b / 2 ** 30).toFixed(1)}Gi`;
  if (b >= 2 ** 20) return `${Math.round(b / 2 ** 20)}Mi`;
  if (b >= 2 ** 10) return `${Math.round(b / 2 ** 10)}Ki`;
  return String(b);
}

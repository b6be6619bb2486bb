/**
 * Flag parsing as spf13/pflag does it for kubectl: `--name=value`, `--name value`, `-n value`,
 * `-nvalue`, `-n=value`, grouped boolean shorthands (`-Aw`), flags anywhere among the
 * arguments, `--` ends flags. Errors carry pflag's exact words; the caller adds
 * `See 'kubectl <cmd> --help' for usage.`
 */
/** `strings` is pflag's StringSlice (commas split values); `stringArray` keeps each value whole */
export type FlagType = 'bool' | 'string' | 'int' | 'strings' | 'stringArray' | 'duration';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  default?: string | number | boolean | string[];
}

export type FlagValues = Record<string, string | number | boolean | string[] | undefined>;

export interface ParsedArgs {
  args: string[];
  flags: FlagValues;
  /** flags the user set explicitly */
  changed: Set<string>;
}

/** A cobra/pflag usage error: printed as `Error: <msg>` + the help hint. */
export class FlagError extends Error {}

/** Flags every kubectl command accepts (kubectl's global options). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'help', short: 'h', type: 'bool' },
  { name: 'context', type: 'string' },
  { name: 'cluster', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'request-timeout', type: 'string', default: '0' },
  { name: 'v', short: 'v', type: 'int', default: 0 },
];

/** Go `time.ParseDuration` for the units kubectl users write; returns ms. */
export function parseDuration(s: string): number | undefined {
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let pos = 0;
  if (!s.length) return undefined;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    pos = 1;
  }
  re.lastIndex = pos;
  while (pos < s.length && (m = re.exec(s))) {
    const unit = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 }[m[2]]!;
    total += Number(m[1]) * unit;
    pos = re.lastIndex;
  }
  return pos === s.length && pos > 0 ? sign * total : undefined;
}

function convert(spec: FlagSpec, raw: string, shown: string): string | number | boolean {
  switch (spec.type) {
    case 'bool':
      if (/^(1|t|T|TRUE|true|True)$/.test(raw)) return true;
      if (/^(0|f|F|FALSE|false|False)$/.test(raw)) return false;
      throw new FlagError(`invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
    case 'int':
      if (!/^[-+]?\d+$/.test(raw)) throw new FlagError(`invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
      return Number(raw);
    case 'duration':
      if (parseDuration(raw) === undefined) throw new FlagError(`invalid argument "${raw}" for "${shown}" flag: time: invalid duration "${raw}"`);
      return raw;
    default:
      return raw;
  }
}

export function parseFlags(tokens: string[], specs: FlagSpec[]): ParsedArgs {
  const all = [...specs, ...GLOBAL_FLAGS];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags: FlagValues = {};
  for (const s of all) flags[s.name] = s.type === 'strings' || s.type === 'stringArray' ? [...((s.default as string[]) ?? [])] : s.default;
  const changed = new Set<string>();
  const args: string[] = [];
  const set = (spec: FlagSpec, raw: string, shown: string) => {
    const v = convert(spec, raw, shown);
    if (spec.type === 'strings' || spec.type === 'stringArray') {
      const list = changed.has(spec.name) ? (flags[spec.name] as string[]) : [];
      flags[spec.name] = [...list, ...(spec.type === 'strings' ? raw.split(',') : [raw])];
    } else flags[spec.name] = v;
    changed.add(spec.name);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '--') {
      args.push(...tokens.slice(i + 1));
      break;
    }
    if (t.startsWith('--') && t.length > 2) {
      const eq = t.indexOf('=');
      const name = eq < 0 ? t.slice(2) : t.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, t.slice(eq + 1), `--${name}`);
      else if (spec.type === 'bool') set(spec, 'true', `--${name}`);
      else {
        if (i + 1 >= tokens.length) throw new FlagError(`flag needs an argument: --${name}`);
        set(spec, tokens[++i], `--${name}`);
      }
    } else if (t.startsWith('-') && t.length > 1) {
      // a group of shorthands: booleans may be chained, the first non-boolean takes the rest
      for (let j = 1; j < t.length; j++) {
        const c = t[j];
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${t}`);
        const shown = `-${c}, --${spec.name}`;
        if (spec.type === 'bool') {
          if (t[j + 1] === '=') {
            set(spec, t.slice(j + 2), shown);
            break;
          }
          set(spec, 'true', shown);
          continue;
        }
        let rest = t.slice(j + 1);
        if (rest.startsWith('=')) rest = rest.slice(1);
        if (rest.length || t[j + 1] === '=') set(spec, rest, shown);
        else {
          if (i + 1 >= tokens.length) throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
          set(spec, tokens[++i], shown);
        }
        break;
      }
    } else args.push(t);
  }
  return { args, flags, changed };
}

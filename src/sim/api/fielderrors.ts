/**
 * Field errors exactly as apimachinery's `field.Error` prints them:
 * `<field>: <Type>[: <value>][: <detail>]`.
 */
export type FieldErrorType =
  | 'Invalid value'
  | 'Required value'
  | 'Unsupported value'
  | 'Forbidden'
  | 'Duplicate value'
  | 'Not found'
  | 'Too long'
  | 'Too many'
  | 'Internal error';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** the offending value; omitted for Required/Forbidden */
  value?: unknown;
  /** Go's %#v rendering of a struct value when it is not a scalar (see goValue) */
  valueText?: string;
  detail?: string;
}

/** Go `%v`-like rendering of a value in a field error: ints bare, strings quoted. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object' && !Array.isArray(v)) {
    // map[string]string{"app":"x"} — what Go prints for label maps
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.every(([, x]) => typeof x === 'string')) {
      return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`;
    }
  }
  return JSON.stringify(v);
}

/** `withField` false gives the cause message as Status.details.causes carries it (no field prefix). */
export function formatFieldError(e: FieldError, withField = true): string {
  const parts: string[] = [];
  const prefix = withField ? `${e.field}: ` : '';
  const hasValue = e.valueText !== undefined || 'value' in e;
  switch (e.type) {
    case 'Required value':
    case 'Forbidden':
    case 'Too long':
    case 'Too many':
    case 'Internal error':
      parts.push(e.type);
      if (e.type === 'Too long' && hasValue && e.detail === undefined) parts.push(String(e.value));
      break;
    default:
      parts.push(e.type);
      if (hasValue) parts.push(e.valueText ?? goValue(e.value));
  }
  if (e.detail) parts.push(e.detail);
  return prefix + parts.join(': ');
}

export const fieldErr = {
  invalid: (field: string, value: unknown, detail?: string): FieldError => ({ type: 'Invalid value', field, value, detail }),
  required: (field: string, detail?: string): FieldError => ({ type: 'Required value', field, detail }),
  unsupported: (field: string, value: unknown, supported: string[]): FieldError => ({
    type: 'Unsupported value',
    field,
    value,
    detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'Forbidden', field, detail }),
  duplicate: (field: string, value: unknown): FieldError => ({ type: 'Duplicate value', field, value }),
  notFound: (field: string, value: unknown): FieldError => ({ type: 'Not found', field, value }),
  tooLong: (field: string, max: number): FieldError => ({ type: 'Too long', field, detail: `may not be more than ${max} bytes` }),
};

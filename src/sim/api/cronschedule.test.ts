import { describe, expect, it } from 'vitest';
import { nextAfter, parseSchedule } from './cronschedule';

const at = (s: string) => Date.parse(s);
const next = (spec: string, from: string) => new Date(nextAfter(parseSchedule(spec), at(from))).toISOString();

describe('cron schedules', () => {
  it('steps, ranges, lists and names', () => {
    expect(next('*/15 * * * *', '2026-01-01T00:07:00Z')).toBe('2026-01-01T00:15:00.000Z');
    expect(next('0 9-17 * * mon-fri', '2026-01-02T17:30:00Z')).toBe('2026-01-05T09:00:00.000Z'); // Fri → Mon
    expect(next('30 2 1,15 * *', '2026-01-02T00:00:00Z')).toBe('2026-01-15T02:30:00.000Z');
    expect(next('@hourly', '2026-01-01T00:00:00Z')).toBe('2026-01-01T01:00:00.000Z');
    expect(next('0 0 1 jan *', '2026-01-01T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
  });
  it('ORs day-of-month and day-of-week when both are restricted', () => {
    expect(next('0 0 13 * 5', '2026-01-01T00:00:00Z')).toBe('2026-01-02T00:00:00.000Z'); // a Friday before the 13th
  });
  it('rejects malformed schedules as robfig/cron does', () => {
    expect(() => parseSchedule('* * * *')).toThrow('expected exactly 5 fields, found 4: [* * * *]');
    expect(() => parseSchedule('61 * * * *')).toThrow('end of range (61) above maximum (59): 61');
  });
});

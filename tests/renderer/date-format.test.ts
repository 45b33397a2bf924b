import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRowTime, formatTime } from '../../renderer/src/lib/date-format.ts';

describe('times', () => {
  it('are 24-hour in every language', () => {
    const iso = '2026-11-26T16:32:13.000Z';
    expect(formatTime(iso, 'el-GR', 'UTC')).toBe('16:32:13');
    expect(formatDateTime(iso, 'el-GR', 'UTC')).toContain('16:32:13');
    expect(formatDateTime(iso, 'en-IE', 'UTC')).toContain('16:32:13');
    expect(formatRowTime(iso, 'el-GR', 'UTC')).toContain('16:32:13');
  });

  it('are read in the shop\'s time zone when one is given', () => {
    const iso = '2026-11-26T23:32:13.000Z';
    expect(formatRowTime(iso, 'en-IE', 'Europe/Athens')).toContain('01:32:13');
    expect(formatDateTime(iso, 'en-IE', 'Europe/Athens')).toContain('27/11/2026');
  });
});

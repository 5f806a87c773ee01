import { describe, expect, it } from 'vitest';
import { clockText } from './clock.ts';

describe('clockText', () => {
  it('shows the office’s time, whatever the device’s zone', () => {
    const at = Date.parse('2026-01-15T08:05:00Z');
    expect(clockText('pl', 'Europe/Warsaw', at)).toBe('09:05');
    expect(clockText('en', 'Europe/Kyiv', at)).toBe('10:05');
    expect(clockText('uk', 'UTC', at)).toBe('08:05');
  });
});

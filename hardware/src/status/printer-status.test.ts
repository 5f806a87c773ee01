import { describe, expect, it } from 'vitest';
import { FAKE_STATUS_REPLIES } from '../fake/fake-printer.ts';
import { canPrint, isStatusByte, stateFromStatus } from './printer-status.ts';

describe('stateFromStatus', () => {
  it('maps the known-good Epson replies', () => {
    const read = (r: readonly number[]) => stateFromStatus([r[0] ?? 0, r[1] ?? 0, r[2] ?? 0, r[3] ?? 0]);
    expect(read(FAKE_STATUS_REPLIES.ok)).toBe('ok');
    expect(read([0x12, 0x12, 0x12, 0x1e])).toBe('paper_near_end');
    expect(read([0x1a, 0x32, 0x12, 0x7e])).toBe('paper_out');
    expect(read([0x1a, 0x16, 0x12, 0x12])).toBe('cover_open');
    expect(read([0x1a, 0x12, 0x12, 0x12])).toBe('offline');
  });

  it('treats cutter and other errors as offline, and paper end from either byte as paper out', () => {
    expect(stateFromStatus([0x12, 0x12, 0x1a, 0x12])).toBe('offline');
    expect(stateFromStatus([0x12, 0x52, 0x12, 0x12])).toBe('offline');
    expect(stateFromStatus([0x12, 0x12, 0x12, 0x72])).toBe('paper_out');
  });

  it('accepts only genuine status bytes', () => {
    for (const b of [0x12, 0x16, 0x1a, 0x1e, 0x32, 0x7e]) expect(isStatusByte(b)).toBe(true);
    for (const b of [0x00, 0x13, 0x41, 0x92, 0xff]) expect(isStatusByte(b)).toBe(false);
  });

  it('prints only when ok or near the paper end', () => {
    expect(canPrint('ok')).toBe(true);
    expect(canPrint('paper_near_end')).toBe(true);
    for (const s of ['paper_out', 'cover_open', 'offline', 'no_answer'] as const)
      expect(canPrint(s)).toBe(false);
  });
});

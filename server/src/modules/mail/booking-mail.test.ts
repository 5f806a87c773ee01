import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '@numerek/shared';
import { bookedMail, confirmMail, longDate } from './booking-mail.ts';

const facts = {
  to: 'a@example.org',
  officeName: 'Urząd',
  categoryName: 'Paszporty',
  day: '2026-01-05',
  time: '08:30',
  code: '000417',
  manageUrl: 'http://localhost:3000/book/?booking=bk_1',
  checkInBeforeMinutes: 30,
  checkInAfterMinutes: 5,
};

describe('booking mail', () => {
  it('writes the day out in each language', () => {
    expect(longDate('2026-01-05', 'pl')).toBe('poniedziałek, 5 stycznia 2026');
    expect(longDate('2026-01-05', 'en')).toBe('Monday, January 5, 2026');
    expect(longDate('2026-01-05', 'uk')).toContain('понеділок');
  });

  it('says the same facts in every language, leading zeros of the code kept, and no placeholder left', () => {
    for (const language of LANGUAGES) {
      const m = bookedMail({ ...facts, language });
      expect(m.language).toBe(language);
      for (const part of ['000417', '08:30', 'Paszporty', 'Urząd', facts.manageUrl, '30', '5'])
        expect(m.text).toContain(part);
      expect(m.subject + m.text).not.toMatch(/\{\w+\}/);
      const c = confirmMail({ ...facts, language, confirmCode: '123456', validMinutes: 15 });
      expect(c.subject).toContain('123456');
      expect(c.text).not.toContain('000417');
      expect(c.subject + c.text).not.toMatch(/\{\w+\}/);
    }
  });
});

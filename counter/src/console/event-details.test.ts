import { LANGUAGES, type AuditEntry, type TicketRecord } from '@numerek/shared';
import { AUDIT_DETAIL_KEYS } from '@numerek/shared/audit';
import { setOfficeTimeZone } from './office-day.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { auditDetails, detailsLine, ticketEventDetails, type Names } from './event-details.ts';
import { wordsIn } from './words.ts';

type TicketEvent = TicketRecord['events'][number];

const names: Names = {
  category: (id) => ({ cat_r: 'R – Rejestracja pojazdów' })[id] ?? null,
  counter: (id) => ({ ctr_2: 'Stanowisko 2', ctr_1: 'Stanowisko 1' })[id] ?? null,
  device: (id) => ({ dev_k: 'Biletomat – hol' })[id] ?? null,
  user: (id) => ({ usr_anna: 'Anna Kowalska' })[id] ?? null,
};
const event = (type: string, data: Record<string, unknown>): TicketEvent => ({
  type,
  at: '2026-12-07T08:00:00.000Z',
  actor: 'user:u1',
  counterId: 'ctr_1',
  data,
});
const line = (...args: Parameters<typeof auditDetails>) => detailsLine(auditDetails(...args));
const entry = (action: string, entity: string, data: unknown): AuditEntry =>
  ({
    id: 1,
    at: '2026-12-07T08:00:00.000Z',
    userId: 'u1',
    action,
    entity,
    entityId: 'x',
    data,
  }) as AuditEntry;

describe('a ticket’s events in words', () => {
  it('says the people ahead and the estimate at issue, a recall’s number, in every language', () => {
    for (const lang of LANGUAGES) {
      const words = wordsIn(lang);
      const issued = ticketEventDetails(words, event('issued', { peopleAhead: 1, estimate: [0, 6] }), names);
      expect(issued.text, lang).toContain('1');
      expect(issued.text, lang).toContain('0–6');
      expect(ticketEventDetails(words, event('recalled', { recall: 2 }), names).text, lang).toContain('2');
      for (const text of [issued.text]) expect(text, lang).not.toMatch(/[{}"]|peopleAhead/);
    }
    expect(
      ticketEventDetails(wordsIn('pl'), event('issued', { peopleAhead: 1, estimate: [0, 6] }), names),
    ).toEqual({
      text: 'Osób przed klientem: 1. Szacowane oczekiwanie: 0–6 min.',
    });
    expect(ticketEventDetails(wordsIn('en'), event('recalled', { recall: 1 }), names).text).toBe(
      'Recall no. 1.',
    );
  });

  it('names where a transfer sent the client, and links the other leg', () => {
    const to = event('transferred', { toTicketId: 'child', toCategoryId: 'cat_r', toCounterId: 'ctr_2' });
    expect(ticketEventDetails(wordsIn('pl'), to, names)).toEqual({
      text: 'Do sprawy R – Rejestracja pojazdów; stanowisko: Stanowisko 2.',
      link: { ticketId: 'child', label: 'dalsza historia biletu' },
    });
    const any = event('transferred', { toTicketId: 'child', toCategoryId: 'cat_r', toCounterId: null });
    expect(ticketEventDetails(wordsIn('en'), any, names).text).toBe(
      'To R – Rejestracja pojazdów; any counter.',
    );
    const from = event('transferred_in', { fromTicketId: 'parent', fromCounterId: 'ctr_1' });
    expect(ticketEventDetails(wordsIn('uk'), from, names)).toEqual({
      text: 'З робочого місця: Stanowisko 1.',
      link: { ticketId: 'parent', label: 'попередня історія квитка' },
    });
    // A category deleted since is said to be gone, never shown by its id.
    const gone = event('transferred', { toTicketId: 'c', toCategoryId: 'cat_old', toCounterId: null });
    expect(ticketEventDetails(wordsIn('pl'), gone, names).text).toBe(
      'Do sprawy (usunięte); dowolne stanowisko.',
    );
  });

  it('shows nothing for data it has no words for, rather than the record’s codes', () => {
    expect(ticketEventDetails(wordsIn('pl'), event('finished', {}), names)).toEqual({ text: '' });
    expect(ticketEventDetails(wordsIn('pl'), event('something_new', { x: 1 }), names)).toEqual({ text: '' });
    expect(ticketEventDetails(wordsIn('pl'), event('issued', { peopleAhead: 'x' }), names)).toEqual({
      text: '',
    });
  });
});

describe('an audit entry’s details in words', () => {
  it('says each value under its name, counters and reasons by name, yes and no in words', () => {
    const pl = wordsIn('pl');
    expect(line(pl, entry('create', 'counter', { name: 'Okienko kasowe', number: 7 }), names)).toBe(
      'nazwa: Okienko kasowe; numer: 7',
    );
    expect(
      line(
        pl,
        entry('update', 'printer', {
          fields: ['name', 'connection'],
          connection: { from: 'tcp://10.0.0.5:9100', to: 'tcp://10.0.0.6:9100' },
        }),
        names,
      ),
    ).toBe('zmienione pola: nazwa, połączenie; połączenie: tcp://10.0.0.5:9100 → tcp://10.0.0.6:9100');
    expect(
      line(
        wordsIn('en'),
        entry('call_chosen', 'ticket', {
          code: 'M001',
          counterId: 'ctr_2',
          reasonCode: 'appointment',
          policyWouldCall: null,
        }),
        names,
      ),
    ).toBe('ticket: M001; counter: Stanowisko 2; reason: appointment; next in line would have been: —');
    expect(line(pl, entry('update', 'user', { fields: ['role'], passwordReset: true }), names)).toBe(
      'zmienione pola: rola; nowe hasło nadane: tak',
    );
  });

  it('says only what a change of settings changed', () => {
    const data = {
      before: { priorityWeight: 3, strictPriority: false, consecutivePriorityCap: 3 },
      after: { priorityWeight: 5, strictPriority: true, consecutivePriorityCap: 3 },
    };
    expect(line(wordsIn('pl'), entry('update', 'settings', data), names)).toBe(
      'waga pierwszeństwa: 3 → 5; ścisłe pierwszeństwo: nie → tak',
    );
  });

  it('says a device’s rename from the old name to the new one', () => {
    const renamed = entry('update', 'device', {
      fields: ['name'],
      name: { from: 'Kiosk 1', to: 'Kiosk przy wejściu' },
    });
    expect(line(wordsIn('pl'), renamed, names)).toBe(
      'zmienione pola: nazwa; nazwa: Kiosk 1 → Kiosk przy wejściu',
    );
    expect(auditDetails(wordsIn('en'), renamed, names)[1]).toEqual({
      name: 'name',
      nameRecorded: false,
      value: 'Kiosk 1 → Kiosk przy wejściu',
      valueRecorded: true,
    });
  });

  it('marks what it shows as recorded, so that it reads the same in every language', () => {
    const parts = auditDetails(
      wordsIn('uk'),
      entry('update', 'printer', {
        fields: ['name', 'somethingNew'],
        connection: { from: 'virtual', to: 'usb:/dev/usb/lp0' },
      }),
      names,
    );
    expect(parts).toEqual([
      { name: 'змінені поля', nameRecorded: false, value: 'назва, somethingNew', valueRecorded: true },
      { name: 'з’єднання', nameRecorded: false, value: 'virtual → usb:/dev/usb/lp0', valueRecorded: true },
    ]);
    expect(auditDetails(wordsIn('pl'), entry('update', 'user', { passwordReset: true }), names)).toEqual([
      { name: 'nowe hasło nadane', nameRecorded: false, value: 'tak', valueRecorded: false },
    ]);
  });

  it('has the same names in every language', () => {
    const keys = (lang: (typeof LANGUAGES)[number]) => Object.keys(wordsIn(lang).c.audit.keys).sort();
    for (const lang of LANGUAGES) expect(keys(lang), lang).toEqual(keys('pl'));
  });

  it('has a word for every detail the server may record, in every language', () => {
    for (const lang of LANGUAGES) {
      const keys: Readonly<Record<string, string>> = wordsIn(lang).c.audit.keys;
      const missing = AUDIT_DETAIL_KEYS.filter((k) => !(keys[k] ?? '').trim());
      expect(missing, lang).toEqual([]);
    }
  });

  describe('a device’s pairing', () => {
    afterEach(() => setOfficeTimeZone(null));
    const pair = {
      linkBy: 'usr_anna',
      linkCreatedAt: '2026-12-05T20:04:36.714Z',
      replacedToken: false,
    };

    it('names who made the link and says when, on the office clock, in words', () => {
      setOfficeTimeZone('Europe/Warsaw');
      expect(line(wordsIn('pl'), entry('pair', 'device', pair), names)).toBe(
        'link utworzył(a): Anna Kowalska; link utworzony: 05.12, 21:04:36; zastąpione wcześniejsze sparowanie: nie',
      );
      setOfficeTimeZone('America/New_York');
      expect(line(wordsIn('en'), entry('pair', 'device', pair), names)).toBe(
        'link created by: Anna Kowalska; link created: 12/05, 03:04:36 PM; earlier pairing replaced: no',
      );
    });

    it('leaves out a user it cannot name, and says why a link was refused', () => {
      setOfficeTimeZone('Europe/Warsaw');
      const refused = { ...pair, linkBy: 'usr_gone', reason: 'expired' };
      const text = line(wordsIn('uk'), entry('pair-refused', 'device', refused), names);
      expect(text).not.toContain('usr_gone');
      expect(text).toContain('термін дії посилання минув');
      expect(
        line(
          wordsIn('pl'),
          entry('pairing-link', 'device', { expiresAt: '2026-12-06T20:04:36.714Z' }),
          names,
        ),
      ).toBe('ważny do: 06.12, 21:04:36');
    });
  });
});

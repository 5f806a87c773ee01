import { describe, expect, it } from 'vitest';
import { buildReportBody, daysBetween, groupTickets, minuteStats, type TicketFact } from './report-core.ts';
import { LANGUAGES, PAUSE_REASONS, REPORT_TERMS, reportColumns } from '@numerek/shared';
import { csvField, plNumber, reportCsv } from './report-csv.ts';

const MIN = 60_000;
// 09:00 in Warsaw on Monday 23 November 2026.
const T9 = Date.parse('2026-11-23T08:00:00Z');

function fact(over: Partial<TicketFact>): TicketFact {
  const issuedAt = over.issuedAt ?? T9;
  return {
    serviceDay: '2026-11-23',
    categoryId: 'A',
    counterId: 'k1',
    clerkId: 'u1',
    priority: false,
    state: 'finished',
    original: true,
    issuedAt,
    visitIssuedAt: issuedAt,
    calledAt: T9 + 5 * MIN,
    startedAt: T9 + 5 * MIN,
    finishedAt: T9 + 10 * MIN,
    ...over,
  };
}

describe('minuteStats', () => {
  it('gives mean, median of the middle two, nearest-rank p90 and max in minutes', () => {
    expect(minuteStats([180, 240, 300, 600, 660, 780])).toEqual({
      count: 6,
      mean: 7.7,
      median: 7.5,
      p90: 13,
      max: 13,
    });
    expect(minuteStats([60])).toEqual({ count: 1, mean: 1, median: 1, p90: 1, max: 1 });
    expect(minuteStats([])).toEqual({ count: 0, mean: null, median: null, p90: null, max: null });
  });
});

describe('groupTickets and buildReportBody', () => {
  const facts: TicketFact[] = [
    fact({}),
    fact({ priority: true, calledAt: T9 + 2 * MIN, startedAt: T9 + 2 * MIN, finishedAt: T9 + 4 * MIN }),
    fact({
      state: 'no_show',
      calledAt: T9 + 12 * MIN,
      startedAt: null,
      finishedAt: null,
      issuedAt: T9 + 60 * MIN + 0,
    }),
    fact({
      state: 'cancelled',
      counterId: null,
      clerkId: null,
      calledAt: null,
      startedAt: null,
      finishedAt: null,
    }),
    fact({ state: 'transferred', categoryId: 'M', startedAt: null, finishedAt: null }),
    // The transfer's second leg: not a new ticket; waits from the visit's first ticket (09:00).
    fact({
      original: false,
      categoryId: 'R',
      counterId: 'k2',
      clerkId: 'u2',
      issuedAt: T9 + 5 * MIN,
      visitIssuedAt: T9,
      calledAt: T9 + 20 * MIN,
      startedAt: T9 + 20 * MIN,
      finishedAt: T9 + 32 * MIN,
    }),
  ];
  const groups = groupTickets(facts, 'Europe/Warsaw', new Map([['A', 4]]));
  const body = buildReportBody(
    groups,
    [
      { serviceDay: '2026-11-23', counterId: 'k1', clerkId: 'u1', reason: 'break', seconds: 900 },
      { serviceDay: '2026-11-23', counterId: 'k3', clerkId: 'u3', reason: 'back_office', seconds: 90 },
    ],
    {
      categories: new Map([
        ['A', 'A Dowody osobiste'],
        ['M', 'M Meldunek'],
        ['R', 'R Rejestracja pojazdów'],
      ]),
      counters: new Map([
        ['k1', 'Stanowisko 1'],
        ['k2', 'Stanowisko 2'],
      ]),
      clerks: new Map([
        ['u1', 'Anna Nowak'],
        ['u2', 'Jan Kowalski'],
        ['u3', 'Ewa Łącka'],
      ]),
    },
  );

  it('counts each leg once by its state, and only new tickets as issued', () => {
    expect(body.total).toMatchObject({ issued: 5, served: 3, noShow: 1, transferred: 1, cancelled: 1 });
    expect(body.byCategory.map((l) => [l.label, l.issued, l.served])).toEqual([
      ['A Dowody osobiste', 4, 2],
      ['M Meldunek', 1, 0],
      ['R Rejestracja pojazdów', 0, 1],
    ]);
  });

  it('measures waits of called legs, service of served legs, and waits over the maximum', () => {
    const a = body.byCategory.find((l) => l.id === 'A');
    // Waits 5, 2 and 12 − 60 → 0 (a no-show issued after its call time is clamped): 0, 2, 5.
    expect(a?.wait).toEqual({ count: 3, mean: 2.3, median: 2, p90: 5, max: 5 });
    expect(a?.service).toEqual({ count: 2, mean: 3.5, median: 3.5, p90: 5, max: 5 });
    expect(a?.overMaxWait).toBe(1);
    expect(a?.priorityShare).toBe(0.25);
    expect(a?.priorityWait.mean).toBe(2);
    expect(body.byCategory.find((l) => l.id === 'R')?.wait.mean).toBe(20);
  });

  it('adds lines per counter and clerk, with pause minutes by reason, and arrivals per local hour', () => {
    expect(body.byCounter.map((l) => l.label)).toEqual(['Stanowisko 1', 'Stanowisko 2']);
    expect(body.byClerk.map((l) => [l.label, l.pauseMinutes.break, l.pauseMinutes.back_office])).toEqual([
      ['Anna Nowak', 15, 0],
      ['Jan Kowalski', 0, 0],
      ['Ewa Łącka', 0, 1.5],
    ]);
    expect(body.pauseMinutes).toEqual({ break: 15, back_office: 1.5, end_of_day: 0 });
    expect(body.arrivalsPerHour[9]).toBe(4);
    expect(body.arrivalsPerHour[10]).toBe(1);
    expect(body.arrivalsPerHour.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('gives the same report from stored groups as from the tickets', () => {
    const again = buildReportBody(JSON.parse(JSON.stringify(groups)) as typeof groups, [], {
      categories: new Map(),
      counters: new Map(),
      clerks: new Map(),
    });
    expect(again.total).toEqual(
      buildReportBody(groups, [], { categories: new Map(), counters: new Map(), clerks: new Map() }).total,
    );
  });

  it('writes CSV for a Polish Excel: BOM, semicolons, decimal commas, CRLF', () => {
    const csv = reportCsv({
      office: { id: 'o', name: 'Urząd Miasta; Przykładowo', timeZone: 'Europe/Warsaw' },
      from: '2026-11-23',
      to: '2026-11-23',
      generatedAt: '2026-11-23T20:00:00.000Z',
      aggregatedDays: [],
      ...body,
      bookings: [],
    });
    expect(csv.startsWith('\uFEFFUrząd;"Urząd Miasta; Przykładowo"\r\n')).toBe(true);
    expect(csv).toContain('\r\nSprawa;A Dowody osobiste;4;2;1;0;1;2,3;2;5;5;3,5;3,5;5;5;25;2;2,5;1\r\n');
    expect(csv).toContain('\r\n09:00;4\r\n');
    expect(csv).toContain('\r\nEwa Łącka;praca na zapleczu;1,5\r\n');
    expect(csv.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
  });
});

describe('a transferred priority client', () => {
  // 09:00 R001 (priority) in R and A001 in A; 09:01 M001 in M, never called. Counter k3 calls
  // R001 at 09:03 and transfers it to M at 09:04; counter k2 calls A001 at 09:16 and the
  // transferred R001 at 09:05:24, 5.4 minutes after its ticket was issued: what the clerk is shown.
  const facts: TicketFact[] = [
    fact({
      categoryId: 'R',
      counterId: 'k3',
      priority: true,
      state: 'transferred',
      calledAt: T9 + 3 * MIN,
      startedAt: T9 + 3 * MIN,
      finishedAt: null,
    }),
    fact({
      categoryId: 'M',
      counterId: 'k2',
      clerkId: 'u2',
      priority: true,
      original: false,
      issuedAt: T9 + 4 * MIN,
      visitIssuedAt: T9,
      calledAt: T9 + 5.4 * MIN,
      startedAt: T9 + 5.5 * MIN,
      finishedAt: T9 + 8 * MIN,
    }),
    fact({
      categoryId: 'A',
      counterId: 'k2',
      clerkId: 'u2',
      calledAt: T9 + 16 * MIN,
      startedAt: null,
      finishedAt: null,
      state: 'called',
    }),
    fact({
      categoryId: 'M',
      counterId: null,
      clerkId: null,
      issuedAt: T9 + MIN,
      calledAt: null,
      startedAt: null,
      finishedAt: null,
      state: 'waiting',
    }),
  ];
  const names = {
    categories: new Map<string, string>(),
    counters: new Map<string, string>(),
    clerks: new Map<string, string>(),
  };
  const groups = groupTickets(facts, 'Europe/Warsaw', new Map([['M', 5]]));
  const body = buildReportBody(groups, [], names);
  const line = (lines: typeof body.byCategory, id: string) => lines.find((l) => l.id === id);

  it('is a priority client of every line it was in, and waits from its first ticket', () => {
    expect(line(body.byCategory, 'R')).toMatchObject({
      issued: 1,
      transferred: 1,
      priorityShare: 1,
      priorityWait: { count: 1, mean: 3 },
    });
    // M: M001 (regular, still waiting) and the transferred R001 (priority).
    expect(line(body.byCategory, 'M')).toMatchObject({
      issued: 1,
      served: 1,
      priorityShare: 0.5,
      wait: { count: 1, mean: 5.4 },
      priorityWait: { count: 1, mean: 5.4 },
      regularWait: { count: 0, mean: null },
      overMaxWait: 1,
    });
    // k2 called A001 (regular) and the transferred R001 (priority).
    expect(line(body.byCounter, 'k2')).toMatchObject({
      priorityShare: 0.5,
      priorityWait: { count: 1, mean: 5.4 },
      regularWait: { count: 1, mean: 16 },
    });
    expect(line(body.byClerk, 'u2')).toMatchObject({ priorityShare: 0.5, priorityWait: { mean: 5.4 } });
  });

  it('is one client of the office, whose waits pool every call', () => {
    expect(body.total).toMatchObject({
      issued: 3,
      priorityShare: 0.333,
      priorityWait: { count: 2, mean: 4.2 },
      regularWait: { count: 1, mean: 16 },
    });
  });

  it('gives no line a priority wait without a priority share, nor the other way round', () => {
    for (const l of [
      ...body.byCategory,
      ...body.byCounter,
      ...body.byClerk,
      { ...body.total, id: 'total' },
    ]) {
      const share = l.priorityShare ?? 0;
      if (l.priorityWait.count > 0) expect(share, l.id).toBeGreaterThan(0);
      if (l.regularWait.count > 0) expect(share, l.id).toBeLessThan(1);
    }
  });

  it('reads the same from the stored daily groups as from the tickets', () => {
    const stored = JSON.parse(JSON.stringify(groups)) as typeof groups;
    expect(buildReportBody(stored, [], names)).toEqual(body);
    expect(groups.find((g) => g.categoryId === 'M' && g.priority)).toMatchObject({
      issued: 0,
      transferredIn: 1,
    });
  });
});

describe('the CSV’s words', () => {
  const report = (lang: (typeof LANGUAGES)[number]) =>
    reportCsv(
      {
        office: { id: 'o', name: 'Urząd', timeZone: 'Europe/Warsaw' },
        from: '2026-11-23',
        to: '2026-11-23',
        generatedAt: '2026-11-23T20:00:00.000Z',
        aggregatedDays: [],
        ...buildReportBody(
          [],
          [{ serviceDay: '2026-11-23', counterId: 'k1', clerkId: 'u1', reason: 'back_office', seconds: 60 }],
          { categories: new Map(), counters: new Map(), clerks: new Map([['u1', 'Anna Nowak']]) },
        ),
        bookings: [],
      },
      lang,
    ).split('\r\n');

  it('are the console’s: the same column headings and pause reasons as on screen', () => {
    expect(report('pl')).toContain(
      'Zestawienie;Nazwa;Wydane;Obsłużeni;Nieobecni;Przekazani;Anulowane;' +
        'Czekanie, min: średnio;Czekanie, min: mediana;Czekanie, min: 90 %;Czekanie, min: najdłużej;' +
        'Obsługa, min: średnio;Obsługa, min: mediana;Obsługa, min: 90 %;Obsługa, min: najdłużej;' +
        'Pierwszeństwo [%];Czekanie, min: pierwszeństwo;Czekanie, min: pozostali;Ponad maks. czas',
    );
    expect(report('pl')).toContain('Anna Nowak;praca na zapleczu;1');
    for (const lang of LANGUAGES) {
      const t = REPORT_TERMS[lang];
      const lines = report(lang);
      const header = lines.find((l) => l.includes(t.issued))?.split(';') ?? [];
      // Every screen column is in the file: as it is, or one figure of it a column.
      for (const column of reportColumns(t, false)) {
        const [figure, parts] = column.split(`, ${t.minutes}: `);
        const expected =
          parts === undefined ? [column] : parts.split(' / ').map((p) => `${figure}, ${t.minutes}: ${p}`);
        for (const heading of expected)
          expect(
            header.some((h) => h.startsWith(heading)),
            `${lang}: ${heading}`,
          ).toBe(true);
      }
      for (const reason of PAUSE_REASONS)
        expect(lines, `${lang}: ${reason}`).toContain(
          `Anna Nowak;${t.pauseReasons[reason]};${reason === 'back_office' ? 1 : 0}`,
        );
    }
  });
});

describe('CSV fields', () => {
  it('quotes separators and quotes, and defuses formulas', () => {
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField(null)).toBe('');
    expect(plNumber(7.5)).toBe('7,5');
  });
});

describe('daysBetween', () => {
  it('lists calendar days, both ends included, across a month end', () => {
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
    expect(daysBetween('2026-11-23', '2026-11-22')).toEqual([]);
  });
});

import { CALL_RULES, LANGUAGES, type CallDecision } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { decisionText } from './decision-text.ts';
import { STRINGS } from './i18n.ts';
import { calledWait } from './wait-text.ts';

const priority = { code: 'P007', weight: 4, waitedMinutes: 6.5, score: 26 };
const regular = { code: 'A031', weight: 1, waitedMinutes: 12, score: 12 };

function decision(rule: CallDecision['rule']): CallDecision {
  return {
    rule,
    ticket: rule === 'priority_cap' ? regular : priority,
    other: rule === 'priority_cap' ? priority : regular,
    maxWaitMinutes: 30,
    overMaxWait: 2,
    priorityCallsInRow: 5,
    reasonCode: 'appointment',
  };
}

describe('a call’s decision in the reader’s language', () => {
  it('every rule reads as a sentence in every language, with both tickets and no placeholders left', () => {
    for (const lang of LANGUAGES) {
      for (const rule of CALL_RULES) {
        const text = decisionText(STRINGS[lang], decision(rule));
        expect(text, `${lang} ${rule}`).not.toMatch(/[{}]/);
        expect(text, `${lang} ${rule}`).toContain('A031');
      }
    }
  });

  it('writes numbers and counts as the language does', () => {
    expect(decisionText(STRINGS.pl, decision('score'))).toContain('6,5 min');
    expect(decisionText(STRINGS.en, decision('score'))).toContain('6.5 min');
    expect(decisionText(STRINGS.pl, decision('max_wait'))).toContain('czekają 2 bilety');
    expect(decisionText(STRINGS.pl, { ...decision('max_wait'), overMaxWait: 5 })).toContain(
      'czeka 5 biletów',
    );
    expect(decisionText(STRINGS.uk, { ...decision('max_wait'), overMaxWait: 5 })).toContain('5 квитків');
    expect(decisionText(STRINGS.pl, { ...decision('priority_cap'), priorityCallsInRow: 1 })).toContain(
      'po 1 wywołaniu',
    );
  });

  it('says a priority ticket went ahead of an older regular one, and nothing of why it has priority', () => {
    const text = decisionText(STRINGS.en, decision('score'));
    expect(text).toContain('ahead of regular ticket A031');
    expect(decisionText(STRINGS.en, { ...decision('score'), other: null })).not.toContain('A031');
  });

  it('gives the clerk’s reason for a chosen ticket', () => {
    expect(decisionText(STRINGS.pl, { ...decision('chosen'), other: null })).toBe(
      `Wybrany przez urzędnika: ${STRINGS.pl.callReasons.appointment}.`,
    );
  });

  it('says a booked ticket was booked for its slot time, in every language', () => {
    const booked = { code: 'A900', weight: 1, waitedMinutes: 3, score: 9, bookedFor: '10:15' };
    for (const lang of LANGUAGES) {
      for (const rule of ['score', 'max_wait'] as const) {
        const text = decisionText(STRINGS[lang], { ...decision(rule), ticket: booked, maxWaitMinutes: 5 });
        expect(text, `${lang} ${rule}`).toContain('10:15');
        expect(text, `${lang} ${rule}`).not.toMatch(/[{}]/);
      }
    }
    expect(decisionText(STRINGS.en, { ...decision('score'), ticket: booked })).toContain('Booked for 10:15');
    expect(decisionText(STRINGS.pl, { ...decision('score'), ticket: booked })).toContain(
      'Rezerwacja na 10:15',
    );
    expect(decisionText(STRINGS.uk, { ...decision('score'), ticket: booked })).toContain('Запис на 10:15');
  });

  it('shows figures that add up: the score is the shown minutes × the weight, and the wait reads as the panel’s', () => {
    const ticket = { code: 'R001', weight: 4, waitedMinutes: 2.9, score: 11.6 };
    const other = { code: 'A001', weight: 1, waitedMinutes: 11.5, score: 11.5 };
    const text = decisionText(STRINGS.pl, { rule: 'score', ticket, other });
    expect(text).toContain('R001 czeka 2,9 min, wynik 11,6');
    expect(text).toContain(calledWait(STRINGS.pl, ticket.waitedMinutes));
    const half = { code: 'P002', weight: 1.5, waitedMinutes: 2.9, score: 4.35 };
    expect(decisionText(STRINGS.en, { rule: 'score', ticket: half, other: null })).toContain(
      'has waited 2.9 min, score 4.35',
    );
  });
});

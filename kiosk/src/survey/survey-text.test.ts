import { ERROR_REASONS, LANGUAGES } from '@numerek/shared';
import { SURVEY_REASONS, SURVEY_SCORES } from '@numerek/shared/survey';
import { describe, expect, it } from 'vitest';
import { notTakenText, SURVEY_TEXT, surveySpeech, type TabletScreen } from './survey-text.ts';

const SCREENS: readonly TabletScreen[] = [
  'unpaired',
  'pairingFailed',
  'offline',
  'revoked',
  'resting',
  'question',
  'reason',
  'thanks',
];

describe('the survey’s words', () => {
  it('reads every face and every reason aloud, in each language', () => {
    for (const lang of LANGUAGES) {
      const x = SURVEY_TEXT[lang];
      const question = surveySpeech('question', lang);
      expect(question.startsWith(x.question)).toBe(true);
      for (const s of SURVEY_SCORES) expect(question).toContain(`${s}: ${x.scores[s]}.`);
      const reason = surveySpeech('reason', lang);
      for (const r of SURVEY_REASONS) expect(reason).toContain(x.reasons[r]);
      expect(reason).toContain(x.skip);
      for (const screen of SCREENS) expect(surveySpeech(screen, lang), `${lang} ${screen}`).toMatch(/\S/);
    }
  });

  it('says why a tablet rests: no counter yet, or the survey off', () => {
    expect(surveySpeech('resting', 'en', { counter: null, active: false })).toBe(SURVEY_TEXT.en.noCounter);
    expect(surveySpeech('resting', 'en', { counter: 1, active: false })).toBe(SURVEY_TEXT.en.inactive);
    expect(surveySpeech('resting', 'en', { counter: 1, active: true })).toContain(SURVEY_TEXT.en.restText);
  });

  it('has a sentence in every language for every case of a refused answer, never the same in two', () => {
    for (const lang of LANGUAGES) {
      const seen = new Set<string>();
      for (const reason of ERROR_REASONS.SURVEY_CLOSED) {
        const text = notTakenText('SURVEY_CLOSED', reason, lang);
        expect(text).not.toBe(SURVEY_TEXT[lang].notSent);
        seen.add(text);
      }
      expect(seen.size).toBe(ERROR_REASONS.SURVEY_CLOSED.length);
      expect(notTakenText('NETWORK', undefined, lang)).toBe(SURVEY_TEXT[lang].notSent);
    }
    const all = LANGUAGES.map((l) => notTakenText('SURVEY_CLOSED', 'off', l));
    expect(new Set(all).size).toBe(3);
  });
});

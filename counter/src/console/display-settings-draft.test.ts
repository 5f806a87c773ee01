import { DEFAULT_DISPLAY_SETTINGS } from '@numerek/shared/display-settings';
import { describe, expect, it } from 'vitest';
import { draftOf, previewQuery, settingsFrom, toggleLanguage } from './display-settings-draft.ts';

describe('display settings form', () => {
  it('sends the voice chosen, keeping the filters the form does not show', () => {
    const current = { ...DEFAULT_DISPLAY_SETTINGS, counterIds: ['c1'] };
    const draft = { ...draftOf(current), voice: 'browser' as const, repeat: '3', viewingDistanceM: '12,5' };
    expect(settingsFrom(draft, current)).toEqual({
      settings: { ...current, voice: 'browser', repeat: 3, viewingDistanceM: 12.5 },
    });
  });

  it('says which fields are wrong', () => {
    const draft = { ...draftOf(DEFAULT_DISPLAY_SETTINGS), languages: [], screenInches: 'duży' };
    expect(settingsFrom(draft, DEFAULT_DISPLAY_SETTINGS)).toEqual({
      errors: { languages: 'errLanguages', screenInches: 'errScreen' },
    });
  });

  it('speaks languages in the order they were ticked', () => {
    expect(toggleLanguage(['pl'], 'uk', true)).toEqual(['pl', 'uk']);
    expect(toggleLanguage(['pl', 'uk'], 'en', true)).toEqual(['pl', 'uk', 'en']);
    expect(toggleLanguage(['pl', 'uk'], 'pl', false)).toEqual(['uk']);
  });

  it('asks the server for a sample call only with a ticket code and a counter number', () => {
    expect(previewQuery('pl', ' w7 ', '5')).toBe('/api/speech/preview?lang=pl&number=W7&counter=5');
    expect(previewQuery('uk', 'A17', '0')).toBeNull();
    expect(previewQuery('en', '17', '2')).toBeNull();
  });
});

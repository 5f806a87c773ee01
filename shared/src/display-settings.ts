import type { DisplaySettings } from './schemas/realtime.schema.ts';

/**
 * A hall display's settings until they are changed in the console. Apart from the schemas, so
 * that the display's page can use them without bundling a validator.
 */
export const DEFAULT_DISPLAY_SETTINGS: DisplaySettings = {
  categoryIds: null,
  counterIds: null,
  languages: ['pl'],
  repeat: 2,
  viewingDistanceM: 8,
  screenInches: 55,
  showWaiting: true,
  sound: true,
  voice: 'server',
};

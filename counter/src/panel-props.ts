import type { Language, Me } from '@numerek/shared';
import type { Strings } from './i18n.ts';

/** What every screen of the clerk's side is given by the app: who, in which language, how laid out. */
export interface PanelProps {
  me: Me;
  t: Strings;
  lang: Language;
  setLang: (l: Language) => void;
  compact: boolean;
  setCompact: (on: boolean) => void;
  onSignOut: () => void;
}

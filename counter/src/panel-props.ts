import type { Language, Me, Role } from '@numerek/shared';
import type { Strings } from './i18n.ts';

/** A member of an office's staff, signed in (not the central administrator, who has no office). */
export type StaffMe = Me & { role: Role; officeId: string };

export function isStaff(me: Me): me is StaffMe {
  return me.role !== 'central' && me.officeId !== null;
}

/** What every screen of the clerk's side is given by the app: who, in which language, how laid out. */
export interface PanelProps {
  me: StaffMe;
  t: Strings;
  lang: Language;
  setLang: (l: Language) => void;
  compact: boolean;
  setCompact: (on: boolean) => void;
  onSignOut: () => void;
}

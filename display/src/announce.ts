/**
 * The sentence of a call comes from the shared wording table (shared/src/announcement.ts), the
 * same one the server renders to audio, so the browser's own voice and the server's say one text.
 */
export {
  announcementText,
  spokenCode,
  spokenCounterName,
  type CallToAnnounce,
} from '@numerek/shared/announcement';

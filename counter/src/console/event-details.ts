import type { AuditEntry, CallDecision, TicketRecord } from '@numerek/shared';
import { decisionText } from '../decision-text.ts';
import { AUDIT_TIME_KEYS, AUDIT_USER_KEYS, type AuditDetailKey } from '@numerek/shared/audit';
import { fmt } from '../i18n.ts';
import { dateTime, type Words } from './words.ts';

type TicketEvent = TicketRecord['events'][number];

/** What the page knows of the office's categories and counters, to say them by name. */
export interface Names {
  /** A category's letter and name in the reader's language, or null when the page does not know it. */
  category: (id: string) => string | null;
  /** A counter's name, or null when the page does not know it. */
  counter: (id: string) => string | null;
  /** A device's name, or null when the page does not know it. */
  device: (id: string) => string | null;
  /** A member of staff's name, or null when the page does not know it. */
  user: (id: string) => string | null;
}

/** The details of a ticket's event: a sentence, and the other leg of a transfer to open. */
export interface EventDetails {
  text: string;
  link?: { ticketId: string; label: string };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * A ticket's event in the reader's language, from the data the server recorded with it: the
 * people ahead and the estimate at issue, a call's decision, a recall's number, and where a
 * transfer sent the client (by name, and a link to the other leg). Data it does not know says
 * nothing rather than showing the record's codes.
 */
export function ticketEventDetails(words: Words, ev: TicketEvent, names: Names): EventDetails {
  const w = words.c.ticket.details;
  const d = ev.data;
  const named = (id: unknown, of: (id: string) => string | null) => {
    const s = str(id);
    return s === null ? null : (of(s) ?? w.gone);
  };
  switch (ev.type) {
    case 'issued': {
      const ahead = int(d.peopleAhead);
      const range = Array.isArray(d.estimate) ? d.estimate.map(int) : [];
      const [min, max] = range;
      if (ahead === null || min == null || max == null) return { text: '' };
      return { text: fmt(w.issued, { ahead, min, max }) };
    }
    case 'called':
      // The server records a call's decision as the protocol's CallDecision (calls before it, none).
      return { text: isRecord(d.decision) ? decisionText(words.t, d.decision as CallDecision) : '' };
    case 'recalled': {
      const n = int(d.recall);
      return { text: n === null ? '' : fmt(w.recalled, { n }) };
    }
    case 'transferred': {
      const category = named(d.toCategoryId, names.category) ?? '';
      const counter = named(d.toCounterId, names.counter);
      const next = str(d.toTicketId);
      return {
        text:
          counter === null
            ? fmt(w.transferredToAny, { category })
            : fmt(w.transferredTo, { category, counter }),
        ...(next ? { link: { ticketId: next, label: w.nextLeg } } : {}),
      };
    }
    case 'transferred_in': {
      const counter = named(d.fromCounterId, names.counter);
      const before = str(d.fromTicketId);
      return {
        text: counter === null ? '' : fmt(w.transferredFrom, { counter }),
        ...(before ? { link: { ticketId: before, label: w.previousLeg } } : {}),
      };
    }
    case 'returned_to_queue':
      return { text: w.returnedToQueue };
    default:
      return { text: '' };
  }
}

/**
 * One value of an audit entry: its name and the value, each marked when it is shown as recorded
 * (an address, a file name, a code the console has no word for), which reads the same in every
 * language.
 */
export interface DetailPart {
  name: string;
  nameRecorded: boolean;
  value: string;
  valueRecorded: boolean;
}

interface Said {
  text: string;
  recorded: boolean;
}

/** The parts as one line, as the page shows them. */
export function detailsLine(parts: readonly DetailPart[]): string {
  return parts.map((p) => `${p.name}: ${p.value}`).join('; ');
}

/**
 * An audit entry's details in the reader's language: each recorded value under its name
 * ("nazwa: Okienko 5; numer: 5"), counters and categories by name, yes and no in words, a change
 * as "before → after", and of a change of settings only what changed. A name or value the console
 * has no words for is shown as recorded, and marked so.
 */
export function auditDetails(words: Words, entry: AuditEntry, names: Names): DetailPart[] {
  const { c, t, lang } = words;
  const keys: Readonly<Record<string, string>> = c.audit.keys;
  const keyName = (k: string): Said =>
    Object.hasOwn(keys, k) ? { text: keys[k] ?? k, recorded: false } : { text: k, recorded: true };
  const all = (parts: Said[], sep: string): Said => ({
    text: parts.map((p) => p.text).join(sep),
    recorded: parts.some((p) => p.recorded),
  });
  const label = (labels: Readonly<Record<string, string>>, code: string): Said =>
    Object.hasOwn(labels, code)
      ? { text: labels[code] ?? code, recorded: false }
      : { text: code, recorded: true };
  const value = (key: string, v: unknown): Said => {
    if (v === null || v === undefined || v === '') return { text: '—', recorded: false };
    if (typeof v === 'boolean') return { text: v ? c.yes : c.no, recorded: false };
    if (typeof v === 'number') return { text: new Intl.NumberFormat(t.locale).format(v), recorded: false };
    if (Array.isArray(v)) {
      if (key === 'fields')
        return all(
          v.map((f) => keyName(String(f))),
          ', ',
        );
      if (key === 'categoryIds')
        return all(
          v.map((id) => ({ text: names.category(String(id)) ?? c.ticket.details.gone, recorded: true })),
          ', ',
        );
      return all(
        v.map((x) => value(key, x)),
        ', ',
      );
    }
    if (isRecord(v)) {
      if ('from' in v && 'to' in v) return all([value(key, v.from), value(key, v.to)], ' → ');
      if (key === 'names' && typeof v.pl === 'string')
        return { text: String(v[lang] ?? v.pl), recorded: true };
      return all(
        Object.entries(v).map(([k, x]) => {
          const n = keyName(k);
          const said = value(k, x);
          return { text: `${n.text}: ${said.text}`, recorded: n.recorded || said.recorded };
        }),
        ', ',
      );
    }
    const s = String(v);
    if (isTimeKey(key)) return { text: dateTime(lang, s), recorded: false };
    if (key === 'counterId') return { text: names.counter(s) ?? c.ticket.details.gone, recorded: true };
    if (key === 'deviceId') return { text: names.device(s) ?? c.ticket.details.gone, recorded: true };
    if (key === 'reasonCode') return label(t.callReasons, s);
    if (key === 'role') return label(c.users.roles, s);
    if (key === 'kind') return label(c.devices.kinds, s);
    if (key === 'reason' && entry.action === 'pair-refused') return label(c.audit.pairingRefusals, s);
    if (key === 'integrity' && s === 'ok') return { text: c.audit.integrityOk, recorded: false };
    if (key === 'agent' || key === 'agentId')
      return { text: names.device(s) ?? c.ticket.details.gone, recorded: true };
    if (key === 'ticketOutcome') return label(c.audit.outcomes, s);
    return { text: s, recorded: true };
  };
  const part = (name: Said, said: Said): DetailPart => ({
    name: name.text,
    nameRecorded: name.recorded,
    value: said.text,
    valueRecorded: said.recorded,
  });
  const d = entry.data;
  // A change of settings is recorded whole, before and after: only what changed is said.
  if (isRecord(d.before) && isRecord(d.after)) {
    const before = d.before;
    const after = d.after;
    return Object.keys(after)
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => part(keyName(k), all([value(k, before[k]), value(k, after[k])], ' → ')));
  }
  return Object.entries(d).flatMap(([k, v]) => {
    if (isUserKey(k)) {
      // A user is said by name; an id means nothing to the reader, so an unknown one is left out.
      const name = typeof v === 'string' ? names.user(v) : null;
      return name === null ? [] : [part(keyName(k), { text: name, recorded: true })];
    }
    return [part(keyName(k), value(k, v))];
  });
}

const TIME_KEYS = new Set<string>(AUDIT_TIME_KEYS);
const USER_KEYS = new Set<string>(AUDIT_USER_KEYS);
const isTimeKey = (k: string): k is AuditDetailKey => TIME_KEYS.has(k);
const isUserKey = (k: string): k is AuditDetailKey => USER_KEYS.has(k);

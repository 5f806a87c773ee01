import { createTestApp, type TestApp, type Who } from '@numerek/server/testing';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSecondOffice, everyRow, type OfficeWho, type SecondOffice } from './second-office.ts';

/**
 * Two offices in one installation: the sample office (A, the test app's) and a second one (B),
 * furnished and working. Every route of the OpenAPI document is in this table, with what A's own
 * people (administrator, supervisor, clerk, kiosk, display) get when they reach for B:
 *
 * - `hidden`: a B id in the address or the body is answered exactly as an id nobody ever made
 *   (404, or the same 400), so no id of another office is confirmed, and nothing is written;
 * - `own`: the route acts on the caller's own office or account, and its answer names nothing of
 *   the other office, in either direction; B's rows stay as they were;
 * - `central`: only the central administrator passes (403 to every office's people);
 * - `installation`: about every office at once (backups): refused to an office's administrator
 *   once there are two offices;
 * - `public`: open to anyone by design, said why.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type ACaller = Extract<Who, 'admin' | 'supervisor' | 'clerk' | 'clerk2' | 'kiosk' | 'display'>;

interface Call {
  url: string;
  body?: unknown;
  /** The id of B's in the call (replaced by an unknown id for the comparison). */
  bId: string;
  /** Who calls, when not the row's callers. */
  who?: readonly ACaller[];
}

type Case =
  | { kind: 'hidden'; who: readonly ACaller[]; calls: (b: SecondOffice, a: OfficeA) => Call[] }
  | {
      kind: 'own';
      who: readonly ACaller[];
      call?: (a: OfficeA, who: ACaller) => { url: string; body?: unknown };
      /** Also asked by B's own people, whose answers must name nothing of A. */
      alsoB?: readonly OfficeWho[];
    }
  | { kind: 'central' }
  | { kind: 'installation' }
  | { kind: 'public'; why: string };

interface Row {
  method: Method;
  path: string;
  case: Case;
  /** Left out of the OpenAPI document on purpose. */
  hidden?: boolean;
}

/** What the tests know of office A beyond the test app. */
interface OfficeA {
  t: TestApp;
  kiosk: string;
  counterWithTicket: string;
  /** Today, the test's service day. */
  day: string;
}

const UNKNOWN = 'isolation-unknown-id';
const STAFF: readonly ACaller[] = ['clerk', 'supervisor', 'admin'];
const SUPERVISORS: readonly ACaller[] = ['supervisor', 'admin'];
const ADMINS: readonly ACaller[] = ['admin'];
const DEVICES: readonly ACaller[] = ['kiosk', 'display'];
const EVERY_A: readonly ACaller[] = ['admin', 'supervisor', 'clerk', 'kiosk', 'display'];

const tag = (who: ACaller) => EVERY_A.indexOf(who);
const counterAction = (action: string, body?: unknown): Row => ({
  method: 'POST',
  path: `/api/counters/:id/${action}`,
  case: {
    kind: 'hidden',
    who: STAFF,
    calls: (b) => [
      { url: `/api/counters/${b.ids.counter1}/${action}`, body: body ?? {}, bId: b.ids.counter1 },
    ],
  },
});

const ROWS: readonly Row[] = [
  { method: 'GET', path: '/api/health', case: { kind: 'public', why: 'says only that the server runs' } },
  {
    method: 'GET',
    path: '/api/ready',
    case: { kind: 'public', why: 'says only whether this server reaches its database' },
  },
  {
    method: 'GET',
    path: '/api/openapi.json',
    hidden: true,
    case: { kind: 'public', why: 'the API description, the same for every office' },
  },
  {
    method: 'GET',
    path: '/api/categories',
    case: { kind: 'public', why: 'the matters a kiosk offers: an office’s waiting room is public' },
  },
  {
    method: 'GET',
    path: '/api/priority-groups',
    case: { kind: 'public', why: 'the groups a kiosk offers, as posted in the office' },
  },
  {
    method: 'GET',
    path: '/api/tickets/:id',
    case: { kind: 'public', why: 'a ticket’s state by its opaque id, for whoever holds the paper' },
  },
  {
    method: 'GET',
    path: '/api/tickets/:id/qr.svg',
    case: { kind: 'public', why: 'the QR code of that page' },
  },
  {
    method: 'GET',
    path: '/api/public/queue-status',
    case: { kind: 'public', why: 'open data for an office’s website' },
  },
  {
    method: 'GET',
    path: '/api/tickets/:id/survey',
    case: { kind: 'public', why: 'whether a visit may be rated, by its ticket’s opaque id' },
  },
  {
    method: 'PUT',
    path: '/api/tickets/:id/survey',
    case: { kind: 'public', why: 'a visit’s rating, by its ticket’s opaque id, always answered alike' },
  },
  {
    method: 'GET',
    path: '/api/bookings/days',
    case: { kind: 'public', why: 'the days a matter can be booked on, as a booking page shows them' },
  },
  {
    method: 'GET',
    path: '/api/bookings/slots',
    case: { kind: 'public', why: 'a day’s free slots, as a booking page shows them' },
  },
  {
    method: 'POST',
    path: '/api/bookings',
    case: { kind: 'public', why: 'anyone books a slot; the category names its office' },
  },
  {
    method: 'GET',
    path: '/api/bookings/feed/:token',
    case: {
      kind: 'public',
      why: 'a category’s calendar by the secret of its feed address, for a calendar application; the secret names the office',
    },
  },
  {
    method: 'GET',
    path: '/api/bookings/:id',
    case: { kind: 'public', why: 'a booking by its opaque id, for whoever holds its link' },
  },
  {
    method: 'DELETE',
    path: '/api/bookings/:id',
    case: { kind: 'public', why: 'cancelling a booking by its opaque id, for whoever holds its link' },
  },
  {
    method: 'POST',
    path: '/api/bookings/check-in',
    case: {
      kind: 'own',
      who: ['kiosk'],
      call: () => ({ url: '/api/bookings/check-in', body: { code: '999999' } }),
    },
  },
  { method: 'GET', path: '/api/bookings/check-in/options', case: { kind: 'own', who: ['kiosk'] } },
  {
    method: 'GET',
    path: '/api/bookings/options',
    case: { kind: 'public', why: 'whether bookings are confirmed by e-mail, as a booking page asks' },
  },
  {
    method: 'POST',
    path: '/api/bookings/requests',
    case: { kind: 'public', why: 'anyone asks to book a slot by e-mail; the category names its office' },
  },
  {
    method: 'POST',
    path: '/api/bookings/requests/:id/confirm',
    case: { kind: 'public', why: 'confirming a booking request by its opaque id and the e-mailed code' },
  },
  {
    method: 'GET',
    path: '/api/speech/call',
    case: {
      kind: 'public',
      why: 'the audio of a recent call by its key, for a hall display that may show any office; a display token must be the call office’s',
    },
  },
  {
    method: 'GET',
    path: '/api/speech/preview',
    case: {
      kind: 'own',
      who: SUPERVISORS,
      call: () => ({ url: '/api/speech/preview?lang=pl&number=A17&counter=5' }),
    },
  },
  {
    method: 'POST',
    path: '/api/speech/text',
    case: {
      kind: 'own',
      who: ['kiosk'],
      call: () => ({ url: '/api/speech/text', body: { lang: 'pl', text: 'Wybierz sprawę' } }),
    },
  },
  {
    method: 'POST',
    path: '/api/devices/pair',
    case: {
      kind: 'public',
      why: 'a device without a token uses its one-time link; the link names its office',
    },
  },
  { method: 'POST', path: '/api/auth/login', case: { kind: 'public', why: 'signing in' } },
  {
    method: 'POST',
    path: '/api/auth/logout',
    case: { kind: 'public', why: 'signing out ends one’s own session' },
  },
  // one's own account or device
  { method: 'GET', path: '/api/auth/me', case: { kind: 'own', who: STAFF, alsoB: ['admin'] } },
  {
    method: 'PATCH',
    path: '/api/auth/me',
    case: { kind: 'own', who: STAFF, call: () => ({ url: '/api/auth/me', body: { language: 'pl' } }) },
  },
  {
    method: 'POST',
    path: '/api/auth/password',
    case: {
      kind: 'own',
      who: STAFF,
      call: () => ({
        url: '/api/auth/password',
        body: { currentPassword: 'not-the-password', newPassword: 'isolation-new-password' },
      }),
    },
  },
  {
    method: 'GET',
    path: '/api/devices/me',
    case: { kind: 'own', who: DEVICES, alsoB: ['kiosk', 'display'] },
  },
  {
    method: 'GET',
    path: '/api/devices/me/changes',
    case: {
      kind: 'own',
      who: DEVICES,
      call: () => ({ url: '/api/devices/me/changes?since=-1' }),
      alsoB: ['kiosk'],
    },
  },
  // counters
  { method: 'GET', path: '/api/counters', case: { kind: 'own', who: STAFF, alsoB: ['clerk'] } },
  {
    method: 'GET',
    path: '/api/counters/:id',
    case: {
      kind: 'hidden',
      who: STAFF,
      calls: (b) => [{ url: `/api/counters/${b.ids.counter1}`, bId: b.ids.counter1 }],
    },
  },
  {
    ...counterAction('open'),
    case: {
      kind: 'hidden',
      who: ['clerk2'],
      calls: (b) => [{ url: `/api/counters/${b.ids.counter2}/open`, body: {}, bId: b.ids.counter2 }],
    },
  },
  counterAction('close'),
  counterAction('next'),
  counterAction('recall'),
  counterAction('start'),
  counterAction('finish'),
  counterAction('no-show'),
  counterAction('pause', { reason: 'break' }),
  counterAction('resume'),
  {
    method: 'POST',
    path: '/api/counters/:id/transfer',
    case: {
      kind: 'hidden',
      who: STAFF,
      calls: (b, a) => [
        {
          url: `/api/counters/${b.ids.counter1}/transfer`,
          body: { categoryId: a.t.category.A },
          bId: b.ids.counter1,
        },
        // A's clerk, serving at A's counter, sends the client to B's category.
        {
          url: `/api/counters/${a.counterWithTicket}/transfer`,
          body: { categoryId: b.ids.categoryA },
          bId: b.ids.categoryA,
          who: ['clerk'],
        },
      ],
    },
  },
  {
    method: 'POST',
    path: '/api/counters/:id/call',
    case: {
      kind: 'hidden',
      who: STAFF,
      calls: (b, a) => [
        {
          url: `/api/counters/${b.ids.counter1}/call`,
          body: { ticketId: b.ids.waitingTicket, reasonCode: 'other' },
          bId: b.ids.counter1,
        },
        // A's clerk at A's open counter chooses B's waiting ticket.
        {
          url: `/api/counters/${a.t.counter[2]}/call`,
          body: { ticketId: b.ids.waitingTicket, reasonCode: 'other' },
          bId: b.ids.waitingTicket,
          who: ['clerk2'],
        },
      ],
    },
  },
  // tickets
  {
    method: 'POST',
    path: '/api/tickets',
    case: {
      kind: 'hidden',
      who: ['kiosk', 'clerk'],
      calls: (b, a) => [
        { url: '/api/tickets', body: { categoryId: b.ids.categoryA }, bId: b.ids.categoryA },
        {
          url: '/api/tickets',
          body: { categoryId: a.t.category.A, priorityGroupId: b.ids.priorityGroup },
          bId: b.ids.priorityGroup,
        },
      ],
    },
  },
  {
    method: 'GET',
    path: '/api/tickets/:id/print',
    case: {
      kind: 'hidden',
      who: ['kiosk'],
      calls: (b) => [{ url: `/api/tickets/${b.ids.calledTicket}/print`, bId: b.ids.calledTicket }],
    },
  },
  {
    method: 'GET',
    path: '/api/admin/tickets/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [{ url: `/api/admin/tickets/${b.ids.calledTicket}`, bId: b.ids.calledTicket }],
    },
  },
  {
    method: 'GET',
    path: '/api/admin/tickets',
    // Office B has issued A001 and A002 today: a code finds the caller's own office's ticket, or none.
    case: {
      kind: 'own',
      who: SUPERVISORS,
      call: () => ({ url: '/api/admin/tickets?code=A002' }),
      alsoB: ['supervisor'],
    },
  },
  // the office's settings and log
  {
    method: 'GET',
    path: '/api/admin/settings',
    case: { kind: 'own', who: SUPERVISORS, alsoB: ['supervisor'] },
  },
  {
    method: 'PATCH',
    path: '/api/admin/settings',
    case: {
      kind: 'own',
      who: SUPERVISORS,
      call: () => ({ url: '/api/admin/settings', body: { strictPriority: false } }),
    },
  },
  {
    method: 'GET',
    path: '/api/admin/survey/settings',
    case: { kind: 'own', who: SUPERVISORS, alsoB: ['supervisor'] },
  },
  {
    method: 'PATCH',
    path: '/api/admin/survey/settings',
    case: {
      kind: 'own',
      who: SUPERVISORS,
      call: () => ({ url: '/api/admin/survey/settings', body: { enabled: true } }),
    },
  },
  { method: 'GET', path: '/api/admin/audit', case: { kind: 'own', who: SUPERVISORS, alsoB: ['admin'] } },
  // bookings: the console's capacity, day plan, export and calendar, and the portal's import
  {
    method: 'GET',
    path: '/api/admin/bookings/office',
    case: { kind: 'own', who: SUPERVISORS, alsoB: ['supervisor'] },
  },
  {
    method: 'PATCH',
    path: '/api/admin/bookings/office',
    case: {
      kind: 'own',
      who: SUPERVISORS,
      call: () => ({ url: '/api/admin/bookings/office', body: { phoneCheckIn: false } }),
    },
  },
  {
    method: 'GET',
    path: '/api/admin/bookings/settings',
    case: { kind: 'own', who: SUPERVISORS, alsoB: ['supervisor'] },
  },
  {
    method: 'PATCH',
    path: '/api/admin/bookings/settings/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [
        {
          url: `/api/admin/bookings/settings/${b.ids.categoryA}`,
          body: { enabled: true },
          bId: b.ids.categoryA,
        },
      ],
    },
  },
  {
    method: 'GET',
    path: '/api/admin/bookings',
    case: {
      kind: 'own',
      who: SUPERVISORS,
      call: (a) => ({ url: `/api/admin/bookings?day=${a.day}` }),
      alsoB: ['supervisor'],
    },
  },
  {
    method: 'GET',
    path: '/api/admin/bookings/export',
    case: {
      kind: 'own',
      who: SUPERVISORS,
      call: (a) => ({ url: `/api/admin/bookings/export?from=${a.day}&to=${a.day}` }),
      alsoB: ['supervisor'],
    },
  },
  {
    method: 'GET',
    path: '/api/admin/bookings/calendar/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [{ url: `/api/admin/bookings/calendar/${b.ids.categoryA}`, bId: b.ids.categoryA }],
    },
  },
  {
    method: 'POST',
    path: '/api/admin/bookings/calendar/:id/feed',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [{ url: `/api/admin/bookings/calendar/${b.ids.categoryA}/feed`, bId: b.ids.categoryA }],
    },
  },
  {
    method: 'PUT',
    path: '/api/admin/bookings/portal/:portalId',
    case: {
      kind: 'hidden',
      who: ADMINS,
      calls: (b) => [
        {
          url: '/api/admin/bookings/portal/isolation-1',
          body: { categoryId: b.ids.categoryA, at: '2031-06-02T08:00:00.000Z' },
          bId: b.ids.categoryA,
        },
      ],
    },
  },
  {
    method: 'DELETE',
    path: '/api/admin/bookings/portal/:portalId',
    case: {
      kind: 'own',
      who: ADMINS,
      call: () => ({ url: '/api/admin/bookings/portal/isolation-1' }),
    },
  },
  {
    method: 'GET',
    path: '/api/admin/bookings/portal',
    case: {
      kind: 'own',
      who: ADMINS,
      call: () => ({ url: '/api/admin/bookings/portal?since=2000-01-01T00:00:00.000Z' }),
      alsoB: ['admin'],
    },
  },
  // categories
  { method: 'GET', path: '/api/admin/categories', case: { kind: 'own', who: SUPERVISORS, alsoB: ['admin'] } },
  {
    method: 'GET',
    path: '/api/admin/queue/waiting',
    case: { kind: 'own', who: SUPERVISORS, alsoB: ['admin'] },
  },
  {
    method: 'POST',
    path: '/api/admin/categories',
    case: {
      kind: 'own',
      who: SUPERVISORS,
      call: (_a, who) => ({
        url: '/api/admin/categories',
        body: { prefix: `QI${String.fromCharCode(65 + tag(who))}`, names: { pl: `Izolacja ${who}` } },
      }),
    },
  },
  {
    method: 'PATCH',
    path: '/api/admin/categories/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [
        { url: `/api/admin/categories/${b.ids.categoryA}`, body: { active: false }, bId: b.ids.categoryA },
      ],
    },
  },
  {
    method: 'DELETE',
    path: '/api/admin/categories/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [{ url: `/api/admin/categories/${b.ids.categoryB}`, bId: b.ids.categoryB }],
    },
  },
  // priority groups
  {
    method: 'GET',
    path: '/api/admin/priority-groups',
    case: { kind: 'own', who: SUPERVISORS, alsoB: ['admin'] },
  },
  {
    method: 'POST',
    path: '/api/admin/priority-groups',
    case: {
      kind: 'own',
      who: SUPERVISORS,
      call: (_a, who) => ({ url: '/api/admin/priority-groups', body: { names: { pl: `Izolacja ${who}` } } }),
    },
  },
  {
    method: 'PATCH',
    path: '/api/admin/priority-groups/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [
        {
          url: `/api/admin/priority-groups/${b.ids.priorityGroup}`,
          body: { active: false },
          bId: b.ids.priorityGroup,
        },
      ],
    },
  },
  {
    method: 'DELETE',
    path: '/api/admin/priority-groups/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [{ url: `/api/admin/priority-groups/${b.ids.priorityGroup}`, bId: b.ids.priorityGroup }],
    },
  },
  // counters in the console
  { method: 'GET', path: '/api/admin/counters', case: { kind: 'own', who: SUPERVISORS, alsoB: ['admin'] } },
  {
    method: 'POST',
    path: '/api/admin/counters',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [
        {
          url: '/api/admin/counters',
          body: { name: 'Izolacja', categoryIds: [b.ids.categoryA] },
          bId: b.ids.categoryA,
        },
      ],
    },
  },
  {
    method: 'PATCH',
    path: '/api/admin/counters/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b, a) => [
        { url: `/api/admin/counters/${b.ids.counter2}`, body: { name: 'Przejęte' }, bId: b.ids.counter2 },
        {
          url: `/api/admin/counters/${a.t.counter[5]}`,
          body: { categoryIds: [b.ids.categoryB] },
          bId: b.ids.categoryB,
        },
      ],
    },
  },
  {
    method: 'DELETE',
    path: '/api/admin/counters/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [{ url: `/api/admin/counters/${b.ids.counter2}`, bId: b.ids.counter2 }],
    },
  },
  // users
  { method: 'GET', path: '/api/admin/users', case: { kind: 'own', who: SUPERVISORS, alsoB: ['admin'] } },
  {
    method: 'POST',
    path: '/api/admin/users',
    case: {
      kind: 'own',
      who: SUPERVISORS,
      call: (_a, who) => ({
        url: '/api/admin/users',
        body: { username: `izolacja-${who}`, password: 'a-long-password', role: 'clerk' },
      }),
    },
  },
  {
    method: 'PATCH',
    path: '/api/admin/users/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [
        { url: `/api/admin/users/${b.ids.clerk}`, body: { displayName: 'Ktoś' }, bId: b.ids.clerk },
        // Taking over B's administrator with a new password.
        {
          url: `/api/admin/users/${b.ids.admin}`,
          body: { password: 'taken-over-password' },
          bId: b.ids.admin,
          who: ['admin'],
        },
      ],
    },
  },
  {
    method: 'DELETE',
    path: '/api/admin/users/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [{ url: `/api/admin/users/${b.ids.clerk}`, bId: b.ids.clerk }],
    },
  },
  // devices
  { method: 'GET', path: '/api/admin/devices', case: { kind: 'own', who: SUPERVISORS, alsoB: ['admin'] } },
  {
    method: 'POST',
    path: '/api/admin/devices',
    case: {
      kind: 'own',
      who: SUPERVISORS,
      call: (_a, who) => ({ url: '/api/admin/devices', body: { kind: 'display', name: `Izolacja ${who}` } }),
    },
  },
  {
    method: 'PATCH',
    path: '/api/admin/devices/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b, a) => [
        { url: `/api/admin/devices/${b.ids.kiosk}`, body: { revoked: true }, bId: b.ids.kiosk },
        // A's kiosk printing on B's printer.
        { url: `/api/admin/devices/${a.kiosk}`, body: { printerId: b.ids.printer }, bId: b.ids.printer },
      ],
    },
  },
  {
    method: 'DELETE',
    path: '/api/admin/devices/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [{ url: `/api/admin/devices/${b.ids.display}`, bId: b.ids.display }],
    },
  },
  {
    method: 'POST',
    path: '/api/admin/devices/:id/pairing',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [{ url: `/api/admin/devices/${b.ids.display}/pairing`, body: {}, bId: b.ids.display }],
    },
  },
  // printers
  { method: 'GET', path: '/api/admin/printers', case: { kind: 'own', who: SUPERVISORS, alsoB: ['admin'] } },
  {
    method: 'POST',
    path: '/api/admin/printers',
    case: {
      kind: 'own',
      who: ADMINS,
      call: () => ({
        url: '/api/admin/printers',
        body: { name: 'Izolacja', connection: 'virtual', codePage: 'cp852', paperWidth: 80 },
      }),
    },
  },
  {
    method: 'PATCH',
    path: '/api/admin/printers/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [
        { url: `/api/admin/printers/${b.ids.printer}`, body: { name: 'Przejęta' }, bId: b.ids.printer },
      ],
    },
  },
  {
    method: 'DELETE',
    path: '/api/admin/printers/:id',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [{ url: `/api/admin/printers/${b.ids.printer}`, bId: b.ids.printer }],
    },
  },
  {
    method: 'POST',
    path: '/api/admin/printers/:id/test',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b) => [{ url: `/api/admin/printers/${b.ids.printer}/test`, body: {}, bId: b.ids.printer }],
    },
  },
  // reports
  {
    method: 'GET',
    path: '/api/reports/daily',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b, a) => [
        { url: `/api/reports/daily?date=${a.day}&format=json&officeId=${b.officeId}`, bId: b.officeId },
        { url: `/api/reports/daily?date=${a.day}&format=csv&officeId=${b.officeId}`, bId: b.officeId },
      ],
    },
  },
  {
    method: 'GET',
    path: '/api/reports/range',
    case: {
      kind: 'hidden',
      who: SUPERVISORS,
      calls: (b, a) => [
        { url: `/api/reports/range?from=${a.day}&to=${a.day}&officeId=${b.officeId}`, bId: b.officeId },
      ],
    },
  },
  { method: 'GET', path: '/api/reports/offices', case: { kind: 'central' } },
  // offices
  { method: 'GET', path: '/api/admin/offices', case: { kind: 'own', who: ADMINS, alsoB: ['admin'] } },
  { method: 'POST', path: '/api/admin/offices', case: { kind: 'central' } },
  {
    method: 'PATCH',
    path: '/api/admin/offices/:id',
    case: {
      kind: 'hidden',
      who: ADMINS,
      calls: (b) => [
        { url: `/api/admin/offices/${b.officeId}`, body: { name: 'Przejęty' }, bId: b.officeId },
      ],
    },
  },
  { method: 'GET', path: '/api/admin/offices/:id/admins', case: { kind: 'central' } },
  { method: 'POST', path: '/api/admin/offices/:id/admins', case: { kind: 'central' } },
  // the whole installation
  // Which engine keeps the data: the same answer for every office, naming none.
  { method: 'GET', path: '/api/admin/storage', case: { kind: 'own', who: ADMINS, alsoB: ['admin'] } },
  { method: 'GET', path: '/api/admin/backups', case: { kind: 'installation' } },
  { method: 'POST', path: '/api/admin/backups', case: { kind: 'installation' } },
  { method: 'GET', path: '/api/admin/backups/:name', case: { kind: 'installation' } },
];

let t: TestApp;
let b: SecondOffice;
let a: OfficeA;
/** What must never appear in an answer to office A's people, and to B's. */
let bMarks: string[] = [];
let aMarks: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  b = await addSecondOffice(t, 'Urząd Dzielnicy Wola', 'wola');
  // A's clerk serves a client at counter 1; A's second clerk has counter 2 open and free.
  const issued = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
  expect(issued.statusCode).toBe(201);
  expect((await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`, {})).statusCode).toBe(200);
  expect((await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/next`, {})).statusCode).toBe(200);
  expect((await t.request('clerk2', 'POST', `/api/counters/${t.counter[2]}/open`, {})).statusCode).toBe(200);
  const devices = (await t.request('admin', 'GET', '/api/admin/devices')).json<
    Array<{ id: string; kind: string }>
  >();
  a = {
    t,
    kiosk: devices.find((d) => d.kind === 'kiosk')?.id ?? '',
    counterWithTicket: t.counter[1] ?? '',
    day: new Date(t.clock.now()).toISOString().slice(0, 10),
  };
  bMarks = [b.officeId, ...Object.values(b.ids), ...Object.values(b.usernames), b.name];
  aMarks = [
    t.officeId,
    ...Object.values(t.category),
    ...Object.values(t.counter),
    // The central administrator's id is in B's log, as who made B: it is nobody's in A.
    ...Object.entries(t.userId)
      .filter(([who]) => who !== 'central')
      .map(([, id]) => id),
    a.kiosk,
    'anna.nowak',
    'Urząd Miasta Przykładowo',
  ];
});
afterAll(async () => t.close());

const send = (who: ACaller, method: Method, url: string, body?: unknown) => t.request(who, method, url, body);
const mentions = (res: LightMyRequestResponse, marks: readonly string[]) =>
  marks.filter((m) => m && res.body.includes(m));

/** The rows of tables that belong to an office (an `office_id` column), B's only. */
async function rowsOfB(): Promise<string> {
  const all = await everyRow(t, { withSessions: false });
  return all
    .split('\n')
    .filter((line) => line.includes(`"office_id":"${b.officeId}"`))
    .join('\n');
}

describe('the table of offices apart', () => {
  it('covers exactly the routes of the OpenAPI document', async () => {
    const doc = (await t.request('anonymous', 'GET', '/api/openapi.json')).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const table = ROWS.filter((r) => !r.hidden).map((r) => `${r.method} ${r.path}`);
    expect(new Set(table).size).toBe(table.length);
    expect([...documented].sort()).toEqual([...table].sort());
  });
});

for (const row of ROWS) {
  const c = row.case;
  describe(`${row.method} ${row.path}`, () => {
    if (c.kind === 'public') {
      it(`is public: ${c.why}`, async () => {
        // Open to nobody in particular, so it tells an office's people nothing nobody else learns.
        const doc = (await t.request('anonymous', 'GET', '/api/openapi.json')).json<{
          paths: Record<string, Record<string, { security?: unknown }>>;
        }>();
        if (!row.hidden) expect(Object.keys(doc.paths)).toContain(row.path.replace(/:(\w+)/g, '{$1}'));
        const res = await send(
          'kiosk',
          row.method,
          row.path.replace(':id', UNKNOWN),
          row.method === 'GET' ? undefined : {},
        );
        expect(res.statusCode).not.toBe(401);
      });
      return;
    }
    if (c.kind === 'central') {
      it('refuses every one of an office’s people (403), and writes nothing', async () => {
        const before = await everyRow(t, { withSessions: false });
        for (const who of EVERY_A) {
          const res = await send(
            who,
            row.method,
            row.path.replace(':id', b.officeId),
            row.method === 'GET' ? undefined : { name: 'X' },
          );
          expect(res.statusCode, `${who}: ${res.body}`).toBe(403);
          expect(res.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');
        }
        expect(await everyRow(t, { withSessions: false })).toBe(before);
      });
      return;
    }
    if (c.kind === 'installation') {
      it('refuses an office’s administrator once there are two offices (whole_installation)', async () => {
        const before = await everyRow(t, { withSessions: false });
        const url = row.path.replace(':name', 'numerek-2000-01-01T00-00-00Z.sqlite');
        const res = await send('admin', row.method, url, row.method === 'POST' ? {} : undefined);
        expect(res.statusCode, res.body).toBe(403);
        expect(res.json()).toMatchObject({
          error: { code: 'FORBIDDEN', params: { reason: 'whole_installation' } },
        });
        expect(await everyRow(t, { withSessions: false })).toBe(before);
      });
      return;
    }
    if (c.kind === 'own') {
      it(`acts on the caller’s own office only (${c.who.join(', ')})`, async () => {
        for (const who of c.who) {
          const call = c.call?.(a, who) ?? { url: row.path };
          const before = await rowsOfB();
          const res = await send(who, row.method, call.url, call.body);
          expect(res.statusCode, `${who}: ${res.body}`).toBeLessThan(500);
          expect(res.statusCode, `${who}: ${res.body}`).not.toBe(403);
          expect(mentions(res, bMarks), `${who}'s answer names office B`).toEqual([]);
          expect(await rowsOfB(), `${who} changed office B`).toBe(before);
        }
        for (const who of c.alsoB ?? []) {
          const res = await b.request(who, row.method, c.call?.(a, 'admin').url ?? row.path);
          expect(res.statusCode, `B's ${who}: ${res.body}`).toBe(200);
          expect(mentions(res, aMarks), `B's ${who}'s answer names office A`).toEqual([]);
        }
      });
      return;
    }
    it(`answers B’s ids as ids nobody made, and writes nothing (${c.who.join(', ')})`, async () => {
      for (const call of c.calls(b, a)) {
        for (const who of call.who ?? c.who) {
          const what = `${who}: ${row.method} ${call.url}`;
          const unknown = JSON.parse(JSON.stringify(call).replaceAll(call.bId, UNKNOWN)) as Call;
          const before = await everyRow(t, { withSessions: false });
          const res = await send(who, row.method, call.url, call.body);
          const ref = await send(who, row.method, unknown.url, unknown.body);
          expect(res.statusCode, `${what}: ${res.body}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, what).not.toBe(403);
          expect(res.statusCode, what).toBe(ref.statusCode);
          expect(res.body.replaceAll(call.bId, UNKNOWN), what).toBe(ref.body);
          expect(await everyRow(t, { withSessions: false }), `${what} wrote`).toBe(before);
        }
      }
    });
  });
}

describe('office B after all of the above', () => {
  it('still works: its clerk calls its waiting ticket, its kiosk issues, its administrator signs in', async () => {
    for (const move of ['start', 'finish'])
      expect(
        (await b.request('clerk', 'POST', `/api/counters/${b.ids.counter1}/${move}`, {})).statusCode,
      ).toBe(200);
    const next = await b.request('clerk', 'POST', `/api/counters/${b.ids.counter1}/next`, {});
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json<{ ticket: { id: string } | null }>().ticket?.id).toBe(b.ids.waitingTicket);
    expect(
      (await b.request('kiosk', 'POST', '/api/tickets', { categoryId: b.ids.categoryB })).statusCode,
    ).toBe(201);
    expect((await b.request('admin', 'GET', '/api/auth/me')).json()).toMatchObject({
      username: b.usernames.admin,
      role: 'admin',
      officeId: b.officeId,
      officeName: b.name,
    });
  });
});

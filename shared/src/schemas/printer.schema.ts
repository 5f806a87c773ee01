import { Type, type Static } from 'typebox';
import { Id, Timestamp } from './common.schema.ts';
import { PRINTER_STATES } from '../constants.ts';
import { TEXT_LIMITS } from '../text-limits.ts';

/**
 * How a printer expects Polish (and Ukrainian) text. Epson: `cp852` = ESC t 18 (PC852),
 * `cp1250` = ESC t 45 (WPC1250); `cp1250-72` = ESC t 72, used by many clones for WPC1250;
 * `star-cp852` / `star-cp1250` = Star's ESC GS t numbering.
 */
export const CODE_PAGES = ['cp852', 'cp1250', 'cp1250-72', 'star-cp852', 'star-cp1250'] as const;
export type CodePage = (typeof CODE_PAGES)[number];

/** How Cyrillic (Ukrainian tickets) is printed: a Cyrillic code page, or the text as a raster image. */
export const CYRILLIC_MODES = ['cp866', 'wpc1251', 'raster'] as const;
export type CyrillicMode = (typeof CYRILLIC_MODES)[number];

export const CUT_MODES = ['full', 'partial', 'none'] as const;
export type CutMode = (typeof CUT_MODES)[number];

export const PAPER_WIDTHS = [58, 80] as const;
export type PaperWidth = (typeof PAPER_WIDTHS)[number];

/** A TCP port, 1 to 65535, written without leading zeros. */
const PORT = '([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])';
/** A host name or IPv4 address, or an IPv6 address in brackets (as a URL writes it). */
const HOST = '([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\])';
/** A serial line's speed, 100 to 4 000 000 baud, without leading zeros. */
const BAUD = '([1-9][0-9]{2,5}|[1-3][0-9]{6}|4000000)';
const DEVICE = '/dev(/[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]*)+';

/**
 * Where a printer is: a network address with a port from 1 to 65535, or a device under /dev whose
 * every path segment is a plain name (no `.` or `..`: the server opens only existing character
 * devices under /dev), a serial one at 100 to 4 000 000 baud. The hardware package's
 * `parseConnection` reads the same forms.
 */
export const PrinterConnection = Type.String({
  maxLength: TEXT_LIMITS.printerConnection,
  pattern: `^(tcp://${HOST}:${PORT}|usb:${DEVICE}|serial:${DEVICE}(\\?baud=${BAUD})?|virtual)$`,
  description:
    'connection: "tcp://host:9100" (a port from 1 to 65535), "usb:/dev/usb/lp0", "serial:/dev/ttyUSB0?baud=19200" (100 to 4000000 baud) or "virtual"',
});

const Fields = {
  name: Type.String({
    minLength: 1,
    maxLength: TEXT_LIMITS.printerName,
    description: `printer name: 1 to ${TEXT_LIMITS.printerName} characters`,
  }),
  connection: PrinterConnection,
  codePage: Type.Enum(CODE_PAGES, { description: `code page: one of ${CODE_PAGES.join(', ')}` }),
  paperWidth: Type.Union([Type.Literal(58), Type.Literal(80)], { description: 'paper width: 58 or 80 (mm)' }),
  cyrillic: Type.Optional(
    Type.Enum(CYRILLIC_MODES, { description: `Cyrillic: one of ${CYRILLIC_MODES.join(', ')}` }),
  ),
  cut: Type.Optional(Type.Enum(CUT_MODES, { description: 'cut: full, partial or none' })),
  /** A job not printed within this many seconds is dropped and reported, never printed late. */
  maxJobAgeSeconds: Type.Optional(
    Type.Integer({ minimum: 5, maximum: 600, description: 'max job age: 5 to 600 seconds' }),
  ),
  /**
   * The print agent (a `print-agent` device of the office) that drives this printer: its
   * `connection` is then an address on the office's network that the agent opens, not the server.
   * Null or left out: the server drives the printer itself.
   */
  agentId: Type.Optional(
    Type.Union([Id, Type.Null()], { description: 'agentId: the id of a print agent of the office, or null' }),
  ),
};

export const PrinterCreate = Type.Object(Fields, { additionalProperties: false });
export type PrinterCreate = Static<typeof PrinterCreate>;
export const PrinterPatch = Type.Partial(Type.Object(Fields), {
  additionalProperties: false,
  minProperties: 1,
});
export type PrinterPatch = Static<typeof PrinterPatch>;

export const Printer = Type.Object({
  id: Id,
  officeId: Id,
  name: Type.String(),
  connection: Type.String(),
  codePage: Type.Enum(CODE_PAGES),
  paperWidth: Type.Integer(),
  cyrillic: Type.Enum(CYRILLIC_MODES),
  cut: Type.Enum(CUT_MODES),
  maxJobAgeSeconds: Type.Integer(),
  /** The print agent that drives the printer, or null when the server does. */
  agentId: Type.Union([Id, Type.Null()]),
  status: Type.Enum(PRINTER_STATES),
  statusAt: Type.Union([Timestamp, Type.Null()]),
});
export type Printer = Static<typeof Printer>;

/** What happened to the printed copy of an issued ticket (the ticket exists either way). */
export const PrintOutcome = Type.Object({
  state: Type.Union([Type.Literal('printed'), Type.Literal('failed'), Type.Literal('none')]),
  /** The printer's state when it failed, e.g. paper_out. */
  reason: Type.Union([
    Type.Enum(PRINTER_STATES),
    Type.Literal('timeout'),
    Type.Literal('error'),
    Type.Null(),
  ]),
});
export type PrintOutcome = Static<typeof PrintOutcome>;

/**
 * What the kiosk knows of its ticket's printed copy: the outcome, or `pending` while the printer
 * has not answered yet. The ticket exists either way; a pending print is settled (printed, or
 * failed with its reason) by the printer's maximum job age at the latest, and the kiosk asks
 * `GET /api/tickets/:id/print` for it.
 */
export const TicketPrint = Type.Union([
  PrintOutcome,
  Type.Object({ state: Type.Literal('pending'), reason: Type.Null() }),
]);
export type TicketPrint = Static<typeof TicketPrint>;

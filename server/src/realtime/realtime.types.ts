import type {
  DisplayClientEvents,
  DisplayServerEvents,
  DisplaySettings,
  DisplaySnapshot,
  Language,
  Role,
  StaffClientEvents,
  StaffServerEvents,
} from '@numerek/shared';
import type { Namespace, Socket } from 'socket.io';
import type { Config } from '../config/config.ts';
import type { Outbox } from '../db/outbox.ts';
import type { SqlDb } from '../db/sql.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import type { DomainBus } from '../domain-events.ts';
import type { Clock } from '../lib/clock.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';
import type { CategoryService } from '../modules/categories/category.service.ts';
import type { CounterService } from '../modules/counters/counter.service.ts';
import type { DeviceService } from '../modules/devices/device.service.ts';
import type { OfficeService } from '../modules/offices/office.service.ts';
import type { ServiceContext } from '../service-context.ts';
import type { RealtimeRepository } from './realtime.repository.ts';

/**
 * What the realtime gateway uses of the rest of the server, and nothing more: it reads offices,
 * counters, categories and devices, resolves credentials, hears the domain bus and committed
 * writes, and reads snapshots through its own repository.
 */
export interface RealtimeDeps {
  config: Pick<Config, 'socketsPerAddress' | 'trustProxy' | 'publicUrl' | 'allowedOrigins' | 'allowedHosts'>;
  clock: Clock;
  log: ServiceContext['log'];
  bus: DomainBus;
  writes: Pick<WriteQueue, 'onCommit'>;
  /** The database, for a display snapshot's reads in one moment. */
  db: Pick<SqlDb, 'snapshot'>;
  /** Where this node's streams stand, and the database's stored position. */
  events: Pick<Outbox, 'position' | 'storedSeq'>;
  repo: RealtimeRepository;
  auth: Pick<AuthService, 'resolve' | 'isDeactivated'>;
  offices: Pick<OfficeService, 'list'>;
  counters: Pick<CounterService, 'list'>;
  categories: Pick<CategoryService, 'list'>;
  devices: Pick<DeviceService, 'list' | 'find' | 'seen'>;
  /** Reads a `Cookie` header (the HTTP app's parser, so sockets read cookies as routes do). */
  parseCookie(header: string): Record<string, string | undefined>;
  /**
   * The installation's secret for the keys hall displays get instead of ticket ids (call-key.ts):
   * the same on every node, so that any node answers a display's request for a call's audio.
   */
  callKeySecret: Buffer;
}

/** A call as this node's hall displays received it (RealtimeGateway.onCallShown). */
export interface CallShown {
  /** The opaque key the displays received instead of the ticket's id. */
  key: string;
  officeId: string;
  call: { code: string; counter: { number: number; name: string } };
  /** The languages of the displays that show it with sound on (none when no display does). */
  languages: Language[];
  /**
   * The call was made through this node (its own write), not learnt from another node's fact.
   * Always so with one node.
   */
  madeHere: boolean;
}

export interface DisplaySocketData {
  officeId: string;
  /** The paired display device, or null for an unpaired (default) display. */
  deviceId: string | null;
  /** The device token, kept to check it again (revocation). */
  token: string | null;
  name: string;
  settings: DisplaySettings;
  /** The room of this display's stream (office + filter). */
  room: string;
}

export type DisplayNamespace = Namespace<
  DisplayClientEvents,
  DisplayServerEvents,
  Record<string, never>,
  DisplaySocketData
>;
export type DisplaySocket = Socket<
  DisplayClientEvents,
  DisplayServerEvents,
  Record<string, never>,
  DisplaySocketData
>;

export interface StaffSocketData {
  officeId: string;
  userId: string;
  role: Role;
  /** The session cookie's token, kept to check the session again (expiry, sign-out). */
  sessionToken: string;
  /** The counter a `/counter` socket follows. */
  counterId: string | null;
}

export type StaffNamespace = Namespace<
  StaffClientEvents,
  StaffServerEvents,
  Record<string, never>,
  StaffSocketData
>;

/** What the namespaces ask of the gateway: the streams their sockets join and read. */
export interface Streams {
  readonly deps: RealtimeDeps;
  /** Refuses unknown events and holds each socket to its event allowance. */
  guardEvents(socket: Socket, known: ReadonlySet<string>): void;
  /**
   * Where this node's stream of an office stands: the office's stream number of the last fact the
   * gateway has handled (what a subscribe or sync ack carries).
   */
  streamSeq(officeId: string): number;
  /** Makes a room a stream: its first delta names as `prev` where the office's stream stands now. */
  noteRoom(nsp: { name: string }, room: string, officeId: string): void;
  /** Puts a display socket in the stream of its office and filter (leaving any other). */
  joinDisplayStream(socket: DisplaySocket): void;
  /** The snapshot of one display, or null when its office no longer exists. */
  displaySnapshot(data: DisplaySocketData): Promise<DisplaySnapshot | null>;
  /**
   * Sends a display its snapshot; with `join`, first puts it in the stream of its office and
   * filter, in the same step, so that the first delta it gets follows the snapshot.
   */
  sendSnapshot(socket: DisplaySocket, join?: boolean): Promise<void>;
}

import type { IncomingMessage } from 'node:http';
import { clientAddressOf } from '../http/client-address.ts';
import {
  DEFAULT_DISPLAY_SETTINGS,
  type Category,
  type Device,
  type DisplayCall,
  type DisplaySnapshot,
  type Office,
  type TicketCalled,
} from '@numerek/shared';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Services } from '../app.ts';
import type { DomainEvents } from '../domain-events.ts';
import type { App } from '../http/types.ts';
import { serviceDay } from '../lib/office-time.ts';
import { callKeys } from './call-key.ts';
import {
  registerDisplayNamespace,
  type DisplayNamespace,
  type DisplaySocket,
  type DisplaySocketData,
} from './display.namespace.ts';
import { RealtimeRepository } from './realtime.repository.ts';
import { counterRoom, displayRoom, officeRoom } from './rooms.ts';
import {
  buildDisplaySnapshot,
  callPasses,
  counterRef,
  SNAPSHOT_CALLS,
  waitingList,
  type CounterRef,
  type DisplayFilter,
} from './snapshots.ts';
import {
  AddressCounts,
  capPerAddress,
  CONNECTIONS_PER_SOCKET,
  countSockets,
  DEFAULT_EVENT_LIMITS,
  guardEvents,
  type EventLimits,
} from './socket-limits.ts';
import { registerStaffNamespaces, type StaffNamespace } from './staff.namespace.ts';

export interface RealtimeOptions {
  /**
   * How often every socket's credentials are checked again. Revocations, deactivations and
   * sign-outs are pushed at once by their domain events; the periodic check catches sessions
   * that simply expire.
   */
  credentialCheckMs?: number;
  /** How many events each socket may send (tests that fuzz one socket with thousands raise it). */
  events?: EventLimits;
}

/**
 * The part of a display snapshot that all displays of one stream share, with what it was built
 * from: it is served again only while the stream's seq and the service day are the same and no
 * write has been committed since (the cache is emptied on every commit and configuration change).
 */
interface CachedSnapshot {
  seq: number;
  day: string;
  snapshot: DisplaySnapshot;
}

/** Counters and categories of an office, kept until a config change says otherwise. */
interface Directory {
  office: Office;
  counters: Map<string, CounterRef>;
  categories: Category[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Window in which changes of the waiting counts are gathered into one `queue:changed`. */
const QUEUE_COALESCE_MS = 100;

/**
 * The realtime gateway: the only place that knows socket.io. It listens to the domain bus,
 * maps each fact to the rooms that care (an office's displays, grouped by filter; its consoles;
 * one counter's panels) and stamps every delta with the sequence number of its stream.
 *
 * Sequence numbers live in this process: a restart starts them again, which is harmless because
 * every (re)connecting client first gets a snapshot. Several nodes behind a socket.io adapter
 * would need a shared counter per stream (architecture.md, "Growing past one machine").
 */
export class RealtimeGateway {
  readonly io: Server;
  readonly display: DisplayNamespace;
  readonly counter: StaffNamespace;
  readonly console: StaffNamespace;
  readonly repo: RealtimeRepository;
  /** What displays get instead of ticket ids. */
  private readonly keyOf = callKeys();
  private readonly seqs = new Map<string, number>();
  private readonly directories = new Map<string, Directory>();
  /** Display rooms per office, with the filter their sockets share. */
  private readonly displayRooms = new Map<string, Map<string, DisplayFilter>>();
  private readonly queuePending = new Map<string, NodeJS.Timeout>();
  /** Display snapshots per display room (office and filter). */
  private readonly snapshots = new Map<string, CachedSnapshot>();
  /** Sockets per client address, over all namespaces, and the engine connections under them. */
  readonly socketsByAddress = new AddressCounts();
  private readonly connectionsByAddress = new AddressCounts();
  readonly eventLimits: EventLimits;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    app: App,
    readonly services: Services,
    opts: RealtimeOptions = {},
  ) {
    this.repo = new RealtimeRepository(services.ctx.db);
    this.eventLimits = opts.events ?? DEFAULT_EVENT_LIMITS;
    const perAddress = services.ctx.config.socketsPerAddress;
    // Behind a trusted reverse proxy, each real client is counted, not the proxy.
    const addressOf = clientAddressOf(services.ctx.config.trustProxy);
    this.io = new Server(app.server, {
      serveClient: false,
      maxHttpBufferSize: 16 * 1024,
      // A client that hears no ping for pingInterval + pingTimeout (4 s) drops the connection,
      // so a TV that silently loses the network shows "offline" within 5 s (D6).
      pingInterval: 1500,
      pingTimeout: 2500,
      allowRequest: (req, answer) =>
        answer(
          'Too many connections from this address.',
          this.connectionsByAddress.count(addressOf(req)) < perAddress * CONNECTIONS_PER_SOCKET,
        ),
    });
    this.io.engine.on(
      'connection',
      (conn: { request: IncomingMessage; once(e: 'close', f: () => void): void }) => {
        const address = addressOf(conn.request);
        this.connectionsByAddress.add(address);
        conn.once('close', () => this.connectionsByAddress.remove(address));
      },
    );
    // Every namespace, before its own checks: one address holds at most SOCKETS_PER_ADDRESS sockets.
    for (const name of ['/', '/display', '/counter', '/console']) {
      const nsp = this.io.of(name);
      nsp.use(capPerAddress(this.socketsByAddress, perAddress, addressOf));
      nsp.on('connection', (socket: Socket) => countSockets(this.socketsByAddress, socket, addressOf));
    }
    // The main namespace serves nothing: whatever a socket sends there is refused.
    this.io.of('/').on('connection', (socket: Socket) => this.guardEvents(socket, new Set()));
    const parseCookie = (header: string) => app.parseCookie(header);
    this.display = registerDisplayNamespace(this);
    const staff = registerStaffNamespaces(this, parseCookie);
    this.counter = staff.counter;
    this.console = staff.console;
    const bus = services.bus;
    this.unsubscribe.push(
      bus.subscribe('ticket.called', (e) => this.guard(() => this.onCalled(e))),
      bus.subscribe('ticket.issued', (e) => this.scheduleQueueChanged(e.officeId)),
      bus.subscribe('ticket.changed', (e) => this.scheduleQueueChanged(e.officeId)),
      bus.subscribe('counter.changed', (e) => this.guard(() => this.onCounterChanged(e))),
      bus.subscribe('config.changed', (e) => this.guard(() => this.onConfigChanged(e))),
      services.writes.onCommit(() => this.snapshots.clear()),
      bus.subscribe('printer.status', (e) => this.guard(() => this.onPrinterStatus(e))),
      bus.subscribe('ticket.not-printed', (e) => this.guard(() => this.onNotPrinted(e))),
      // Signing out closes the staff sockets of that session at once, not at the next periodic check.
      bus.subscribe('session.ended', () => this.guard(() => this.checkCredentials())),
    );
    this.timer = setInterval(
      () => this.guard(() => this.checkCredentials()),
      opts.credentialCheckMs ?? 30_000,
    );
    this.timer.unref();
  }

  /** Drops every client's connection and stops the engine; the HTTP server itself is Fastify's to close. */
  close(): void {
    clearInterval(this.timer);
    for (const timer of this.queuePending.values()) clearTimeout(timer);
    this.queuePending.clear();
    this.snapshots.clear();
    for (const off of this.unsubscribe) off();
    // Closing the transports (not the namespaces) lets clients see a lost connection and
    // reconnect on their own, e.g. to the same office server after a restart.
    this.io.engine.close();
  }

  // --- streams and snapshots ---------------------------------------------------------------

  /** The current sequence number of a stream (a room of a namespace). */
  seqOf(nsp: Namespace | { name: string }, room: string): number {
    return this.seqs.get(`${nsp.name}|${room}`) ?? 0;
  }

  /**
   * Where a counter's `/counter` stream stands now, for the answer to a clerk's action: a
   * `queue:changed` still being gathered for its office is sent first, so no delta sent later can
   * carry a seq at or below the one returned.
   */
  counterStreamSeq(officeId: string, counterId: string): number {
    const pending = this.queuePending.get(officeId);
    if (pending) {
      clearTimeout(pending);
      this.sendPendingQueueChanged(officeId);
    }
    return this.seqOf(this.counter, counterRoom(counterId));
  }

  private emitDelta(nsp: { name: string }, room: string, event: string, payload: object): void {
    const ns = this.io.of(nsp.name);
    if (!ns.adapter.rooms.has(room)) return;
    const key = `${nsp.name}|${room}`;
    const seq = (this.seqs.get(key) ?? 0) + 1;
    this.seqs.set(key, seq);
    ns.to(room).emit(event, { ...payload, seq });
  }

  directory(officeId: string): Directory | null {
    const cached = this.directories.get(officeId);
    if (cached) return cached;
    const office = this.services.offices.list().find((o) => o.id === officeId);
    if (!office) return null;
    const counters = new Map(
      this.services.counters
        .list(officeId)
        .filter((c) => c.active)
        .map((c) => [c.id, counterRef(c)] as const),
    );
    const dir = { office, counters, categories: this.services.categories.list(officeId) };
    this.directories.set(officeId, dir);
    return dir;
  }

  /** Registers a display room so deltas reach it; displays with one filter share it. */
  trackDisplayRoom(officeId: string, room: string, filter: DisplayFilter): void {
    let rooms = this.displayRooms.get(officeId);
    if (!rooms) this.displayRooms.set(officeId, (rooms = new Map()));
    rooms.set(room, { categoryIds: filter.categoryIds, counterIds: filter.counterIds });
  }

  private liveDisplayRooms(officeId: string): Array<[string, DisplayFilter]> {
    const rooms = this.displayRooms.get(officeId);
    if (!rooms) return [];
    const live = this.io.of(this.display.name).adapter.rooms;
    for (const room of rooms.keys()) if (!live.has(room)) rooms.delete(room);
    return [...rooms];
  }

  /**
   * The snapshot of one display. Displays of one stream (office and filter) share what they see,
   * so it is built once and served from the cache until anything that could change it happens:
   * a delta to the stream (seq), a committed write, a configuration change or a new service day.
   * Only the display's own name and settings, and the server's time, are filled in per socket.
   */
  displaySnapshot(data: DisplaySocketData): DisplaySnapshot | null {
    const dir = this.directory(data.officeId);
    if (!dir) return null;
    const now = this.services.ctx.clock.now();
    const seq = this.seqOf(this.display, data.room);
    const day = serviceDay(now, dir.office.timeZone);
    const display = { id: data.deviceId, name: data.name, settings: data.settings };
    const cached = this.snapshots.get(data.room);
    if (cached && cached.seq === seq && cached.day === day) {
      return { ...cached.snapshot, serverTime: new Date(now).toISOString(), display };
    }
    const snapshot = buildDisplaySnapshot({
      seq,
      now,
      office: dir.office,
      display,
      counters: dir.counters,
      categories: dir.categories,
      waiting: this.repo.waitingByCategory(data.officeId),
      calls: this.repo.recentCalls(data.officeId, day, now - DAY_MS, SNAPSHOT_CALLS * 3),
      keyOf: this.keyOf,
    });
    if (data.room) this.snapshots.set(data.room, { seq, day, snapshot });
    return snapshot;
  }

  /** Refuses unknown events and holds each socket to its event allowance (see socket-limits.ts). */
  guardEvents(socket: Socket, known: ReadonlySet<string>): void {
    guardEvents(socket, known, this.eventLimits);
  }

  // --- domain events → wire events ---------------------------------------------------------

  private onCalled(e: DomainEvents['ticket.called']): void {
    const dir = this.directory(e.officeId);
    const counter = dir?.counters.get(e.counterId);
    if (!dir || !counter) return;
    const categoryId = this.repo.ticketCategory(e.ticketId) ?? '';
    const what = {
      code: e.code,
      categoryId,
      counter,
      calledAt: new Date(e.calledAt).toISOString(),
      recall: e.recall,
    };
    // Staff may open the ticket; the hall display gets only its opaque key.
    const call: Omit<TicketCalled, 'seq'> = { ticketId: e.ticketId, ...what };
    const shown: Omit<DisplayCall, 'seq'> = { key: this.keyOf(e.ticketId), ...what };
    const event = e.recall ? 'ticket:recalled' : 'ticket:called';
    for (const [room, filter] of this.liveDisplayRooms(e.officeId)) {
      if (callPasses(filter, categoryId, e.counterId)) this.emitDelta(this.display, room, event, shown);
    }
    this.emitDelta(this.console, officeRoom(e.officeId), event, call);
    this.emitDelta(this.counter, counterRoom(e.counterId), event, call);
    this.scheduleQueueChanged(e.officeId);
  }

  private onCounterChanged(e: DomainEvents['counter.changed']): void {
    this.emitDelta(this.console, officeRoom(e.officeId), 'counter:changed', { counterId: e.counterId });
    this.emitDelta(this.counter, counterRoom(e.counterId), 'counter:changed', { counterId: e.counterId });
  }

  private onNotPrinted(e: DomainEvents['ticket.not-printed']): void {
    this.emitDelta(this.console, officeRoom(e.officeId), 'print:failed', {
      ticketCode: e.ticketCode,
      kiosk: e.kiosk,
      printer: e.printerName,
      reason: e.reason,
      at: new Date(e.at).toISOString(),
    });
  }

  private onPrinterStatus(e: DomainEvents['printer.status']): void {
    const status = { printerId: e.printerId, name: e.name, state: e.state, at: new Date(e.at).toISOString() };
    this.emitDelta(this.console, officeRoom(e.officeId), 'printer:status', status);
    for (const counterId of this.directory(e.officeId)?.counters.keys() ?? []) {
      this.emitDelta(this.counter, counterRoom(counterId), 'printer:status', status);
    }
  }

  /**
   * Waiting counts are not urgent: a burst of issues and calls becomes one `queue:changed` per
   * office every QUEUE_COALESCE_MS, sent after the calls, so a call never waits behind them.
   */
  private scheduleQueueChanged(officeId: string): void {
    if (this.queuePending.has(officeId)) return;
    const timer = setTimeout(() => this.sendPendingQueueChanged(officeId), QUEUE_COALESCE_MS);
    this.queuePending.set(officeId, timer);
  }

  private sendPendingQueueChanged(officeId: string): void {
    this.queuePending.delete(officeId);
    this.guard(() => this.emitQueueChanged(officeId));
  }

  private emitQueueChanged(officeId: string): void {
    const dir = this.directory(officeId);
    if (!dir) return;
    const counts = this.repo.waitingByCategory(officeId);
    for (const [room, filter] of this.liveDisplayRooms(officeId)) {
      this.emitDelta(this.display, room, 'queue:changed', {
        waiting: waitingList(dir.categories, counts, filter),
      });
    }
    const all = waitingList(dir.categories, counts, { categoryIds: null, counterIds: null });
    this.emitDelta(this.console, officeRoom(officeId), 'queue:changed', { waiting: all });
    for (const counterId of dir.counters.keys()) {
      this.emitDelta(this.counter, counterRoom(counterId), 'queue:changed', { waiting: all });
    }
  }

  private onConfigChanged(e: DomainEvents['config.changed']): void {
    this.directories.delete(e.officeId);
    this.snapshots.clear();
    const change = { entity: e.entity, id: e.id };
    this.emitDelta(this.console, officeRoom(e.officeId), 'config:changed', change);
    const dir = this.directory(e.officeId);
    for (const counterId of dir?.counters.keys() ?? []) {
      this.emitDelta(this.counter, counterRoom(counterId), 'config:changed', change);
    }
    if (e.entity === 'device' || e.entity === 'user') {
      this.checkCredentials();
      return;
    }
    // Categories, counters and the office's name change what displays draw: send them a fresh state.
    for (const socket of this.display.sockets.values()) {
      if (socket.data.officeId !== e.officeId) continue;
      const snapshot = this.displaySnapshot(socket.data);
      if (snapshot) socket.emit('queue:snapshot', snapshot);
    }
  }

  /**
   * Checks every socket's credentials again: a revoked display, an expired session or a
   * deactivated user is disconnected (staff are told `session:expired` first); a display whose
   * settings changed gets them with a fresh snapshot.
   */
  checkCredentials(): void {
    const auth = this.services.auth;
    const devicesOf = new Map<string, Map<string, Device>>();
    const findDevice = (officeId: string, id: string) => {
      let devices = devicesOf.get(officeId);
      if (!devices) {
        devices = new Map(this.services.devices.list(officeId).map((d) => [d.id, d]));
        devicesOf.set(officeId, devices);
      }
      return devices.get(id);
    };
    for (const socket of this.display.sockets.values()) {
      const { token, deviceId } = socket.data;
      if (!token || !deviceId) continue;
      const actor = auth.resolve(undefined, token);
      if (actor.kind !== 'device' || actor.id !== deviceId) {
        socket.disconnect(true);
        continue;
      }
      const device = findDevice(actor.officeId, deviceId);
      const settings = device?.settings ?? DEFAULT_DISPLAY_SETTINGS;
      if (
        JSON.stringify(settings) !== JSON.stringify(socket.data.settings) ||
        device?.name !== socket.data.name
      ) {
        socket.data.settings = settings;
        socket.data.name = device?.name ?? socket.data.name;
        this.joinDisplayStream(socket);
        const snapshot = this.displaySnapshot(socket.data);
        if (snapshot) socket.emit('queue:snapshot', snapshot);
      }
    }
    for (const nsp of [this.counter, this.console]) {
      for (const socket of nsp.sockets.values()) {
        const actor = auth.resolve(socket.data.sessionToken, undefined);
        const allowed =
          actor.kind === 'user' &&
          actor.id === socket.data.userId &&
          !actor.passwordChangeRequired &&
          (nsp !== this.console || actor.role !== 'clerk');
        if (!allowed) {
          socket.emit('session:expired');
          socket.disconnect(true);
        }
      }
    }
  }

  /** Puts a display socket in the stream of its office and filter (leaving any other). */
  joinDisplayStream(socket: DisplaySocket): void {
    const room = displayRoom(socket.data.officeId, socket.data.settings);
    if (socket.data.room !== room) {
      void socket.leave(socket.data.room);
      socket.data.room = room;
    }
    void socket.join(room);
    this.trackDisplayRoom(socket.data.officeId, room, socket.data.settings);
  }

  /** Runs a listener so that a failure is logged and never reaches the service that published. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.services.ctx.log.error({ err: error }, 'realtime gateway: a domain event could not be sent');
    }
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    realtime: RealtimeGateway;
  }
}

/**
 * Attaches socket.io to the app's HTTP server (the same port as the API). Clients are
 * disconnected before Fastify closes the server, so closing never waits on an open socket.
 */
export function attachRealtime(app: App, opts: RealtimeOptions = {}): void {
  const gateway = new RealtimeGateway(app, app.services, opts);
  app.decorate('realtime', gateway);
  app.addHook('preClose', (done) => {
    gateway.close();
    done();
  });
}

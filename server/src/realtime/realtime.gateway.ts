import type { Server as HttpServer } from 'node:http';
import type {
  Category,
  DisplayServerEvents,
  DisplaySnapshot,
  Language,
  Office,
  StaffServerEvents,
} from '@numerek/shared';
import type { Namespace, Server, Socket } from 'socket.io';
import type { DomainEvents } from '../domain-events.ts';
import { serviceDay } from '../lib/office-time.ts';
import { callKeys, type CallKeyOf } from './call-key.ts';
import { registerDisplayNamespace } from './display.namespace.ts';
import type {
  CallShown,
  DisplayNamespace,
  DisplaySocket,
  DisplaySocketData,
  RealtimeDeps,
  StaffNamespace,
  Streams,
} from './realtime.types.ts';
import type { RealtimeRepository } from './realtime.repository.ts';
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
import type { AddressCounts } from './socket-limits.ts';
import { DEFAULT_EVENT_LIMITS, guardEvents, type EventLimits } from './socket-limits.ts';
import { registerStaffNamespaces } from './staff.namespace.ts';
import { createSocketServer } from './socket-server.ts';
import { recheckCredentials } from './credentials.ts';

/** The events of a server → client map that are deltas: their payload carries `seq` and `prev`. */
type DeltaName<M> = {
  [E in keyof M]: M[E] extends (payload: infer P) => void
    ? P extends { seq: number; prev: number }
      ? E
      : never
    : never;
}[keyof M];
/** A delta's payload as the gateway hands it over: the stream stamps `seq` and `prev`. */
type Delta<M, E extends keyof M> = M[E] extends (payload: infer P) => void ? Omit<P, 'seq' | 'prev'> : never;

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
 * from: it is served again only while the office's stored stream number (one indexed read, which
 * every node's change moves) and the service day are the same, and no write has been committed
 * here since (the cache is emptied on every commit and configuration change).
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
 * one counter's panels) and sends each node's own sockets their deltas.
 *
 * Every delta carries the office's stream number of its fact (`seq`, the same on every node, see
 * db/outbox.ts) and `prev`, the number of the previous delta its room got (decision 0021): a
 * client ignores a delta it has seen (`seq <= last`), and resyncs when it missed one
 * (`prev > last`), also after reconnecting to another node.
 */
export class RealtimeGateway implements Streams {
  readonly io: Server;
  readonly display: DisplayNamespace;
  readonly counter: StaffNamespace;
  readonly console: StaffNamespace;
  readonly repo: RealtimeRepository;
  /** What displays get instead of ticket ids (the same key on every node). */
  private readonly keyOf: CallKeyOf;
  /** Per stream (namespace and room), the seq of the last delta sent to it. */
  private readonly roomLast = new Map<string, number>();
  /** Per office, the seq of the last fact the gateway has handled here. */
  private readonly handled = new Map<string, number>();
  private readonly directories = new Map<string, Directory>();
  /** Grows with every configuration change: a directory read across one is not kept. */
  private configGeneration = 0;
  /** Grows with every commit: a snapshot read across one is not kept. */
  private commits = 0;
  /**
   * Per office, the deltas still being prepared (a directory or the waiting counts being read):
   * the office's later deltas wait for them, so every stream gets its deltas in the order their
   * facts were published.
   */
  private readonly officeWork = new Map<string, Promise<void>>();
  /** Display rooms per office, with the filter their sockets share. */
  private readonly displayRooms = new Map<string, Map<string, DisplayFilter>>();
  private readonly queuePending = new Map<string, NodeJS.Timeout>();
  /** Display snapshots per display room (office and filter). */
  private readonly snapshots = new Map<string, CachedSnapshot>();
  /** Sockets per client address, over all namespaces. */
  readonly socketsByAddress: AddressCounts;
  readonly eventLimits: EventLimits;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly callSent: Array<(calledAt: number) => void> = [];
  private readonly callShown: Array<(shown: CallShown) => void> = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    server: HttpServer,
    readonly deps: RealtimeDeps,
    opts: RealtimeOptions = {},
  ) {
    this.repo = deps.repo;
    this.keyOf = callKeys(deps.callKeySecret);
    this.eventLimits = opts.events ?? DEFAULT_EVENT_LIMITS;
    const sockets = createSocketServer(server, deps.config, this.eventLimits);
    this.io = sockets.io;
    this.socketsByAddress = sockets.socketsByAddress;
    this.display = sockets.display;
    this.counter = sockets.counter;
    this.console = sockets.console;
    registerDisplayNamespace(this.display, this);
    registerStaffNamespaces({ counter: this.counter, console: this.console }, this);
    const bus = deps.bus;
    this.unsubscribe.push(
      bus.subscribe('ticket.called', (e, m) =>
        this.inOrder(e.officeId, m.seq, (dir) => this.onCalled(dir, e, m.seq, !m.remote)),
      ),
      bus.subscribe('ticket.issued', (e, m) => this.inOrder(e.officeId, m.seq, () => this.queueMoved(e))),
      bus.subscribe('ticket.changed', (e, m) =>
        this.inOrder(e.officeId, m.seq, () => this.onTicketChanged(e)),
      ),
      bus.subscribe('counter.changed', (e, m) =>
        this.inOrder(e.officeId, m.seq, () => this.onCounterChanged(e, m.seq)),
      ),
      bus.subscribe('config.changed', (e, m) => this.onConfigChanged(e, m.seq)),
      deps.writes.onCommit(() => {
        this.commits++;
        this.snapshots.clear();
      }),
      bus.subscribe('printer.status', (e, m) =>
        this.inOrder(e.officeId, m.seq, (dir) => this.onPrinterStatus(dir, e, m.seq)),
      ),
      bus.subscribe('ticket.not-printed', (e, m) =>
        this.inOrder(e.officeId, m.seq, () => this.onNotPrinted(e, m.seq)),
      ),
      // The console's day of booked slots follows bookings made, moved, cancelled and missed.
      bus.subscribe('bookings.changed', (e, m) =>
        this.inOrder(e.officeId, m.seq, () =>
          this.emitDelta(this.console, officeRoom(e.officeId), 'bookings:changed', { days: e.days }, m.seq),
        ),
      ),
      // Signing out closes the staff sockets of that session at once, not at the next periodic check.
      bus.subscribe('session.ended', (e, m) =>
        this.inOrder(e.officeId, m.seq, () => this.checkCredentials()),
      ),
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

  /** Calls `listener` with a call's time whenever the call has gone out to the office's sockets. */
  onCallSent(listener: (calledAt: number) => void): void {
    this.callSent.push(listener);
  }

  /**
   * Hears every call sent to this node's hall displays, with the key they received and the
   * languages in which the displays that show it speak (the speech module renders them at once).
   */
  onCallShown(listener: (shown: CallShown) => void): void {
    this.callShown.push(listener);
  }

  /**
   * Tells every display, panel and console that the server is stopping to start again, so that
   * they connect again at once when their connection drops (close() drops it next).
   */
  announceRestart(): void {
    this.display.emit('server:restarting');
    this.counter.emit('server:restarting');
    this.console.emit('server:restarting');
  }

  // --- streams and snapshots ---------------------------------------------------------------

  streamSeq(officeId: string): number {
    return this.handled.get(officeId) ?? this.deps.events.position(officeId);
  }

  noteRoom(nsp: { name: string }, room: string, officeId: string): void {
    const key = `${nsp.name}|${room}`;
    if (!this.roomLast.has(key)) this.roomLast.set(key, this.streamSeq(officeId));
  }

  /**
   * Runs `fn` with the office's directory: at once when it is known and nothing of the office is
   * being prepared (a delta goes out as its fact is published), else after what is being prepared.
   * A failure is logged and never reaches the service that published.
   */
  private inOrder(officeId: string, seq: number, fn: (dir: Directory) => void | Promise<void>): void {
    const before = this.officeWork.get(officeId);
    const known = this.directories.get(officeId);
    if (!before && known) {
      let result: void | Promise<void>;
      try {
        this.handled.set(officeId, seq);
        result = fn(known);
      } catch (error) {
        this.logFailure(error);
        return;
      }
      if (result instanceof Promise) this.track(officeId, result);
      return;
    }
    this.track(
      officeId,
      (async () => {
        if (before) await before;
        const dir = await this.directory(officeId);
        this.handled.set(officeId, seq);
        if (dir) await fn(dir);
      })(),
    );
  }

  /** Makes the office's later deltas wait for `work`. */
  private track(officeId: string, work: Promise<void>): void {
    const done = work.catch((error: unknown) => this.logFailure(error));
    this.officeWork.set(officeId, done);
    void done.then(() => {
      if (this.officeWork.get(officeId) === done) this.officeWork.delete(officeId);
    });
  }

  /**
   * Sends a delta to a stream: `seq` is its fact's number in the office's stream, `prev` that of
   * the delta the stream got before. The event must be one of the namespace's map and the payload
   * that event's, less `seq` and `prev`.
   */
  private emitDelta<E extends DeltaName<DisplayServerEvents>>(
    nsp: DisplayNamespace,
    room: string,
    event: E,
    payload: Delta<DisplayServerEvents, E>,
    seq: number,
  ): void;
  private emitDelta<E extends DeltaName<StaffServerEvents>>(
    nsp: StaffNamespace,
    room: string,
    event: E,
    payload: Delta<StaffServerEvents, E>,
    seq: number,
  ): void;
  private emitDelta(
    nsp: DisplayNamespace | StaffNamespace,
    room: string,
    event: string,
    payload: object,
    seq: number,
  ): void {
    const key = `${nsp.name}|${room}`;
    if (!nsp.adapter.rooms.has(room)) {
      this.roomLast.delete(key);
      return;
    }
    const prev = this.roomLast.get(key) ?? 0;
    if (seq <= prev) return;
    this.roomLast.set(key, seq);
    // The signatures above have checked the event and its payload against the namespace's map.
    (nsp as Namespace).to(room).emit(event, { ...payload, seq, prev });
  }

  async directory(officeId: string): Promise<Directory | null> {
    const cached = this.directories.get(officeId);
    if (cached) return cached;
    const generation = this.configGeneration;
    const office = (await this.deps.offices.list()).find((o) => o.id === officeId);
    if (!office) return null;
    const counters = new Map(
      (await this.deps.counters.list(officeId))
        .filter((c) => c.active)
        .map((c) => [c.id, counterRef(c)] as const),
    );
    const dir = { office, counters, categories: await this.deps.categories.list(officeId) };
    // A configuration change while it was read makes it out of date: used once, not kept.
    if (generation === this.configGeneration) this.directories.set(officeId, dir);
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
  async displaySnapshot(data: DisplaySocketData): Promise<DisplaySnapshot | null> {
    const dir = await this.directory(data.officeId);
    if (!dir) return null;
    const now = this.deps.clock.now();
    const stored = await this.deps.events.storedSeq(data.officeId);
    const day = serviceDay(now, dir.office.timeZone);
    const display = { id: data.deviceId, name: data.name, settings: data.settings };
    const cached = this.snapshots.get(data.room);
    if (cached && cached.seq === stored && cached.day === day) {
      return { ...cached.snapshot, serverTime: new Date(now).toISOString(), display };
    }
    const commits = this.commits;
    // One moment for all three reads: the snapshot is exactly the facts up to its seq, so a
    // display that reconnects to any node neither announces a call again nor misses one.
    const { seq, waiting, calls } = await this.deps.db.snapshot(async () => ({
      seq: await this.deps.events.storedSeq(data.officeId),
      waiting: await this.repo.waitingByCategory(data.officeId),
      calls: await this.repo.recentCalls(data.officeId, day, now - DAY_MS, SNAPSHOT_CALLS * 3),
    }));
    const snapshot = buildDisplaySnapshot({
      seq,
      now,
      office: dir.office,
      display,
      counters: dir.counters,
      categories: dir.categories,
      waiting,
      calls,
      keyOf: this.keyOf,
    });
    if (data.room && commits === this.commits) this.snapshots.set(data.room, { seq, day, snapshot });
    return snapshot;
  }

  /**
   * Sends a display its snapshot. With `join`, the socket joins its stream first, so that no
   * delta after the snapshot is missed (one at or below its seq is ignored by the display).
   */
  async sendSnapshot(socket: DisplaySocket, join = false): Promise<void> {
    if (join) this.joinDisplayStream(socket);
    const snapshot = await this.displaySnapshot(socket.data);
    if (snapshot) socket.emit('queue:snapshot', snapshot);
  }

  /** Refuses unknown events and holds each socket to its event allowance (see socket-limits.ts). */
  guardEvents(socket: Socket, known: ReadonlySet<string>): void {
    guardEvents(socket, known, this.eventLimits);
  }

  // --- domain events → wire events ---------------------------------------------------------

  private onCalled(dir: Directory, e: DomainEvents['ticket.called'], seq: number, madeHere: boolean): void {
    const counter = dir.counters.get(e.counterId);
    if (!counter) return;
    const { categoryId } = e;
    const what = {
      code: e.code,
      categoryId,
      counter,
      calledAt: new Date(e.calledAt).toISOString(),
      recall: e.recall,
    };
    // Staff may open the ticket; the hall display gets only its opaque key.
    const call = { ticketId: e.ticketId, ...what };
    const shown = { key: this.keyOf(e.ticketId), ...what };
    const event = e.recall ? 'ticket:recalled' : 'ticket:called';
    for (const [room, filter] of this.liveDisplayRooms(e.officeId)) {
      if (callPasses(filter, categoryId, e.counterId)) this.emitDelta(this.display, room, event, shown, seq);
    }
    this.emitDelta(this.console, officeRoom(e.officeId), event, call, seq);
    this.emitDelta(this.counter, counterRoom(e.counterId), event, call, seq);
    for (const listener of this.callSent) listener(e.calledAt);
    if (this.callShown.length > 0) {
      const shownCall = {
        key: shown.key,
        officeId: e.officeId,
        call: { code: e.code, counter },
        languages: this.spokenLanguages(e.officeId, categoryId, e.counterId),
        madeHere,
      };
      for (const listener of this.callShown) this.guard(() => listener(shownCall));
    }
    this.scheduleQueueChanged(e.officeId);
  }

  /** The languages of this node's displays of an office that show a call and play the server's audio. */
  private spokenLanguages(officeId: string, categoryId: string, counterId: string): Language[] {
    const languages = new Set<Language>();
    for (const socket of this.display.sockets.values()) {
      const { settings } = socket.data;
      // A display set to the browser's own voice plays no server audio.
      if (socket.data.officeId !== officeId || !settings.sound || settings.voice === 'browser') continue;
      if (!callPasses(settings, categoryId, counterId)) continue;
      for (const language of settings.languages) languages.add(language);
    }
    return [...languages];
  }

  /** A ticket was issued or moved: the waiting counts will be sent (gathered, see below). */
  private queueMoved(e: { officeId: string }): void {
    this.scheduleQueueChanged(e.officeId);
  }

  /**
   * A ticket moved: the waiting counts will be sent. A called client sent back to the queue (their
   * counter was closed for its clerk) is no longer called there: the office's halls get a fresh
   * state, which shows no such call (as every display joining now would see it).
   */
  private onTicketChanged(e: DomainEvents['ticket.changed']): void | Promise<void> {
    this.queueMoved(e);
    if (e.state !== 'waiting') return;
    return (async () => {
      for (const socket of this.display.sockets.values()) {
        if (socket.data.officeId === e.officeId) await this.sendSnapshot(socket);
      }
    })();
  }

  private onCounterChanged(e: DomainEvents['counter.changed'], seq: number): void {
    const change = { counterId: e.counterId };
    this.emitDelta(this.console, officeRoom(e.officeId), 'counter:changed', change, seq);
    this.emitDelta(this.counter, counterRoom(e.counterId), 'counter:changed', change, seq);
  }

  private onNotPrinted(e: DomainEvents['ticket.not-printed'], seq: number): void {
    this.emitDelta(
      this.console,
      officeRoom(e.officeId),
      'print:failed',
      {
        ticketCode: e.ticketCode,
        kiosk: e.kiosk,
        printer: e.printerName,
        reason: e.reason,
        at: new Date(e.at).toISOString(),
      },
      seq,
    );
  }

  private onPrinterStatus(dir: Directory, e: DomainEvents['printer.status'], seq: number): void {
    const status = { printerId: e.printerId, name: e.name, state: e.state, at: new Date(e.at).toISOString() };
    this.emitDelta(this.console, officeRoom(e.officeId), 'printer:status', status, seq);
    for (const counterId of dir.counters.keys()) {
      this.emitDelta(this.counter, counterRoom(counterId), 'printer:status', status, seq);
    }
  }

  /**
   * Waiting counts are not urgent: a burst of issues and calls becomes one `queue:changed` per
   * office every QUEUE_COALESCE_MS, sent after the calls, so a call never waits behind them. It is
   * state, not a delta: it carries the stream position its counts were read at, replaces what the
   * client shows, and is never a gap.
   */
  private scheduleQueueChanged(officeId: string): void {
    if (this.queuePending.has(officeId)) return;
    const timer = setTimeout(() => this.sendPendingQueueChanged(officeId), QUEUE_COALESCE_MS);
    this.queuePending.set(officeId, timer);
  }

  private sendPendingQueueChanged(officeId: string): void {
    this.queuePending.delete(officeId);
    const dir = this.directories.get(officeId);
    const work = this.officeWork.get(officeId);
    const send = async () => {
      if (work) await work;
      const known = this.directories.get(officeId) ?? dir ?? (await this.directory(officeId));
      if (known) await this.emitQueueChanged(known, officeId);
    };
    this.track(officeId, send());
  }

  private async emitQueueChanged(dir: Directory, officeId: string): Promise<void> {
    const seq = this.streamSeq(officeId);
    const counts = await this.repo.waitingByCategory(officeId);
    for (const [room, filter] of this.liveDisplayRooms(officeId)) {
      this.display
        .to(room)
        .emit('queue:changed', { seq, waiting: waitingList(dir.categories, counts, filter) });
    }
    const all = waitingList(dir.categories, counts, { categoryIds: null, counterIds: null });
    this.console.to(officeRoom(officeId)).emit('queue:changed', { seq, waiting: all });
    for (const counterId of dir.counters.keys()) {
      this.counter.to(counterRoom(counterId)).emit('queue:changed', { seq, waiting: all });
    }
  }

  private onConfigChanged(e: DomainEvents['config.changed'], seq: number): void {
    this.configGeneration++;
    this.directories.delete(e.officeId);
    this.snapshots.clear();
    const change = { entity: e.entity, id: e.id };
    this.inOrder(e.officeId, seq, async (dir) => {
      this.emitDelta(this.console, officeRoom(e.officeId), 'config:changed', change, seq);
      for (const counterId of dir.counters.keys()) {
        this.emitDelta(this.counter, counterRoom(counterId), 'config:changed', change, seq);
      }
      if (e.entity === 'device' || e.entity === 'user') {
        await this.checkCredentials();
        return;
      }
      // Categories, counters and the office's name change what displays draw: send them a fresh state.
      for (const socket of this.display.sockets.values()) {
        if (socket.data.officeId === e.officeId) await this.sendSnapshot(socket);
      }
    });
  }

  /** Checks every socket's credentials again (see credentials.ts). */
  checkCredentials(): Promise<void> {
    return recheckCredentials(this);
  }

  /** Puts a display socket in the stream of its office and filter (leaving any other). */
  joinDisplayStream(socket: DisplaySocket): void {
    const room = displayRoom(socket.data.officeId, socket.data.settings);
    if (socket.data.room !== room) {
      void socket.leave(socket.data.room);
      socket.data.room = room;
    }
    void socket.join(room);
    this.noteRoom(this.display, room, socket.data.officeId);
    this.trackDisplayRoom(socket.data.officeId, room, socket.data.settings);
  }

  /** Runs a listener so that a failure is logged and never reaches the service that published. */
  private guard(fn: () => void | Promise<void>): void {
    try {
      const done = fn();
      if (done) done.catch((error: unknown) => this.logFailure(error));
    } catch (error) {
      this.logFailure(error);
    }
  }

  private logFailure(error: unknown): void {
    this.deps.log.error({ err: error }, 'realtime gateway: a domain event could not be sent');
  }
}

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakePrinter } from './fake-printer.ts';

const connect = (port: number): Promise<net.Socket> =>
  new Promise((resolve) => {
    const s = net.createConnection({ host: '127.0.0.1', port }, () => resolve(s));
  });
const replies = (socket: net.Socket, count: number): Promise<number[]> =>
  new Promise((resolve) => {
    const got: number[] = [];
    socket.on('data', (chunk: Buffer) => {
      got.push(...chunk);
      if (got.length >= count) resolve(got);
    });
  });
const ask = Uint8Array.of(0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4);

let fake: FakePrinter;
let socket: net.Socket | undefined;
afterEach(async () => {
  socket?.destroy();
  await fake.close();
});

describe('FakePrinter', () => {
  it('answers DLE EOT 1–4 with the known-good bytes of each state', async () => {
    fake = await FakePrinter.start('ok');
    socket = await connect(fake.port);
    const expected = {
      ok: [0x12, 0x12, 0x12, 0x12],
      paper_near_end: [0x12, 0x12, 0x12, 0x1e],
      paper_out: [0x1a, 0x32, 0x12, 0x7e],
      cover_open: [0x1a, 0x16, 0x12, 0x12],
      offline: [0x1a, 0x12, 0x12, 0x12],
    } as const;
    for (const [state, bytes] of Object.entries(expected)) {
      fake.setState(state as keyof typeof expected);
      const got = replies(socket, 4);
      socket.write(ask);
      expect(await got).toEqual(bytes);
      socket.removeAllListeners('data');
    }
  });

  it('records a job from ESC @ to the cut, without status requests, across packet boundaries', async () => {
    fake = await FakePrinter.start('ok');
    socket = await connect(fake.port);
    const next = fake.nextJob();
    const pause = () => new Promise((r) => setTimeout(r, 20));
    socket.write(Uint8Array.of(0x10));
    await pause();
    socket.write(Uint8Array.of(0x04, 1, 0x1b, 0x40, 0x41));
    await pause();
    socket.write(Uint8Array.of(0x42, 0x1d, 0x56, 0x42));
    await pause();
    socket.write(Uint8Array.of(0x00, 0x10, 0x04));
    await pause();
    socket.write(Uint8Array.of(1));
    expect([...(await next)]).toEqual([0x1b, 0x40, 0x41, 0x42, 0x1d, 0x56, 0x42, 0x00]);
    await pause();
    expect(fake.jobs).toHaveLength(1);
    expect(fake.statusRequests).toBe(2);
  });

  it('stays silent when silent, and holds jobs until the paper is back', async () => {
    fake = await FakePrinter.start('silent');
    socket = await connect(fake.port);
    let answered = false;
    socket.on('data', () => (answered = true));
    socket.write(ask);
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    fake.setState('paper_out');
    socket.write(Uint8Array.of(0x1b, 0x40, 0x41, 0x1d, 0x56, 0x42, 0x00));
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.held).toHaveLength(1);
    expect(fake.jobs).toHaveLength(0);
    const late = fake.nextJob();
    fake.setState('ok');
    expect([...(await late)]).toEqual([0x1b, 0x40, 0x41, 0x1d, 0x56, 0x42, 0x00]);
  });

  it('changes state part-way through the next job and holds that job, as a printer out of paper mid-ticket', async () => {
    fake = await FakePrinter.start('ok');
    socket = await connect(fake.port);
    fake.changeStateDuringNextJob('paper_out');
    const body = Array.from({ length: 200 }, () => 0x41);
    socket.write(Uint8Array.of(0x1b, 0x40, ...body, 0x1d, 0x56, 0x42, 0x00));
    const got = replies(socket, 4);
    socket.write(ask);
    expect(await got).toEqual([0x1a, 0x32, 0x12, 0x7e]);
    expect(fake.state).toBe('paper_out');
    expect(fake.held).toHaveLength(1);
    expect(fake.jobs).toHaveLength(0);
    // Only the next job: after a refill the following one prints.
    fake.setState('ok');
    expect(fake.jobs).toHaveLength(1);
    const next = fake.nextJob();
    socket.write(Uint8Array.of(0x1b, 0x40, ...body, 0x1d, 0x56, 0x42, 0x00));
    expect((await next).length).toBe(206);
    expect(fake.state).toBe('ok');
  });

  it('throws away held jobs on DLE DC4 8 (clear buffers), split across packets, and answers 37 25 00', async () => {
    fake = await FakePrinter.start('cover_open');
    socket = await connect(fake.port);
    socket.write(Uint8Array.of(0x1b, 0x40, 0x41, 0x1d, 0x56, 0x42, 0x00));
    await expect.poll(() => fake.held.length).toBe(1);
    const answer = replies(socket, 3);
    socket.write(Uint8Array.of(0x10, 0x14, 0x08, 0x01));
    await new Promise((r) => setTimeout(r, 20));
    socket.write(Uint8Array.of(0x03, 0x14, 0x01, 0x06, 0x02, 0x08));
    expect(await answer).toEqual([0x37, 0x25, 0x00]);
    expect(fake.held).toHaveLength(0);
    expect(fake.cleared).toHaveLength(1);
    fake.setState('ok');
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.jobs).toHaveLength(0);
  });
});

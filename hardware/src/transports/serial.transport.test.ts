import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_STATUS_REPLIES } from '../fake/fake-printer.ts';
import { POLISH_JOB } from '../layout/__golden__/golden-cases.ts';
import { layoutTicket } from '../layout/ticket-layout.ts';
import { PrintQueue } from '../queue/print-queue.ts';
import { SerialTransport } from './serial.transport.ts';

// serialport's own mock binding stands in for the wire; it answers status like an Epson.
const profile = { codePage: 'cp852', cyrillic: 'cp866', paperWidth: 58, cut: 'full' } as const;

function mockPrinter(reply: readonly number[] | null) {
  const ports: SerialPortMock[] = [];
  const createPort = ({ path, baudRate }: { path: string; baudRate: number }) => {
    const port = new SerialPortMock({ path, baudRate, autoOpen: false });
    const write = port.write.bind(port);
    port.write = ((data: Buffer, callback: (error: Error | null | undefined) => void) => {
      const ok = write(data, callback);
      if (reply && data[0] === 0x10 && data[1] === 0x04) {
        const byte = reply[(data[2] ?? 1) - 1] ?? 0;
        setImmediate(() => port.port?.emitData(Buffer.of(byte)));
      }
      return ok;
    }) as typeof port.write;
    ports.push(port);
    return port;
  };
  return { ports, createPort };
}

describe('SerialTransport', () => {
  afterEach(() => SerialPortMock.binding.reset());

  it('prints through a serial port after a status check', async () => {
    SerialPortMock.binding.createPort('/dev/ttyUSB0', { record: true });
    const mock = mockPrinter(FAKE_STATUS_REPLIES.ok);
    const queue = new PrintQueue(
      () => new SerialTransport({ path: '/dev/ttyUSB0', baudRate: 19200, createPort: mock.createPort }),
      { profile, statusTimeoutMs: 200 },
    );
    await queue.print(POLISH_JOB);
    const recording = mock.ports[0]?.port?.recording ?? Buffer.alloc(0);
    const status = Buffer.of(0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4);
    expect(recording).toEqual(Buffer.concat([status, layoutTicket(POLISH_JOB, profile), status]));
    await queue.close();
  });

  it('refuses a job when the serial printer is out of paper', async () => {
    SerialPortMock.binding.createPort('/dev/ttyUSB1', { record: true });
    const mock = mockPrinter(FAKE_STATUS_REPLIES.paper_out);
    const queue = new PrintQueue(
      () => new SerialTransport({ path: '/dev/ttyUSB1', baudRate: 9600, createPort: mock.createPort }),
      { profile, statusTimeoutMs: 200 },
    );
    await expect(queue.print(POLISH_JOB)).rejects.toMatchObject({ reason: 'paper_out' });
    expect(mock.ports[0]?.port?.recording.length).toBe(12); // the four status requests only
    await queue.close();
  });

  it('reports no_answer when the port does not exist', async () => {
    const queue = new PrintQueue(
      () =>
        new SerialTransport({
          path: '/dev/ttyMISSING',
          baudRate: 9600,
          createPort: (o) => new SerialPortMock({ ...o, autoOpen: false }),
        }),
      { profile, maxJobAgeMs: 100, reconnectDelayMs: { initial: 20, max: 20 } },
    );
    await expect(queue.print(POLISH_JOB)).rejects.toMatchObject({ reason: 'no_answer' });
    await queue.close();
  });
});

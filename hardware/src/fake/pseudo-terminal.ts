import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * A real character device under /dev for tests of the device transports: a pseudo-terminal in raw
 * mode (`/dev/pts/N`), made by python3 (on every Debian machine), which relays what is written
 * to it. It stands in for `/dev/usb/lp0`, which a test machine does not have.
 */
export interface PseudoTerminal {
  /** `/dev/pts/N`. */
  readonly path: string;
  /** Every byte written to the device so far. */
  readonly received: () => Uint8Array;
  close(): Promise<void>;
}

const RELAY = `
import os, pty, select, sys, tty
master, slave = pty.openpty()
tty.setraw(slave)
print(os.ttyname(slave), flush=True)
while True:
    ready, _, _ = select.select([master, sys.stdin], [], [])
    if sys.stdin in ready and not sys.stdin.buffer.read1(1):
        break
    if master in ready:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        print(data.hex(), flush=True)
`;

export async function openPseudoTerminal(): Promise<PseudoTerminal> {
  const child: ChildProcess = spawn('python3', ['-c', RELAY], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const chunks: Buffer[] = [];
  const path = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`python3 exited with ${code}`)));
    lines.once('line', resolve);
  });
  lines.on('line', (hex) => chunks.push(Buffer.from(hex, 'hex')));
  return {
    path,
    received: () => new Uint8Array(Buffer.concat(chunks)),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin?.end();
      await exited;
    },
  };
}

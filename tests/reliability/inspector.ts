import { WebSocket } from 'undici';

/** What the server process holds, read through its inspector after a full garbage collection. */
export interface ProcessFigures {
  heapUsed: number;
  heapTotal: number;
  /** Memory outside the V8 heap held by JavaScript objects (Buffers and the like). */
  external: number;
  /** Active handles and requests by kind (`process.getActiveResourcesInfo()`): Timeout, TCPSocketWrap, … */
  resources: Record<string, number>;
}

/**
 * A DevTools-protocol client for a Node.js process started with `--inspect=<host:port>`: forces
 * a full garbage collection and reads memory and active handles from outside, so the server
 * needs no diagnostic code of its own.
 */
export class Inspector {
  private nextId = 1;
  private readonly waiting = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();

  private chunks: string[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as {
        id?: number;
        method?: string;
        params?: { chunk?: string };
        result?: unknown;
        error?: unknown;
      };
      if (message.method === 'HeapProfiler.addHeapSnapshotChunk')
        this.chunks.push(message.params?.chunk ?? '');
      if (message.id === undefined) return;
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
  }

  /** Connects to the inspector listening on `port` (the process's only target). */
  static async connect(port: number): Promise<Inspector> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
      webSocketDebuggerUrl: string;
    }>;
    const url = targets[0]?.webSocketDebuggerUrl;
    if (!url) throw new Error(`no inspector target on port ${port}`);
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot open ${url}`)), { once: true });
    });
    return new Inspector(socket);
  }

  private send<T>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer within 30 s`)), 30_000);
      this.waiting.set(id, (message) => {
        clearTimeout(timer);
        if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
        else resolve(message.result as T);
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** A full, compacting collection (twice, so that weakly held objects freed by the first go too). */
  async collectGarbage(): Promise<void> {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
  }

  /** Memory after a full collection, and the active handles by kind. */
  async figures(): Promise<ProcessFigures> {
    await this.collectGarbage();
    const { result } = await this.send<{ result: { value: string } }>('Runtime.evaluate', {
      expression: `JSON.stringify({ memory: process.memoryUsage(), resources: process.getActiveResourcesInfo() })`,
      returnByValue: true,
    });
    const read = JSON.parse(result.value) as {
      memory: { heapUsed: number; heapTotal: number; external: number };
      resources: string[];
    };
    const resources: Record<string, number> = {};
    for (const kind of read.resources) resources[kind] = (resources[kind] ?? 0) + 1;
    const { heapUsed, heapTotal, external } = read.memory;
    return { heapUsed, heapTotal, external, resources };
  }

  /** A heap snapshot (Chrome DevTools' format), for finding what a soak run left behind. */
  async heapSnapshot(): Promise<string> {
    this.chunks = [];
    await this.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    const snapshot = this.chunks.join('');
    this.chunks = [];
    return snapshot;
  }

  close(): void {
    this.socket.close();
  }
}

/** A byte pipe to one printer: TCP, a USB printer device file or a serial port. */
export interface PrinterTransport {
  /** Whether replies can be read (status requests); a write-only device file cannot. */
  readonly canRead: boolean;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /** Resolves once the bytes are handed to the OS; rejects if the connection is gone. */
  write(bytes: Uint8Array): Promise<void>;
  /** Every chunk the printer sends back; returns an unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Called once when the connection ends (dropped, reset or closed). */
  onClose(listener: (error?: Error) => void): () => void;
  close(): Promise<void>;
}

/** Listener bookkeeping shared by the transports. */
export class TransportEvents {
  private readonly data = new Set<(chunk: Uint8Array) => void>();
  private readonly closed = new Set<(error?: Error) => void>();

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.data.add(listener);
    return () => this.data.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.closed.add(listener);
    return () => this.closed.delete(listener);
  }

  emitData(chunk: Uint8Array): void {
    for (const l of [...this.data]) l(chunk);
  }

  emitClose(error?: Error): void {
    const listeners = [...this.closed];
    this.closed.clear();
    for (const l of listeners) l(error);
  }
}

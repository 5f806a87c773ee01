/**
 * The yardstick for the realtime bench: a bare socket.io server with no Numerek code. `POST /go`
 * broadcasts one call-shaped event to every client of `/display` and answers 204, so the bench
 * times the same path as a `next` request (HTTP in, socket.io broadcast out) without the queue.
 * Run as a child process: prints `listening <port>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

let seq = 0;
const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/go') {
    seq += 1;
    io.of('/display').emit('ticket:called', {
      seq,
      key: `t${seq}`,
      code: 'A017',
      categoryId: 'category-a',
      counter: { id: 'counter-1', name: 'Stanowisko 1', number: 1 },
      calledAt: new Date().toISOString(),
      recall: false,
    });
    res.writeHead(204).end();
    return;
  }
  res.writeHead(404).end();
});
const io = new Server(server, { serveClient: false });
io.of('/display');
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  void io.close();
  process.exit(0);
});

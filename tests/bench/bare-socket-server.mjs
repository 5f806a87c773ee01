// The yardstick for the memory bench: a bare socket.io server with a /display namespace and no
// Numerek code, in plain JavaScript so that it runs without a TypeScript loader, as the built
// server does. Prints `listening <port>`.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const server = createServer((_req, res) => res.writeHead(404).end());
const io = new Server(server, { serveClient: false });
io.of('/display');
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  void io.close();
  process.exit(0);
});

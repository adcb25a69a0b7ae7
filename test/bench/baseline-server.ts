/**
 * The baseline: the least a Socket.IO server can do for the same conversation. Plain
 * `http` + Socket.IO, no Fastify, no validation, no SQLite. `hello` acks and joins a
 * room; `cmd` acks and broadcasts a frame of the same shape as Kring's at once. Kring's
 * figures are divided by these, so that a noisy shared machine cancels out.
 *
 * Env: PORT, HOST (as the Kring server).
 */
import http from 'node:http';
import { Server } from 'socket.io';

const server = http.createServer((req, res) => {
  // The bench waits for this before it starts, as it does for Kring.
  if (req.url === '/api/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  } else {
    res.writeHead(404).end();
  }
});
// Same transport settings as Kring (server/app.ts) so only the application differs.
const io = new Server(server, {
  maxHttpBufferSize: 64 * 1024,
  serveClient: false,
  pingInterval: 20_000,
  pingTimeout: 25_000,
});

let seq = 0;
io.on('connection', (socket) => {
  socket.on('hello', (h: { role?: string }, ack: (a: unknown) => void) => {
    socket.join(h?.role === 'participant' ? 'p' : 'f');
    ack({ ok: true, seq });
  });
  socket.on('cmd', (c: { type?: string; activityId?: string | null }, ack: (a: unknown) => void) => {
    const ev = { type: c?.type === 'agenda.goto' ? 'agenda.current' : String(c?.type), activityId: c?.activityId ?? null, seq: ++seq, at: Date.now() };
    ack({ ok: true, seq });
    io.to(['f', 'p']).emit('frame', { seq, events: [ev] });
  });
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => io.close(() => process.exit(0)));
}

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  console.log(JSON.stringify({ level: 30, port: (server.address() as { port: number }).port, msg: 'baseline listening' }));
});

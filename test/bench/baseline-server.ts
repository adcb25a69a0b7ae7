/**
 * The baseline: the least a Socket.IO server can do for the same conversation. Plain
 * `http` + Socket.IO, no Fastify, no validation, no SQLite. `hello` acks and joins a
 * room; every `cmd` acks and broadcasts one frame of the same shape as Kring's, with one
 * event, to the whole room at once: the naive design (no projection per audience, no
 * coalescing, every dot to every phone). Kring's figures are divided by these, so that
 * a noisy shared machine cancels out.
 *
 * The event echoes the command, named as Kring names its event: `agenda.goto` →
 * `agenda.current`, `brainstorm.add` → `brainstorm.added` (with an item id),
 * `dotvote.place` → `dotvote.dotted`; the baseline keeps a dot count per item so that
 * `dotvote.reveal` can send the tally, as Kring does.
 *
 * Rooms: a participant joins the room of its `code`, a console or board that of its
 * `sessionId` (both default to one room, BENCH0), so that one process can hold many
 * rooms as Kring does; a command goes to its sender's room only, with its own seq. One
 * exception: `checkin.respond` (a private answer in Kring) goes only to the room's
 * consoles and the sender, as Kring sends it.
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

interface Room {
  seq: number;
  /** Dots per item, for the reveal. */
  tally: Map<string, number>;
}
const rooms = new Map<string, Room>();
const roomOf = (name: string) => {
  let r = rooms.get(name);
  if (!r) rooms.set(name, (r = { seq: 0, tally: new Map() }));
  return r;
};

type Cmd = { id?: string; type?: string; [k: string]: unknown };
function event(raw: Cmd | null | undefined, pid: string, room: Room): Record<string, unknown> {
  const at = Date.now();
  const { seq, tally } = room;
  const c: Cmd = raw ?? {};
  const { id: _id, type, ...payload } = c;
  switch (type) {
    case 'agenda.goto':
      return { type: 'agenda.current', activityId: c.activityId ?? null, seq, at };
    case 'brainstorm.add':
      return {
        type: 'brainstorm.added',
        activityId: c.activityId,
        pid,
        item: { id: `i${seq}`, pid, text: c.text, column: c.column ?? null },
        seq,
        at,
      };
    case 'dotvote.place': {
      const item = String(c.itemId);
      tally.set(item, (tally.get(item) ?? 0) + 1);
      return { type: 'dotvote.dotted', activityId: c.activityId, pid, itemId: item, delta: 1, seq, at };
    }
    case 'dotvote.reveal':
      return { type: 'dotvote.revealed', activityId: c.activityId, revealed: true, tally: Object.fromEntries(tally), seq, at };
    default:
      return { ...payload, type: String(type), seq, at };
  }
}

io.on('connection', (socket) => {
  let name = 'BENCH0';
  socket.on('hello', (h: { role?: string; code?: string; sessionId?: string }, ack: (a: unknown) => void) => {
    name = String((h?.role === 'participant' ? h.code : h?.sessionId) ?? 'BENCH0');
    socket.join(h?.role === 'participant' ? `p:${name}` : `f:${name}`);
    ack({ ok: true, seq: roomOf(name).seq });
  });
  socket.on('cmd', (c: Cmd, ack: (a: unknown) => void) => {
    const room = roomOf(name);
    const seq = ++room.seq;
    const ev = event(c, socket.id, room);
    ack({ ok: true, seq });
    if (c?.type === 'checkin.respond') {
      io.to(`f:${name}`)
        .except(socket.id)
        .emit('frame', { seq, events: [ev] });
      socket.emit('frame', { seq, events: [ev] });
    } else {
      io.to([`f:${name}`, `p:${name}`]).emit('frame', { seq, events: [ev] });
    }
  });
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => io.close(() => process.exit(0)));
}

// The same listen backlog as Kring (server/main.ts), so that a join storm meets the same accept queue.
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', 4096, () => {
  console.log(JSON.stringify({ level: 30, port: (server.address() as { port: number }).port, msg: 'baseline listening' }));
});

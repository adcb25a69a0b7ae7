/**
 * Preloaded into a server under test (`node --import tsx --import loop-probe.ts …`, see
 * server.ts), so that the event-loop delay is measured inside the server process for
 * Kring and the baseline alike, without changing either server. It listens on the
 * server's stdin (the bench's pipe, which guard.ts also watches) for one-line requests
 * and answers on stdout with one JSON line at pino's info level (never a "problem"):
 *
 * - `bench:loop:reset`: start a new measuring window;
 * - `bench:loop:report <id>`: `{"level":30,"benchLoop":{id,p50,p99,max,mean,count}}`
 *   (ms) for the window so far.
 *
 * KRING_WORKERS: the primary forks its workers with the same command line, so every worker
 * runs this probe too. A worker does not read stdin (it shares the primary's pipe); the
 * primary passes each request on to its workers over the cluster's IPC channel, waits for
 * their answers (at most 15 s; a worker that does not answer in time has a blocked loop and
 * reads as `null`, i.e. not measured), and adds them to its own line:
 * `"workers":[{pid,p50,p99,max,mean,count},…]`. The top-level figures stay the primary's own.
 * A process without workers answers exactly as before.
 */
import cluster from 'node:cluster';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Sampling interval (ms): a sample's delay is how late a timer of this period ran. */
const RESOLUTION_MS = 5;
/** How long the primary waits for its workers' figures (the bench waits 20 s for the line). */
const WORKER_WAIT_MS = 15_000;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();

const ms = (ns: number) => Math.round(ns / 1e4) / 100;
const figures = () => {
  const h = histogram;
  return h.count
    ? { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean), count: h.count }
    : { p50: 0, p99: 0, max: 0, mean: 0, count: 0 };
};

/** Over the cluster's IPC channel (primary → worker): a request; (worker → primary): an answer. */
interface Ask {
  benchLoop: 'reset' | 'report';
  id?: string;
}
interface Answer {
  benchLoopWorker: { id: string; pid: number } & ReturnType<typeof figures>;
}

if (cluster.isWorker) {
  process.on('message', (m: unknown) => {
    const ask = m as Partial<Ask> | null;
    if (ask?.benchLoop === 'reset') histogram.reset();
    else if (ask?.benchLoop === 'report') {
      const answer: Answer = { benchLoopWorker: { id: ask.id ?? '', pid: process.pid, ...figures() } };
      process.send?.(answer);
    }
  });
} else {
  const workers = () => Object.values(cluster.workers ?? {}).filter((w) => w?.isConnected());
  const waiting = new Map<string, Map<number, Answer['benchLoopWorker']>>();
  if (cluster.isPrimary)
    cluster.on('message', (_w, m: unknown) => {
      const a = (m as Partial<Answer> | null)?.benchLoopWorker;
      if (a) waiting.get(a.id)?.set(a.pid, a);
    });

  const report = async (id: string) => {
    const own = figures();
    const ws = workers();
    let benchLoop: Record<string, unknown> = { id, ...own };
    if (ws.length) {
      // Each worker's id in this round: the primary's id and the worker's pid.
      const answers = new Map<number, Answer['benchLoopWorker']>();
      waiting.set(id, answers);
      for (const w of ws) w!.send({ benchLoop: 'report', id } satisfies Ask);
      const deadline = Date.now() + WORKER_WAIT_MS;
      while (answers.size < ws.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      waiting.delete(id);
      const pids = ws.map((w) => w!.process.pid ?? 0);
      benchLoop = {
        ...benchLoop,
        workers: pids.map((pid) => {
          const a = answers.get(pid);
          return a
            ? { pid, p50: a.p50, p99: a.p99, max: a.max, mean: a.mean, count: a.count }
            : { pid, p50: null, p99: null, max: null, mean: null, count: 0 };
        }),
      };
    }
    process.stdout.write(`${JSON.stringify({ level: 30, benchLoop })}\n`);
  };

  let buf = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
      if (line === 'bench:loop:reset') {
        histogram.reset();
        for (const w of workers()) w!.send({ benchLoop: 'reset' } satisfies Ask);
      } else if (line.startsWith('bench:loop:report')) void report(line.slice('bench:loop:report'.length).trim());
    }
  });
}

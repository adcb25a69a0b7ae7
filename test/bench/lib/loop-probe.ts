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
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Sampling interval (ms): a sample's delay is how late a timer of this period ran. */
const RESOLUTION_MS = 5;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();

const ms = (ns: number) => Math.round(ns / 1e4) / 100;
let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buf += chunk;
  let i;
  while ((i = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, i).trim();
    buf = buf.slice(i + 1);
    if (line === 'bench:loop:reset') histogram.reset();
    else if (line.startsWith('bench:loop:report')) {
      const id = line.slice('bench:loop:report'.length).trim();
      const h = histogram;
      const benchLoop = h.count
        ? { id, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean), count: h.count }
        : { id, p50: 0, p99: 0, max: 0, mean: 0, count: 0 };
      process.stdout.write(`${JSON.stringify({ level: 30, benchLoop })}\n`);
    }
  }
});

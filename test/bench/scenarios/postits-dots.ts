/**
 * Second scenario (issue 3): a room of phones adds post-its, then spends dots on them,
 * and the console reveals. Kring (projection per audience, frames coalesced) against
 * the naive baseline (every command broadcast to every socket at once), same phones,
 * same plan, same run.
 */
import { logSummary } from '../lib/logs.ts';
import { Pool } from '../lib/pool.ts';
import type { BenchOptions } from '../lib/options.ts';
import type { Scenario, ScenarioContext, ScenarioResult } from '../lib/scenario.ts';
import { fmt, percentile, ratio } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import type { TargetName } from '../lib/targets.ts';
import { DOTS, measureRun, type PhaseFigures, type Run } from './postits-dots.measure.ts';

export const postitsDots: Scenario = {
  id: 'postits-dots',
  title: 'Post-its and dots (vote burst)',
  method: `N phones (Socket.IO clients in the phone workers, as in *Room join and activity
fan-out*) join one room made from the \`learningNetwork\` template; the console (a
facilitator socket in the bench process) opens its "engagements" brainstorm
(\`maxPerPerson\` 3), and a board (\`hello\` with the board key, also in the bench process)
watches.

- **Post-its**: every phone sends one \`brainstorm.add\` at a random moment in the post-it
  window (uniform, \`BENCH_POSTIT_WINDOW_S\`); *ack* is send → command ack at the phone.
- **Dots**: the console opens the dot vote (\`agenda.goto\`; Kring then takes the post-its
  over as its items, one item per post-it). Every phone spends its ${DOTS} dots
  (\`dotvote.place\`) at random moments in the dot window (\`BENCH_DOT_WINDOW_S\`), each
  on a random item, so some dots stack. Right after the last dot's ack the console sends
  \`dotvote.reveal\` (Kring shows no tally before the reveal). *Board has the tally*: last
  dot ack → the board's frame with \`dotvote.revealed\` whose tally sums to N × ${DOTS};
  *console has every dot*: last dot ack → the console has received all N × ${DOTS}
  \`dotvote.dotted\` events (its live view; negative when the last ack reached its phone
  later than the broadcast reached the console); *last phone has the tally*: last dot ack
  → the reveal reached the last phone. *Sends took*: first dot sent → last dot acked
  (the plan spreads the sends over the dot window; longer means acks queued).
- **Messages delivered**: every \`frame\` received in the phase by all phones, the board
  and the console. A phase runs from the first send until no phone has received a frame
  for 0.5 s (for the dots: after the reveal). *CPU per message* is the server's CPU time
  over the phase (\`/proc\`, as before) ÷ messages delivered; *server CPU* is the whole
  phase. *Frames per phone per s* is counted while the dots are placed (first send → last
  ack); *peak* is the most frames one phone got in any second of the phase. Kring
  coalesces frames per audience when it is under load; a participant's own events may
  come in a small extra frame (\`own: true\`) right before the shared frame with the same
  seq range: both are counted as frames (the log line gives the own frames apart).
- **Vote burst** (issue 13): with the defaults (\`BENCH_DOTS_N\` 1,000, \`BENCH_DOT_WINDOW_S\`
  10) the dots are the issue's burst of 1,000 phones × ${DOTS} dots in 10 s, and *board has
  the tally* is the time from the last dot's ack to the board holding the revealed tally.
- **Baseline**: the bare server acks every command and broadcasts it as one event to
  every socket of the room (the naive design: every post-it and every dot goes to every
  phone at once: N messages per command), and keeps a dot count per item for the reveal.
  It is expected to deliver far more messages than Kring. On a small machine it may not
  keep up: a phone waits up to 60 s for an ack, and signs of overload of the *baseline*
  (acks that did not come in time, a console or board dropped by the Socket.IO heartbeat,
  phones still receiving long after) are listed below the tables as findings, not as
  failures of the run; the same signs from Kring are failures. Percentiles cover the acks
  that came.
- **Runs**: a fresh server per run (Kring with a fresh data folder, as before);
  \`BENCH_DOTS_ROUNDS\` rounds per server in ABBA order; both servers get the same plan
  (post-it texts, send times and dot targets come from one seed per round).
- **Phones share the machine with the server.** Under the baseline's flood (N × N × ${DOTS}
  messages in the dot window) the phone workers themselves fall behind, so the baseline's
  ack times and *sends took* include the phones' own queueing (a real phone only reads its
  own messages, on its own CPU); the server CPU figures depend much less on it. Kring
  commits every command to SQLite (one \`fsync\` with FULL) before its ack, one after the
  other; on a disk shared with other busy work those waits show in Kring's ack times.`,

  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const o = ctx.options;
    const pool = await Pool.start(o.workers, o.timeoutS * 1000, o.workerNice);
    const runs: Run[] = [];
    const notes: string[] = [];
    try {
      for (let round = 0; round < o.dotsRounds; round++) {
        const order: TargetName[] = round % 2 === 0 ? ['baseline', 'Kring'] : ['Kring', 'baseline'];
        for (const target of order) {
          const r = await measureRun(ctx, pool, target, o.dotsN, round);
          ctx.log(
            `${this.id}: N=${r.n} round ${round + 1} ${target}: joined ${r.joined}; ` +
              `add ack p50 ${fmt(percentile(r.postits.acks, 50))} p99 ${fmt(percentile(r.postits.acks, 99))} ms, ${r.postits.phoneFrames + r.postits.consoleFrames + r.postits.boardFrames} msgs, CPU ${fmt(r.postits.cpuMs, 0)} ms; ` +
              `dot ack p50 ${fmt(percentile(r.dots.acks, 50))} p99 ${fmt(percentile(r.dots.acks, 99))} ms, sends took ${fmt(r.dots.sendSpanS)} s (late ≤ ${fmt(r.dots.maxLateMs, 0)} ms), ` +
              `board ${fmt(r.dots.boardMs)} ms, console ${fmt(r.dots.consoleMs)} ms, phones ${fmt(r.dots.phonesMs)} ms, ` +
              `${r.dots.phoneFrames + r.dots.consoleFrames + r.dots.boardFrames} msgs (own ${r.dots.ownFrames}), CPU ${fmt(r.dots.cpuMs, 0)} ms, ${fmt(r.dots.framesPerPhonePerS)} frames/phone/s (peak ${r.dots.peakPerSecond})`,
          );
          runs.push(r);
        }
      }
    } finally {
      await pool.stop();
    }
    for (const [i, r] of runs.entries()) {
      if (r.overload.length) {
        const round = Math.floor(i / 2) + 1;
        notes.push(`The ${r.target} did not keep up${o.dotsRounds > 1 ? ` in round ${round}` : ''}: ${r.overload.join('; ')}.`);
      }
      for (const p of r.problems) {
        ctx.log(`${r.target} N=${r.n} server log: ${p}`);
        notes.push(`${r.target} N=${r.n} server log: ${logSummary(p)}`);
      }
    }
    if (runs.length > 2) {
      // The pooled figures can hide one disturbed run: show the main ones run by run.
      const per = runs.map((r, i) => {
        const round = Math.floor(i / 2) + 1;
        return `${r.target} ${round}: ${fmt(percentile(r.dots.acks, 50))} / ${fmt(percentile(r.dots.acks, 99))} ms, ${fmt(r.dots.cpuMs, 0)} ms, ${fmt(r.dots.framesPerPhonePerS)}`;
      });
      notes.push(`Dots run by run (ack p50 / p99, server CPU, frames per phone per s), in the order run: ${per.join('; ')}.`);
    }
    const summaries = (['baseline', 'Kring'] as const)
      .map((t) => summarize(runs.filter((r) => r.target === t)))
      .filter((s) => s !== undefined);
    const k = summaries.find((s) => s.target === 'Kring');
    if (k) {
      notes.push(
        `Kring's dot vote offered ${k.items} items (one per post-it). The phones' send timers were at worst ${fmt(k.dots.maxLateMs, 0)} ms late under Kring and ${fmt(summaries.find((s) => s.target === 'baseline')?.dots.maxLateMs ?? NaN, 0)} ms under the baseline (phone-side load).`,
      );
    }
    return { tables: tables(summaries, o), notes, failures: runs.flatMap((r) => r.failures) };
  },
};

interface PhaseSummary {
  /** Commands acked per run ("2,500"), or "1,931 of 2,500" over all runs when acks did not come in time. */
  acked: string;
  ackP50: number;
  ackP99: number;
  ackMax: number;
  cpuMs: number;
  /** Messages delivered (phones + console + board). */
  delivered: number;
  perPhone: number;
  consoleFrames: number;
  boardFrames: number;
  /** Server CPU per delivered message (µs). */
  cpuPerMsgUs: number;
  peakPerSecond: number;
  sendSpanS: number;
  maxLateMs: number;
}

interface Summary {
  target: TargetName;
  n: number;
  joined: string;
  items: number;
  postits: PhaseSummary;
  dots: PhaseSummary & { framesPerPhonePerS: number; boardMs: number; consoleMs: number; phonesMs: number; revealAckMs: number };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function phaseSummary(rs: Run[], f: (r: Run) => PhaseFigures): PhaseSummary {
  const acks = rs.flatMap((r) => f(r).acks);
  const m = (g: (p: PhaseFigures) => number) => mean(rs.map((r) => g(f(r))));
  const delivered = m((p) => p.phoneFrames + p.consoleFrames + p.boardFrames);
  const accepted = rs.reduce((a, r) => a + f(r).accepted, 0);
  const sent = rs.reduce((a, r) => a + f(r).accepted + f(r).refused, 0);
  return {
    // Per run (like *joined*); the total over the runs when some acks did not come.
    acked:
      accepted === sent
        ? thousands(accepted / rs.length)
        : `${thousands(accepted)} of ${thousands(sent)}${rs.length > 1 ? ` in ${rs.length} runs` : ''}`,
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    ackMax: percentile(acks, 100),
    cpuMs: m((p) => p.cpuMs),
    delivered,
    perPhone: mean(rs.map((r) => f(r).phoneFrames / Math.max(1, r.joined))),
    consoleFrames: m((p) => p.consoleFrames),
    boardFrames: m((p) => p.boardFrames),
    cpuPerMsgUs: mean(rs.map((r) => (f(r).cpuMs * 1000) / Math.max(1, f(r).phoneFrames + f(r).consoleFrames + f(r).boardFrames))),
    peakPerSecond: Math.max(...rs.map((r) => f(r).peakPerSecond)),
    sendSpanS: m((p) => p.sendSpanS),
    maxLateMs: Math.max(...rs.map((r) => f(r).maxLateMs)),
  };
}

/** Pool the samples of all rounds of one server. */
function summarize(rs: Run[]): Summary | undefined {
  if (!rs.length) return undefined;
  return {
    target: rs[0].target,
    n: rs[0].n,
    joined: [...new Set([Math.min(...rs.map((r) => r.joined)), Math.max(...rs.map((r) => r.joined))])].join('–'),
    items: Math.min(...rs.map((r) => r.items)),
    postits: phaseSummary(rs, (r) => r.postits),
    dots: {
      ...phaseSummary(rs, (r) => r.dots),
      framesPerPhonePerS: mean(rs.map((r) => r.dots.framesPerPhonePerS)),
      boardMs: mean(rs.map((r) => r.dots.boardMs)),
      consoleMs: mean(rs.map((r) => r.dots.consoleMs)),
      phonesMs: mean(rs.map((r) => r.dots.phonesMs)),
      revealAckMs: mean(rs.map((r) => r.dots.revealAckMs)),
    },
  };
}

const thousands = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');

function tables(ss: Summary[], o: BenchOptions): Table[] {
  const rounds = `${o.dotsRounds} round${o.dotsRounds === 1 ? '' : 's'} per server`;
  const n = ss[0]?.n ?? o.dotsN;
  const postits: Table = {
    title: `Post-its: ${n} phones, one \`brainstorm.add\` each, spread over ${o.postitWindowS} s (${rounds})`,
    header: [
      'server',
      'joined',
      'acked',
      'ack p50 (ms)',
      'ack p99 (ms)',
      'ack max (ms)',
      'server CPU (ms)',
      'messages delivered',
      'per phone',
      'to console',
      'to board',
      'CPU per message (µs)',
      'peak frames per phone per s',
    ],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: ss.map((s) => [
      s.target,
      s.joined,
      s.postits.acked,
      fmt(s.postits.ackP50),
      fmt(s.postits.ackP99),
      fmt(s.postits.ackMax),
      fmt(s.postits.cpuMs, 0),
      thousands(s.postits.delivered),
      fmt(s.postits.perPhone, 0),
      fmt(s.postits.consoleFrames, 0),
      fmt(s.postits.boardFrames, 0),
      fmt(s.postits.cpuPerMsgUs),
      String(s.postits.peakPerSecond),
    ]),
  };
  const dots: Table = {
    title: `Dots: ${DOTS} \`dotvote.place\` per phone over ${o.dotWindowS} s (${thousands(n * DOTS)} dots), then the reveal (${rounds})`,
    header: [
      'server',
      'acked',
      'ack p50 (ms)',
      'ack p99 (ms)',
      'ack max (ms)',
      'sends took (s)',
      'board has the tally (ms)',
      'console has every dot (ms)',
      'last phone has the tally (ms)',
      'server CPU (ms)',
      'messages delivered',
      'per phone',
      'CPU per message (µs)',
      'frames per phone per s',
      'peak frames per phone per s',
    ],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: ss.map((s) => [
      s.target,
      s.dots.acked,
      fmt(s.dots.ackP50),
      fmt(s.dots.ackP99),
      fmt(s.dots.ackMax),
      fmt(s.dots.sendSpanS),
      fmt(s.dots.boardMs),
      fmt(s.dots.consoleMs),
      fmt(s.dots.phonesMs),
      fmt(s.dots.cpuMs, 0),
      thousands(s.dots.delivered),
      fmt(s.dots.perPhone, 0),
      fmt(s.dots.cpuPerMsgUs),
      fmt(s.dots.framesPerPhonePerS),
      String(s.dots.peakPerSecond),
    ]),
  };
  const k = ss.find((s) => s.target === 'Kring');
  const b = ss.find((s) => s.target === 'baseline');
  const r = (f: (s: Summary) => number) => (k && b ? ratio(f(k), f(b)) : '–');
  const ratios: Table = {
    title: 'Kring / baseline (below 1.0×: Kring is faster, cheaper or sends less)',
    header: [
      'phase',
      'ack p50',
      'ack p99',
      'server CPU',
      'messages per phone',
      'CPU per message',
      'board has the tally',
      'console has every dot',
    ],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: [
      [
        'post-its',
        r((s) => s.postits.ackP50),
        r((s) => s.postits.ackP99),
        r((s) => s.postits.cpuMs),
        r((s) => s.postits.perPhone),
        r((s) => s.postits.cpuPerMsgUs),
        '',
        '',
      ],
      [
        'dots',
        r((s) => s.dots.ackP50),
        r((s) => s.dots.ackP99),
        r((s) => s.dots.cpuMs),
        r((s) => s.dots.perPhone),
        r((s) => s.dots.cpuPerMsgUs),
        r((s) => s.dots.boardMs),
        r((s) => s.dots.consoleMs),
      ],
    ],
  };
  return [postits, dots, ratios];
}

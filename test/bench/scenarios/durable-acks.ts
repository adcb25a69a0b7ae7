/**
 * Issue 13: durable acks per second at `synchronous=FULL` with 1, 10 and 100 concurrent
 * closed-loop senders, beside the bare server acking without storage.
 */
import { sleep } from '../lib/clock.ts';
import { isError, logSummary } from '../lib/logs.ts';
import { joinPhones, leavePhones, share } from '../lib/phones.ts';
import { loopSend } from '../lib/phones-more.ts';
import { Pool } from '../lib/pool.ts';
import type { Scenario, ScenarioContext, ScenarioResult } from '../lib/scenario.ts';
import { fmt, percentile, ratio } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import { openRoom, type TargetName } from '../lib/targets.ts';
import { command } from '../lib/watch.ts';
import { thousands, verdict } from '../lib/verdict.ts';

interface Step {
  target: TargetName;
  senders: number;
  acks: number[];
  perS: number;
  cpuMs: number;
  refused: number;
}

const EXPECTED_LOG = [/client not built/];
const TARGET_PER_S = 20_000;

export const durableAcks: Scenario = {
  id: 'durable-acks',
  title: 'Durable acks per second',
  method: `Closed loop: S phones (\`BENCH_ACK_SENDERS\`, default 1, 10 and 100) each send their next
command as soon as their previous one is acked, for \`BENCH_ACK_WINDOW_S\` seconds (5) per
S, on one server (Kring with \`synchronous\` as \`BENCH_SQLITE_SYNC\` sets it: FULL by default, as in
production). The command is a check-in answer (\`checkin.respond\`, two answers in turn; the room is made
from the \`learningNetwork\` template and its check-in is open): cheap, allowed again and
again, and stored as one event each. Kring runs with \`KRING_SOCKET_RATE=100000\` and
\`KRING_WRITE_QUOTA=100000000\` here, so that neither the per-socket rate limit nor the
write quota refuses the loop. Kring acks a command once its event is committed; the
baseline acks without storage and sends the answer to the room's consoles and the sender
only (as Kring does with a private answer).

- *Acks per second*: acks ÷ (first send → last ack) over all senders. *Ack*: send → ack
  per command. *CPU per ack*: the server's CPU time over the step ÷ acks.
- The phones joined before the first step; the steps run one after the other on the
  same server (1, then 10, then 100 senders); baseline first, then Kring.`,

  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const o = ctx.options;
    const pool = await Pool.start(o.workers, o.timeoutS * 1000, o.workerNice);
    const steps: Step[] = [];
    const failures: string[] = [];
    const notes: string[] = [];
    try {
      for (const target of ['baseline', 'Kring'] as TargetName[]) {
        const room = await openRoom(target, ctx.root, {
          sqliteSync: o.sqliteSync,
          maxLifetimeMs: o.timeoutS * 1000,
          template: 'learningNetwork',
          env: { KRING_SOCKET_RATE: '100000', KRING_WRITE_QUOTA: '100000000' },
        });
        try {
          const checkin = target === 'Kring' ? room.agenda.find((a) => a.kind === 'checkin')?.id : 'checkin';
          if (!checkin) throw new Error('the learningNetwork template has no check-in');
          if (target === 'Kring') await command(room.facilitator, 'agenda.goto', { activityId: checkin });
          const most = Math.max(...o.ackSenders);
          const join = await joinPhones(pool, room.server.url, room.participantHello, most, o.joinConcurrency);
          if (join.failed) failures.push(`${target}: ${join.failed} phones failed to join (${join.errors.join('; ')})`);
          const cmds = ['Goed, met zin in vandaag', 'Moe maar nieuwsgierig'].map((answer) => ({
            type: 'checkin.respond',
            activityId: checkin,
            answer,
            passed: false,
          }));
          for (const senders of o.ackSenders) {
            await sleep(500);
            const cpu0 = room.server.cpuMs();
            const r = await loopSend(
              pool,
              (i) => Array.from({ length: share(Math.min(senders, join.joined), pool.size, i) }, (_, j) => j),
              cmds,
              o.ackWindowS * 1000,
            );
            const cpuMs = room.server.cpuMs() - cpu0;
            const refused = Object.values(r.refused).reduce((a, b) => a + b, 0);
            if (refused) failures.push(`${target} ${senders} senders: ${refused} commands refused or not acked (${r.errors.join('; ')})`);
            const step = { target, senders, acks: r.latencies, perS: (r.latencies.length * 1000) / r.spanMs, cpuMs, refused };
            ctx.log(
              `${this.id}: ${target} ${senders} senders: ${r.latencies.length} acks, ${fmt(step.perS, 0)}/s, ` +
                `p50 ${fmt(percentile(r.latencies, 50), 2)} p99 ${fmt(percentile(r.latencies, 99), 2)} ms, CPU ${fmt(cpuMs, 0)} ms`,
            );
            steps.push(step);
          }
          await leavePhones(pool);
          const problems = room.server.problems.filter((p) => !EXPECTED_LOG.some((re) => re.test(p)));
          notes.push(...problems.map((p) => `${target} server log: ${logSummary(p)}`));
          failures.push(...problems.filter(isError).map((p) => `${target}: server error: ${logSummary(p)}`));
        } finally {
          await room.close();
        }
      }
    } finally {
      await pool.stop();
    }
    const most = Math.max(...o.ackSenders);
    const bare = steps.find((s) => s.target === 'baseline' && s.senders === most);
    if (bare && bare.perS < TARGET_PER_S) {
      notes.push(
        `The bare server itself acked only ${thousands(bare.perS)} commands a second with ${most} senders: the phone workers (on the same cores as the server) cap what this driver can measure, so the ${thousands(TARGET_PER_S)}/s target cannot be shown on this machine; Kring's figure is bounded by the same cap.`,
      );
    }
    return { tables: tables(steps, o.ackWindowS), notes, failures };
  },
};

function tables(steps: Step[], windowS: number): Table[] {
  const main: Table = {
    title: `Closed-loop senders, ${windowS} s each`,
    header: ['senders', 'server', 'acks', 'acks per s', 'ack p50 (ms)', 'ack p99 (ms)', 'CPU per ack (µs)'],
    align: ['r', 'l', 'r', 'r', 'r', 'r', 'r'],
    rows: steps.map((s) => [
      String(s.senders),
      s.target,
      thousands(s.acks.length),
      thousands(s.perS),
      fmt(percentile(s.acks, 50), 2),
      fmt(percentile(s.acks, 99), 2),
      fmt((s.cpuMs * 1000) / Math.max(1, s.acks.length), 1),
    ]),
  };
  const senders = [...new Set(steps.map((s) => s.senders))];
  const ratios: Table = {
    title: 'Kring / baseline, with the issue’s target (≥ 20,000 durable acks a second with 100 senders)',
    header: ['senders', 'acks per s', 'ack p99', 'CPU per ack', 'Kring acks per s', `target ≥ ${thousands(TARGET_PER_S)}/s`],
    align: ['r', 'r', 'r', 'r', 'r', 'l'],
    rows: senders.flatMap((n) => {
      const k = steps.find((s) => s.senders === n && s.target === 'Kring');
      const b = steps.find((s) => s.senders === n && s.target === 'baseline');
      if (!k || !b) return [];
      const cpu = (s: Step) => s.cpuMs / Math.max(1, s.acks.length);
      return [
        [
          String(n),
          ratio(k.perS, b.perS),
          ratio(percentile(k.acks, 99), percentile(b.acks, 99)),
          ratio(cpu(k), cpu(b)),
          thousands(k.perS),
          n === 100 ? verdict(-k.perS, -TARGET_PER_S) : '',
        ],
      ];
    }),
  };
  return [main, ratios];
}

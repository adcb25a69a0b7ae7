/**
 * The sending half of a phone worker (phone-worker.ts): commands at planned times
 * (`act`), and closed-loop senders (`loop`). Each phone sends on its own socket.
 */
import { nanoid } from 'nanoid';
import type { Socket } from 'socket.io-client';
import { now } from './clock.ts';
import type { FromWorker, Job } from './ipc.ts';

interface Ack {
  ok: boolean;
  seq?: number;
  error?: { code: string; message: string };
}

function refusals() {
  const refused: Record<string, number> = {};
  const errors: string[] = [];
  const refuse = (code: string, message: string) => {
    refused[code] = (refused[code] ?? 0) + 1;
    if (errors.length < 5) errors.push(`${code}: ${message}`);
  };
  return { refused, errors, refuse };
}

/** Send every job at its time (each phone on its own socket) and gather the acks. */
export async function act(sockets: (Socket | undefined)[], jobs: Job[], timeoutMs: number): Promise<FromWorker> {
  const start = now();
  const latencies: number[] = [];
  const okJob: number[] = [];
  const okSeq: number[] = [];
  const okAt: number[] = [];
  const { refused, errors, refuse } = refusals();
  let firstSentAt = Infinity;
  let lastAckAt = 0;
  let maxLateMs = 0;
  const one = (job: Job, index: number) =>
    new Promise<void>((resolve) => {
      const fire = async () => {
        const s = sockets[job.p];
        if (!s) {
          refuse('NO_PHONE', `no phone ${job.p} in this worker`);
          return resolve();
        }
        const sentAt = now();
        maxLateMs = Math.max(maxLateMs, sentAt - (start + job.at));
        if (sentAt < firstSentAt) firstSentAt = sentAt;
        try {
          const ack = (await s.timeout(timeoutMs).emitWithAck('cmd', { id: nanoid(), ...job.cmd })) as Ack;
          const ackAt = now();
          if (ack.ok) {
            latencies.push(ackAt - sentAt);
            okJob.push(index);
            okSeq.push(ack.seq ?? NaN);
            okAt.push(ackAt);
            if (ackAt > lastAckAt) lastAckAt = ackAt;
          } else {
            refuse(ack.error?.code ?? '?', `${job.cmd.type}: ${ack.error?.message}`);
          }
        } catch (e) {
          refuse('TIMEOUT', `${job.cmd.type}: ${(e as Error).message}`);
        }
        resolve();
      };
      if (job.at <= 0) void fire();
      else setTimeout(() => void fire(), job.at);
    });
  await Promise.all(jobs.map(one));
  return {
    t: 'acted',
    latencies,
    refused,
    errors,
    firstSentAt: Number.isFinite(firstSentAt) ? firstSentAt : 0,
    lastAckAt,
    maxLateMs,
    okJob,
    okSeq,
    okAt,
  };
}

/** Closed loop: every phone sends its next command as soon as its previous one is acked. */
export async function loop(sockets: Socket[], cmds: Record<string, unknown>[], windowMs: number, timeoutMs: number): Promise<FromWorker> {
  const latencies: number[] = [];
  const { refused, errors, refuse } = refusals();
  const firstSentAt = now();
  const end = firstSentAt + windowMs;
  let lastAckAt = 0;
  const sender = async (s: Socket, offset: number) => {
    for (let k = offset; now() < end; k++) {
      const cmd = cmds[k % cmds.length];
      const sentAt = now();
      try {
        const ack = (await s.timeout(timeoutMs).emitWithAck('cmd', { id: nanoid(), ...cmd })) as Ack;
        const ackAt = now();
        if (!ack.ok) {
          refuse(ack.error?.code ?? '?', `${String(cmd.type)}: ${ack.error?.message}`);
          return; // a refusal will repeat: stop this sender rather than spin
        }
        latencies.push(ackAt - sentAt);
        lastAckAt = Math.max(lastAckAt, ackAt);
      } catch (e) {
        refuse('TIMEOUT', `${String(cmd.type)}: ${(e as Error).message}`);
        return;
      }
    }
  };
  await Promise.all(sockets.map((s, i) => sender(s, i)));
  return { t: 'looped', latencies, refused, errors, firstSentAt, lastAckAt };
}

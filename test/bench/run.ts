/**
 * `npm run bench`: run the scenario modules in order against Kring and the baseline,
 * print the tables, and regenerate docs/benchmarks.md. Exits non-zero when a scenario
 * failed (a phone did not join, a frame did not arrive, a server logged an error).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { killAll } from './lib/children.ts';
import { now } from './lib/clock.ts';
import { optionsFromEnv } from './lib/options.ts';
import { machine, markdown, type Outcome } from './lib/report.ts';
import { toText } from './lib/table.ts';
import { firstRender } from './scenarios/first-render.ts';
import { planned, scenarios } from './scenarios/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const options = optionsFromEnv();
const log = (line: string) => process.stderr.write(`${line}\n`);

// Everything stops by itself: a hard limit, and no child outlives this process.
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`bench: ${signal}, stopping`);
    killAll();
    process.exit(130);
  });
}
setTimeout(() => {
  log(`bench: over the ${options.timeoutS} s limit, stopping`);
  killAll();
  process.exit(1);
}, options.timeoutS * 1000).unref();

// The phone's first render in Chromium (R-BENCH-FIRST-RENDER) comes after the load scenarios.
const all = [...scenarios, firstRender];
const selected = all.filter((s) => !options.scenarios || options.scenarios.includes(s.id));
if (!selected.length) {
  log(`bench: no scenario matches BENCH_SCENARIOS=${options.scenarios?.join(',')}; known: ${all.map((s) => s.id).join(', ')}`);
  process.exit(2);
}

const m = machine();
log(`bench: ${m.cpus} CPUs, Node ${m.node}, ulimit -n ${m.fdSoft} (hard ${m.fdHard}); N = ${options.ns.join(', ')}`);
// Node lifts its soft limit to the hard one; the server needs one descriptor per phone.
const ran = (id: string) => selected.some((s) => s.id === id);
const most = Math.max(
  ...(ran('room-join-fanout') ? options.ns : []),
  ...(ran('join-storm') ? options.stormNs : []),
  ran('town-hall') || ran('town-hall-scale') ? options.townN : 0,
  ran('many-rooms') ? options.rooms * options.roomPhones : 0,
  ran('ramp') ? options.rampN : 0,
  ran('postits-dots') ? options.dotsN : 0,
  ...(ran('postits-pace') ? options.paceNs : []),
);
if (m.fdHard !== 'unlimited' && Number(m.fdHard) < most + 100) {
  log(`bench: warning: ulimit -Hn ${m.fdHard} is too low for ${most} phones; joins will fail`);
}

const started = now();
const date = new Date();
const loadStart = os.loadavg()[0];
const outcomes: Outcome[] = [];
for (const scenario of selected) {
  try {
    outcomes.push({ scenario, result: await scenario.run({ root, options, log }) });
  } catch (e) {
    log(`bench: ${scenario.id} failed: ${(e as Error).stack ?? e}`);
    outcomes.push({ scenario, error: (e as Error).message });
  }
}
const durationS = (now() - started) / 1000;
const load = { start: loadStart, end: os.loadavg()[0] };

for (const { scenario, result, error } of outcomes) {
  console.log(`\n=== ${scenario.title} ===\n`);
  if (error) console.log(`FAILED: ${error}`);
  for (const t of result?.tables ?? []) console.log(`${toText(t)}\n`);
  for (const n of result?.notes ?? []) console.log(`- ${n}`);
  for (const f of result?.failures ?? []) console.log(`FAILURE: ${f}`);
}
console.log(`\nbench took ${durationS.toFixed(0)} s (load average ${load.start.toFixed(1)} → ${load.end.toFixed(1)} on ${m.cpus} CPUs)`);

if (options.out !== '-') {
  const file = path.resolve(root, options.out);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // The download sizes are measured by a test (test/e2e/size.e2e.test.ts), not here: keep
  // that section of the file as it is.
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const sizes = /<!-- sizes:start -->[\s\S]*<!-- sizes:end -->/.exec(previous)?.[0];
  // So is the written analysis of a run (what a missed target's cause was): kept until edited.
  const analysis = /<!-- analysis:start -->[\s\S]*<!-- analysis:end -->/.exec(previous)?.[0];
  const body = markdown({ outcomes, planned, options, machine: m, date, durationS, load });
  const kept = [analysis, sizes].filter(Boolean).join('\n\n');
  fs.writeFileSync(file, kept ? body.replace('\n## Scenarios\n', `\n${kept}\n\n## Scenarios\n`) : body);
  console.log(`wrote ${path.relative(root, file)}`);
}

const failed = outcomes.some((o) => o.error || o.result!.failures.length);
process.exit(failed ? 1 : 0);

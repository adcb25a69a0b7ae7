/**
 * R-BENCH-FIRST-RENDER (a benchmark, not a test): how long a phone on a slow network and
 * a slow CPU waits, after opening the join link, for the first paint and for the first
 * screen that means something (the waiting text, or the current activity). Real Chromium
 * (playwright-core, the system browser as in the browser tests) with the DevTools "Slow
 * 3G" conditions and a 4× CPU slowdown, against Kring serving its built client, and
 * against a bare page on the bare Socket.IO server (baseline-phone-page.ts) in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../../shared/i18n/index.ts';
import { launchBrowser } from '../../e2e/browser.ts';
import { withTimeout } from '../lib/clock.ts';
import { isError, logSummary } from '../lib/logs.ts';
import type { Scenario, ScenarioContext, ScenarioResult } from '../lib/scenario.ts';
import { startServer, type ServerHandle } from '../lib/server.ts';
import { fmt, percentile, ratio } from '../lib/stats.ts';
import type { Table } from '../lib/table.ts';
import { openRoom, type Room } from '../lib/targets.ts';

const LANGS = ['nl', 'ar'] as const;
type Lang = (typeof LANGS)[number];
type Target = 'baseline' | 'Kring';

/** DevTools' "Slow 3G": 400 ms added to every request, 400 kbit/s each way. */
const NETWORK = { offline: false, latency: 400, downloadThroughput: 51_200, uploadThroughput: 51_200 };
const CPU_SLOWDOWN = 4;
/** Measured loads per language and page, BENCH_RENDER_RUNS (3, at most 9); the median is reported. */
const RUNS = Math.max(1, Math.min(9, Math.round(Number(process.env.BENCH_RENDER_RUNS) || 3)));
/** A load that shows nothing meaningful within this long failed. */
const LOAD_TIMEOUT_MS = 90_000;
/** A mid-range phone: 360 × 740 CSS pixels at 2×, touch, in the language measured. */
const phoneContext = (lang: Lang) => ({
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: lang === 'nl' ? 'nl-BE' : 'ar',
});

interface Load {
  /** Navigation start → first contentful paint (ms). */
  fcp: number;
  /** Navigation start → the first frame showing the waiting text or the current activity's heading (ms). */
  render: number;
  /** HTTP responses the page had received by the render (the page, scripts, styles, words, Socket.IO polling). */
  requests: number;
  /** Their bytes on the wire (headers included) and their bodies before and after decoding. */
  transferred: number;
  encodedBody: number;
  decodedBody: number;
}

export const firstRender: Scenario = {
  id: 'first-render',
  title: 'Phone first render on a slow network',
  method: `A phone opens the join link of a fresh session in real Chromium (playwright-core,
the system browser, headless; a 360 × 740 phone at 2×, touch) with the DevTools "Slow 3G"
conditions through the Chrome DevTools Protocol (\`Network.emulateNetworkConditions\`:
${NETWORK.latency} ms latency, ${(NETWORK.downloadThroughput * 8) / 1024} kbit/s down and up) and a ${CPU_SLOWDOWN}× slower CPU
(\`Emulation.setCPUThrottlingRate\`), with a fresh cache (a new browser context for every
load, and \`Network.clearBrowserCache\`). For Dutch (\`nl\`) and Arabic (\`ar\`), each with its
own session in that language and a browser in that language; no activity is current, so
the phone's meaningful screen is its waiting text.

- *First contentful paint*: navigation start → the \`first-contentful-paint\` paint entry.
  The bare page paints its heading as soon as its HTML is in; Kring's \`phone.html\` has an
  empty body, so its first paint waits for its script and style and then for its words
  (\`phone.ts\` fetches them before it mounts the page).
- *First render*: navigation start → the first frame (the \`requestAnimationFrame\` after a
  DOM change) in which the phone's waiting text, \`translate(lang, 'phone.waiting')\`, or the
  current activity's heading is visible. Kring shows it after the page, its script and
  style, its words (\`/i18n/<lang>/common.json\`, \`phone.json\`), the Socket.IO handshake and
  the \`hello\` ack.
- *Requests*, *transferred* and *decoded*: the HTTP responses the page had received by
  that frame (the Resource Timing entries present then: the page, scripts, style, words and
  the Socket.IO polling requests; WebSocket frames are not HTTP responses), their bytes on
  the wire (\`transferSize\`, headers included) and their bodies decoded. Chromium applies
  the emulated latency and throughput per HTTP request, above the network stack, so the
  entries' own timestamps (e.g. the first byte) do not show the delays and are not reported.
- **Baseline**: the same page-load procedure against the bare Socket.IO server of the other
  scenarios (\`test/bench/baseline-server.ts\`, unchanged) with a bare static page in front
  (\`test/bench/baseline-phone-page.ts\`): a heading and the waiting text in the same
  language, the Socket.IO client bundle (\`socket.io.min.js\`) and an inline script that
  connects with the client's defaults, says \`hello\` and shows the text on the ack. It is the
  least a page can do to show a server-confirmed room, so Kring ÷ baseline is what Kring's
  page, words and protocol add on the same link.
- **Runs**: Kring (with a fresh data folder, serving the built client from \`dist/\`: run
  \`npm run build\` first) and the baseline each run as one server process for the whole
  scenario; one unmeasured, unthrottled load per page and language warms them up. Then
  \`BENCH_RENDER_RUNS\` (3) loads per page and language, alternating which page goes first
  (ABBA); the tables show the median and the range. Run it alone with
  \`BENCH_SCENARIOS=first-render npm run bench\`.`,

  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const o = ctx.options;
    const failures: string[] = [];
    const notes: string[] = [];
    const fail = (what: string) => {
      ctx.log(`${this.id}: ${what}`);
      failures.push(what);
    };
    const started = { at: new Date(), load: os.loadavg()[0] };
    const clientDir = path.resolve(process.env.BENCH_CLIENT_DIR ?? path.join(ctx.root, 'dist'));
    if (!fs.existsSync(path.join(clientDir, 'phone.html'))) throw new Error('dist/phone.html is missing: run `npm run build` first');
    const clientBuilt = fs.statSync(path.join(clientDir, 'phone.html')).mtime;

    let room: Room | undefined;
    let bare: ServerHandle | undefined;
    let browser: Browser | undefined;
    const loads = new Map<string, Load[]>();
    const key = (lang: Lang, target: Target) => `${lang} ${target}`;
    try {
      room = await openRoom('Kring', ctx.root, {
        sqliteSync: o.sqliteSync,
        maxLifetimeMs: o.timeoutS * 1000,
        env: { KRING_CLIENT_DIR: clientDir },
      });
      bare = await startServer({
        name: 'baseline',
        script: 'test/bench/baseline-phone-page.ts',
        cwd: ctx.root,
        maxLifetimeMs: o.timeoutS * 1000,
      });
      const codes: Record<Lang, string> = { nl: String(room.participantHello.code), ar: await newSession(room.server.url, 'ar') };
      const urls = (lang: Lang): Record<Target, string> => ({
        Kring: `${room!.server.url}/j/${codes[lang]}`,
        baseline: `${bare!.url}/j/${lang}`,
      });
      notes.push(await compression(room.server.url, codes.nl, bare.url));
      browser = await launchBrowser();
      ctx.log(`${this.id}: Chromium ${browser.version()}; ${RUNS} runs per page and language`);

      for (const lang of LANGS) {
        for (const target of ['Kring', 'baseline'] as const) {
          await load(browser, urls(lang)[target], lang, false).catch((e) => fail(`${target} ${lang}: warm-up: ${(e as Error).message}`));
        }
      }
      for (let run = 0; run < RUNS; run++) {
        for (const lang of LANGS) {
          const order: Target[] = run % 2 === 0 ? ['Kring', 'baseline'] : ['baseline', 'Kring'];
          for (const target of order) {
            try {
              const l = await load(browser, urls(lang)[target], lang, true);
              loads.set(key(lang, target), [...(loads.get(key(lang, target)) ?? []), l]);
              ctx.log(`${this.id}: ${lang} ${target} run ${run + 1}: FCP ${fmt(l.fcp, 0)} ms, first render ${fmt(l.render, 0)} ms`);
            } catch (e) {
              fail(`${target} ${lang}, run ${run + 1}: ${(e as Error).message}`);
            }
          }
        }
      }
      const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');
      notes.push(
        `Measured ${iso(started.at)} (load average ${fmt(started.load)} → ${fmt(os.loadavg()[0])} on ${os.availableParallelism()} CPUs), in Chromium ${browser.version()}, with Kring's client as built at ${iso(clientBuilt)} (\`dist/\`).`,
      );
    } finally {
      await browser?.close().catch(() => {});
      await room?.close();
      await bare?.stop();
    }

    const med = (xs: Load[], f: (l: Load) => number) => percentile(xs.map(f), 50);
    const range = (xs: Load[], f: (l: Load) => number) =>
      xs.length ? `${fmt(Math.min(...xs.map(f)), 0)}–${fmt(Math.max(...xs.map(f)), 0)}` : '–';
    const ms = (xs: Load[], f: (l: Load) => number) => fmt(med(xs, f), 0);
    const kib = (n: number) => fmt(n / 1024, 1);
    const rows: string[][] = [];
    const ratios: string[][] = [];
    for (const lang of LANGS) {
      for (const target of ['baseline', 'Kring'] as const) {
        const xs = loads.get(key(lang, target)) ?? [];
        rows.push([
          lang,
          target,
          String(xs.length),
          ms(xs, (l) => l.fcp),
          range(xs, (l) => l.fcp),
          ms(xs, (l) => l.render),
          range(xs, (l) => l.render),
          ms(xs, (l) => l.requests),
          kib(med(xs, (l) => l.transferred)),
          kib(med(xs, (l) => l.decodedBody)),
        ]);
      }
      const k = loads.get(key(lang, 'Kring')) ?? [];
      const b = loads.get(key(lang, 'baseline')) ?? [];
      const both = (f: (l: Load) => number) => ratio(med(k, f), med(b, f));
      ratios.push([lang, both((l) => l.fcp), both((l) => l.render), both((l) => l.requests), both((l) => l.transferred)]);
    }
    for (const lang of LANGS) {
      const runs = (t: Target) => (loads.get(key(lang, t)) ?? []).map((l) => `${fmt(l.fcp, 0)} / ${fmt(l.render, 0)}`).join(', ') || '–';
      notes.push(`${lang} run by run (FCP / first render, ms): Kring ${runs('Kring')}; baseline ${runs('baseline')}.`);
    }

    const problems = [...(room?.server.problems ?? []).map((p) => ['Kring', p]), ...(bare?.problems ?? []).map((p) => ['baseline', p])];
    for (const [who, p] of problems) {
      ctx.log(`${who} server log: ${p}`);
      notes.push(`${who} server log: ${logSummary(p)}`);
      if (isError(p)) failures.push(`${who}: server error: ${logSummary(p)}`);
    }

    const conditions = `Slow 3G (${NETWORK.latency} ms, ${(NETWORK.downloadThroughput * 8) / 1024} kbit/s) and a ${CPU_SLOWDOWN}× CPU slowdown, fresh cache`;
    const tables: Table[] = [
      {
        title: `Phone first render: join link → first paint and waiting text, ${conditions}; median of ${RUNS} loads`,
        header: [
          'lang',
          'page',
          'loads',
          'first contentful paint (ms)',
          'range (ms)',
          'first render (ms)',
          'range (ms)',
          'requests',
          'transferred (KiB)',
          'decoded (KiB)',
        ],
        align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
        rows,
      },
      {
        title: 'Kring / baseline (1.0× = as fast as a bare page that only connects to Socket.IO)',
        header: ['lang', 'first contentful paint', 'first render', 'requests', 'transferred'],
        rows: ratios,
      },
    ];
    return { tables, notes, failures };
  },
};

/**
 * Whether Kring compresses what the phone page loads first (its script and style), asked
 * as a browser asks (`Accept-Encoding: gzip, deflate, br`), for a note next to the tables.
 */
async function compression(url: string, code: string, bareUrl: string): Promise<string> {
  const html = await (await fetch(`${url}/j/${code}`, { signal: AbortSignal.timeout(10_000) })).text();
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const sent = await Promise.all(
    files.map(async (file) => {
      const res = await fetch(`${url}${file}`, {
        headers: { 'accept-encoding': 'gzip, deflate, br' },
        signal: AbortSignal.timeout(10_000),
      });
      const body = Buffer.from(await res.arrayBuffer());
      return { encoding: res.headers.get('content-encoding'), raw: body.length, gz: zlib.gzipSync(body, { level: 9 }).length };
    }),
  );
  const raw = sent.reduce((n, f) => n + f.raw, 0);
  const gz = sent.reduce((n, f) => n + f.gz, 0);
  const kib = (n: number) => fmt(n / 1024, 1);
  // Files under 1 KiB are not worth compressing (the build leaves them as they are).
  const plain = sent.filter((f) => !f.encoding && f.raw >= 1024);
  const bundle = await fetch(`${bareUrl}/socket.io.min.js`, { signal: AbortSignal.timeout(10_000) });
  const bundleKiB = kib((await bundle.arrayBuffer()).byteLength);
  if (!plain.length)
    return `Both send their scripts compressed to a browser that accepts it: Kring the phone page's ${sent.filter((f) => f.encoding).length} larger script and style files (${[...new Set(sent.flatMap((f) => (f.encoding ? [f.encoding] : [])))].join(', ')}; files under 1 KiB as they are, ${kib(raw)} KiB before compression), the baseline its Socket.IO bundle (${bundleKiB} KiB before compression), so the transfers compare like with like.`;
  return `Kring sends the phone page's script and style (${files.length} files, ${kib(raw)} KiB) uncompressed, also when the browser accepts gzip and br (no \`Content-Encoding\`); gzipped (-9) they would be ${kib(gz)} KiB. On this link (${NETWORK.downloadThroughput / 1024} KiB/s) the difference is about ${fmt((raw - gz) / NETWORK.downloadThroughput, 1)} s of every first load. The baseline's bundle goes out uncompressed too (${bundleKiB} KiB), so the ratios compare like with like.`;
}

/** A session in `lang` on the Kring server: its join code. */
async function newSession(url: string, lang: Lang): Promise<string> {
  const res = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Bench', lang }),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 201) throw new Error(`POST /api/sessions: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { code: string }).code;
}

declare global {
  interface Window {
    __benchRender?: Omit<Load, 'fcp'>;
  }
}

/**
 * Before any script of the page: watch the DOM, and note the time of the first frame in
 * which one of `texts` is visible (the paint of that frame follows its rAF callbacks), with
 * the responses the page had received by then (Resource Timing entries appear when a
 * response reaches the page; their own timestamps would not show the emulated delays).
 * A string, not a function: tsx's helpers (`__name`) do not exist in the page.
 */
const watchForRender = (texts: string[]) => `(() => {
  const texts = ${JSON.stringify(texts)};
  let found = false;
  const visible = () => [...document.querySelectorAll('h1, h2, h3, p')].some(
    (el) => texts.includes((el.textContent || '').trim()) && el.checkVisibility() && el.getClientRects().length > 0,
  );
  new MutationObserver(() => {
    if (found || !visible()) return;
    found = true;
    requestAnimationFrame((t) => {
      const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
      const sum = (k) => all.reduce((n, e) => n + e[k], 0);
      window.__benchRender = {
        render: t,
        requests: all.length,
        transferred: sum('transferSize'),
        encodedBody: sum('encodedBodySize'),
        decodedBody: sum('decodedBodySize'),
      };
    });
  }).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
})();`;

/** One load of `url` in a fresh context; throttled (and measured) or not (a warm-up). */
async function load(browser: Browser, url: string, lang: Lang, throttled: boolean): Promise<Load> {
  const ctx = await browser.newContext(phoneContext(lang));
  try {
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The waiting text; with an activity current its heading would count too (none is, here).
    await page.addInitScript({ content: watchForRender([translate(lang, 'phone.waiting')]) });
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    if (throttled) {
      await cdp.send('Network.emulateNetworkConditions', NETWORK);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    }
    await withTimeout(
      (async () => {
        await page.goto(url, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
        await page.waitForFunction(() => window.__benchRender !== undefined, undefined, { timeout: LOAD_TIMEOUT_MS, polling: 100 });
      })(),
      LOAD_TIMEOUT_MS + 5000,
      `the first render of ${new URL(url).pathname}`,
    );
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return await measured(page);
  } finally {
    await ctx.close().catch(() => {});
  }
}

/** The render as noted in the page, and the first contentful paint (navigation start → paint, ms). */
async function measured(page: Page): Promise<Load> {
  const [r, fcp] = (await page.evaluate(
    "[window.__benchRender, performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null]",
  )) as [Omit<Load, 'fcp'>, number | null];
  return { ...r, fcp: fcp ?? NaN };
}

/**
 * R-LINT-CYCLE: the import graph has no cycle, and shared/ imports neither server/ nor client/
 * (client/ does not import server/ either), checked by `npm run lint` with the project's
 * eslint.config.js (import-x/no-cycle, import-x/no-restricted-paths). Rule ids: test/SPEC.md.
 *
 * The planted files under test/lint/fixtures/ (left out of `npm run lint`) prove that the rules,
 * with their resolver and parsers, do report a cycle, also through Svelte components; planted
 * text linted as if it lived in shared/ or client/ proves the boundaries. Then the real tree
 * must come out clean.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve('.');
const FIXTURES = path.join(ROOT, 'test/lint/fixtures');
const CYCLE = 'import-x/no-cycle';
const RESTRICTED = 'import-x/no-restricted-paths';

/** The project's config; `ignore: false` so the planted fixtures are linted too. */
const eslint = new ESLint({ cwd: ROOT, ignore: false });

type Finding = { file: string; line: number; ruleId: string | null; message: string };

function findings(results: ESLint.LintResult[], ruleId?: string): Finding[] {
  return results.flatMap((r) =>
    r.messages
      .filter((m) => ruleId === undefined || m.ruleId === ruleId)
      .map((m) => ({ file: path.relative(ROOT, r.filePath), line: m.line, ruleId: m.ruleId, message: m.message })),
  );
}

describe('R-LINT-CYCLE: import-x/no-cycle', () => {
  it('reports two modules that import each other', async () => {
    const results = await eslint.lintFiles([path.join(FIXTURES, 'cycle')]);
    expect(findings(results, CYCLE).map((f) => `${f.file}:${f.line}`)).toEqual([
      'test/lint/fixtures/cycle/a.ts:2',
      'test/lint/fixtures/cycle/b.ts:2',
    ]);
  });

  it('reports a cycle through a component, seen from either side', async () => {
    const results = await eslint.lintFiles([path.join(FIXTURES, 'svelte-cycle')]);
    expect(findings(results, CYCLE).map((f) => `${f.file}:${f.line}`)).toEqual([
      'test/lint/fixtures/svelte-cycle/Tally.svelte:3',
      'test/lint/fixtures/svelte-cycle/views.ts:2',
    ]);
  });

  it('reports a cycle between two components', async () => {
    const results = await eslint.lintFiles([path.join(FIXTURES, 'component-cycle')]);
    expect(findings(results, CYCLE).map((f) => `${f.file}:${f.line}`)).toEqual([
      'test/lint/fixtures/component-cycle/Entry.svelte:3',
      'test/lint/fixtures/component-cycle/Outline.svelte:4',
    ]);
  });

  it('finds no cycle in the real tree (shared/, client/src/, server/)', async () => {
    // Only the cycle rule runs here: other findings are `npm run lint`'s business.
    const only = new ESLint({ cwd: ROOT, ruleFilter: ({ ruleId }) => ruleId === CYCLE });
    const results = await only.lintFiles(['shared', 'client/src', 'server']);
    expect(results.length).toBeGreaterThan(50);
    // Parse errors (ruleId null) would hide a file's imports, so they fail the test too.
    expect(findings(results)).toEqual([]);
  }, 300_000);
});

describe('R-LINT-CYCLE: import boundaries (import-x/no-restricted-paths)', () => {
  /** Lint planted text as if it were a file at `file` (nothing is written there). */
  async function plant(file: string, code: string): Promise<Finding[]> {
    return findings(await eslint.lintText(code, { filePath: path.join(ROOT, file) }), RESTRICTED);
  }

  it('shared/ must not import server/', async () => {
    const found = await plant(
      'shared/__planted__.ts',
      "import { configFromEnv } from '../server/config.ts';\nexport const c = configFromEnv;\n",
    );
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('"../server/config.ts"');
  });

  it('shared/ must not import client/', async () => {
    const found = await plant('shared/activities/__planted__.ts', "import '../../client/src/main.ts';\nexport const planted = true;\n");
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('"../../client/src/main.ts"');
  });

  it('client/ must not import server/, also from a component', async () => {
    const found = await plant(
      'client/src/views/__Planted__.svelte',
      '<script lang="ts">\n  import { configFromEnv } from \'../../../server/config.ts\';\n  const c = configFromEnv();\n</script>\n\n<p>{c.port}</p>\n',
    );
    expect(found).toHaveLength(1);
    expect(found[0].line).toBe(2);
  });

  it('lets shared/ import shared/ and client/ import shared/', async () => {
    expect(await plant('shared/__planted__.ts', "import { SessionId } from './protocol.ts';\nexport const s = SessionId;\n")).toEqual([]);
    expect(
      await plant(
        'client/src/lib/__planted__.ts',
        "import { SessionId } from '../../../shared/protocol.ts';\nexport const s = SessionId;\n",
      ),
    ).toEqual([]);
  });
});

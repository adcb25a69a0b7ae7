/** What a scenario module provides; run.ts runs them in order and builds the report. */
import type { BenchOptions } from './options.ts';
import type { Table } from './table.ts';

export interface ScenarioContext {
  /** Repository root (servers are started from here). */
  root: string;
  options: BenchOptions;
  /** Progress on stderr; kept out of the report. */
  log: (line: string) => void;
}

export interface ScenarioResult {
  tables: Table[];
  /** Facts worth reading next to the tables (one line each, Markdown). */
  notes: string[];
  /** Anything that makes the run invalid (missed frames, failed joins, server errors). */
  failures: string[];
}

export interface Scenario {
  /** Stable id, used by BENCH_SCENARIOS. */
  id: string;
  /** Heading in docs/benchmarks.md. */
  title: string;
  /** Markdown: what is measured and how, kept in the generated report. */
  method: string;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}

/** A scenario that is planned but not written yet: it keeps its place in the report. */
export interface PlannedScenario {
  id: string;
  title: string;
  plan: string;
}

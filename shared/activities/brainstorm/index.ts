/** The brainstorm's schemas and rules in one place, for the server and tests. Views import rules.ts (no valibot). */
export * from './schema.ts';
export * from './rules.ts';

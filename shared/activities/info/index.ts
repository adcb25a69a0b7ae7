/** The info card for tests and the server: its schemas and its rules. */
export * from './schema.ts';
export * from './rules.ts';

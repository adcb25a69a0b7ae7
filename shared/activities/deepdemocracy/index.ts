/** The Deep Democracy kind's schemas, types and rules in one import (for the server and tests; views import rules.ts). */
export * from './schema.ts';
export * from './rules.ts';

// The worker thread of PgStore (store-pg-sync.ts) starts here: it loads pg-worker.ts through
// tsx's loader, in a namespace of its own (the thread may or may not have inherited one).
import { register } from 'tsx/esm/api';

await register({ namespace: 'kring-pg-worker' }).import('./pg-worker.ts', import.meta.url);

// `npm run backup [-- target.db]`: a consistent online copy of the SQLite database, safe
// while the server runs (SQLite's backup API; copying the file alone can miss the WAL).
import path from 'node:path';
import Database from 'better-sqlite3';

const dataDir = path.resolve(process.env.KRING_DATA_DIR ?? './data');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const target = process.argv[2] ?? path.join(dataDir, `kring-backup-${stamp}.db`);
const db = new Database(path.join(dataDir, 'kring.db'), { readonly: true, fileMustExist: true });
await db.backup(target);
db.close();
console.log(`Backup written to ${target}`);

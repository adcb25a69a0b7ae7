// `npm run backup [-- target.db]`: a consistent online copy of the SQLite database, safe
// while the server runs (SQLite's backup API; copying the file alone can miss the WAL).
// The sessions' pseudonym keys (KRING_DATA_DIR/keys, R-DD-PSEUDONYM) are copied beside it as
// `<target>.keys/`: keep the two apart (the database alone cannot name Deep Democracy voters).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const dataDir = path.resolve(process.env.KRING_DATA_DIR ?? './data');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const target = process.argv[2] ?? path.join(dataDir, `kring-backup-${stamp}.db`);
const db = new Database(path.join(dataDir, 'kring.db'), { readonly: true, fileMustExist: true });
await db.backup(target);
db.close();
console.log(`Backup written to ${target}`);
const keys = path.join(dataDir, 'keys');
if (fs.existsSync(keys)) {
  fs.cpSync(keys, `${target}.keys`, { recursive: true });
  console.log(`Pseudonym keys written to ${target}.keys (store them apart from the database copy)`);
}

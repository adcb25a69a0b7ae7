/**
 * R-DD-PSEUDONYM: the sessions' pseudonym keys, one file each in `keys/` in the data folder,
 * beside the database and never in it: a copy of the database alone cannot tell whose
 * ballot a pseudonym is; deleting a session deletes its key, and with it the last way to
 * link its ballots to people (also in older backups of the database).
 */
import fs from 'node:fs';
import path from 'node:path';
import { newPseudonymKey, PSEUDONYM_KEY_BYTES } from './secrets.ts';

/** The folder (in the data folder) of the sessions' pseudonym keys. */
export const KEYS_DIR = 'keys';
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function keyFile(dir: string, sessionId: string) {
  if (!SAFE_ID.test(sessionId)) throw new Error('not a session id');
  return path.join(dir, `${sessionId}.key`);
}

/**
 * The session's key, made (durably, readable by the server's user only) when it has none.
 * A key file of the wrong size is refused: a new key would split everyone's open ballots.
 */
export function readOrMakeKey(dir: string, sessionId: string): Buffer {
  const file = keyFile(dir, sessionId);
  try {
    const key = fs.readFileSync(file);
    if (key.length !== PSEUDONYM_KEY_BYTES) throw new Error(`the pseudonym key of session ${sessionId} is damaged (${file})`);
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = newPseudonymKey();
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, key);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  return key;
}

/** Remove the session's key; false when it could not be removed. */
export function removeKey(dir: string, sessionId: string): boolean {
  try {
    fs.rmSync(keyFile(dir, sessionId), { force: true });
    return true;
  } catch {
    return false;
  }
}

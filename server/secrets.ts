/** Keys, tokens and join codes. Secrets are stored only as SHA-256 hashes. */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { customAlphabet, nanoid } from 'nanoid';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../shared/protocol.ts';

export const newJoinCode = customAlphabet(JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH);
export const newSecret = () => nanoid(32);
export const newId = () => nanoid(12);
export const hashSecret = (s: string) => createHash('sha256').update(s).digest('hex');

export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Bytes of a session's pseudonym key (R-DD-PSEUDONYM). */
export const PSEUDONYM_KEY_BYTES = 32;
export const newPseudonymKey = () => randomBytes(PSEUDONYM_KEY_BYTES);
/** Hex characters of a pseudonym: 88 bits, no collisions among a session's participants. */
export const PSEUDONYM_LENGTH = 22;

/**
 * A participant's pseudonym in one scope (an activity): HMAC-SHA256 under the session's
 * key, shortened. Without the key it names nobody; with it, the server finds a voter's own
 * ballot again (one vote per person).
 */
export function pseudonym(key: Buffer, scope: string, participantId: string): string {
  return createHmac('sha256', key).update(`${scope}:${participantId}`).digest('hex').slice(0, PSEUDONYM_LENGTH);
}

/**
 * R-DISK: a room whose writes fail (a full disk, a read-only or broken data folder) goes
 * read-only instead of taking the process down. The failure is logged once; every view is
 * told (`status`); a probe retries now and then, and the first write that succeeds again
 * (a probe or a command) ends it.
 */

/** The little of pino a room uses (Fastify's logger fits). */
export interface RoomLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Without a logger (tests of a bare Rooms): one JSON line on stderr, like pino's. */
export const stderrLog: RoomLog = {
  error: (obj, msg) => console.error(JSON.stringify({ level: 50, ...plain(obj), msg })),
  warn: (obj, msg) => console.error(JSON.stringify({ level: 40, ...plain(obj), msg })),
  info: (obj, msg) => console.error(JSON.stringify({ level: 30, ...plain(obj), msg })),
};

function plain(obj: object): object {
  const err = (obj as { err?: unknown }).err;
  return err instanceof Error ? { ...obj, err: { message: err.message, code: (err as { code?: unknown }).code } } : obj;
}

/** A write refused for want of storage: nothing of it was stored. */
export class ReadOnlyError extends Error {
  readonly code = 'READ_ONLY' as const;
  constructor(options?: { cause?: unknown }) {
    super('the server cannot save right now; nothing was changed', options);
  }
}

const SQLITE_STORAGE = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|NOMEM|CORRUPT|NOTADB|PERM)/;
const OS_STORAGE = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EACCES', 'EPERM', 'ENOENT', 'ENOTDIR']);

/** Whether an error says the storage cannot take writes (rather than a bug in the write). */
export function isStorageError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (SQLITE_STORAGE.test(code) || OS_STORAGE.has(code) || code === 'PG_UNAVAILABLE');
}

/** The error's code only: SQLite's messages name no data, but a code is all a log line needs. */
export const errorCode = (e: unknown): string => String((e as { code?: unknown } | null)?.code ?? (e as Error)?.name ?? 'unknown');

export interface HealthOptions {
  sessionId: string;
  log: RoomLog;
  /** How often a read-only room tries to write again (ms). */
  probeMs: number;
  /** One write that shows whether storage works again; throws when it does not. */
  probe(): void;
  /** Read-only began (true) or ended (false). */
  changed(readOnly: boolean): void;
}

export class WriteHealth {
  #o: HealthOptions;
  #readOnly = false;
  #probe: ReturnType<typeof setTimeout> | null = null;
  #disposed = false;

  constructor(options: HealthOptions) {
    this.#o = options;
  }

  get readOnly(): boolean {
    return this.#readOnly;
  }

  /** A write failed: go read-only (logged and announced once) and keep probing. */
  failed(e: unknown, what: string): void {
    if (!this.#readOnly) {
      this.#readOnly = true;
      this.#o.log.error(
        { sessionId: this.#o.sessionId, what, code: errorCode(e) },
        'a write failed; the room is read-only until writes succeed again',
      );
      this.#o.changed(true);
    }
    this.#arm();
  }

  /** A write succeeded: writable again (logged and announced when it was read-only). */
  succeeded(): void {
    if (!this.#readOnly) return;
    this.#readOnly = false;
    if (this.#probe) clearTimeout(this.#probe);
    this.#probe = null;
    this.#o.log.info({ sessionId: this.#o.sessionId }, 'writes succeed again; the room is writable');
    this.#o.changed(false);
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#probe) clearTimeout(this.#probe);
    this.#probe = null;
  }

  #arm(): void {
    if (this.#probe || this.#disposed) return;
    this.#probe = setTimeout(() => {
      this.#probe = null;
      if (!this.#readOnly || this.#disposed) return;
      try {
        this.#o.probe();
      } catch {
        this.#arm();
        return;
      }
      this.succeeded();
    }, this.#o.probeMs);
    this.#probe.unref?.();
  }
}

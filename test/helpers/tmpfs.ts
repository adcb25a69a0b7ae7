/**
 * A small real tmpfs for the disk tests (R-DISK): mounted in a temp folder (root only; a
 * test skips with the reason where it cannot mount), unmounted after the file's tests, and
 * filled until a write fails with ENOSPC.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { afterAll } from 'vitest';

const mounts: string[] = [];

export function tryMount(options: string): { dir?: string; reason?: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
    mounts.push(dir);
    return { dir };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { reason: String((e as { stderr?: Buffer }).stderr ?? e).trim() || 'mount failed' };
  }
}

/** Unmount what this file mounted, after its tests (call once at the top of a test file). */
export function unmountAfterAll(): void {
  afterAll(() => {
    for (const dir of mounts.splice(0).reverse()) {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        // already gone
      }
    }
  });
}

/** Fill the file system that holds `dir` until a write fails (ENOSPC); returns the filler. */
export function fill(dir: string): string {
  const filler = path.join(dir, `filler-${nanoid(6)}`);
  const fd = fs.openSync(filler, 'w');
  try {
    for (const size of [1 << 20, 64 << 10, 4 << 10, 512, 1]) {
      const chunk = Buffer.alloc(size, 120);
      for (let i = 0; i < 10_000; i++) {
        try {
          fs.writeSync(fd, chunk);
        } catch (e) {
          if ((e as { code?: string }).code !== 'ENOSPC') throw e;
          break;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

/** Server log lines, made safe for the committed report. */

/**
 * A server log line for the report: level and message only, with anything that looks
 * like a secret blanked (the report is committed; full lines go to stderr only).
 */
export function logSummary(line: string): string {
  let level = '?';
  let msg = line;
  try {
    const rec = JSON.parse(line) as { level?: number; msg?: string };
    level = String(rec.level ?? '?');
    msg = rec.msg ?? '';
  } catch {
    // not JSON: keep the text
  }
  const clean = msg
    .replace(/[A-Za-z0-9_-]{16,}/g, '…')
    .replace(/`/g, "'")
    .slice(0, 200);
  return `level ${level}: \`${clean}\``;
}

/** pino error/fatal lines, unexpected exits and anything that is not a JSON log line. */
export function isError(line: string): boolean {
  try {
    return ((JSON.parse(line) as { level?: number }).level ?? 0) >= 50;
  } catch {
    return true;
  }
}

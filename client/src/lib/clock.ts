/** Countdown text: whole seconds rounded up, so a fresh 5-minute timer reads 5:00, not 4:59. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Milliseconds until the displayed second changes (for a tick aligned to the countdown). */
export function msToNextSecond(ms: number): number {
  const r = ms % 1000;
  return r === 0 ? 1000 : r;
}

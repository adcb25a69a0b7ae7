/**
 * The title of the next session of a series (R-SERIES-CARRY), the same on the console's
 * form and on the server when no title is given: a trailing number goes up by one
 * ("… sessie 6" → "… sessie 7"), and the earlier session's theme (as this function put it
 * there) gives way to the new one: "… sessie 7: Dekolonisering".
 */
export function seriesTitle(prevTitle: string, prevTheme: string | undefined, theme: string | undefined): string {
  const suffix = prevTheme ? `: ${prevTheme}` : '';
  const base = suffix && prevTitle.endsWith(suffix) ? prevTitle.slice(0, -suffix.length) : prevTitle;
  // The last number, unless it is the end of a grouped or decimal one ("5.000 stemmen");
  // leading zeros stay ("sessie 06" → "sessie 07").
  const m = /^(.*?)(\d+)(\D*)$/.exec(base);
  const next = m && !/\d[.,]$/.test(m[1]) ? `${m[1]}${String(Number(m[2]) + 1).padStart(m[2].length, '0')}${m[3]}` : base;
  const full = theme ? `${next.slice(0, 118 - Math.min(theme.length, 60))}: ${theme.slice(0, 60)}` : next;
  return full.trim().slice(0, 120);
}

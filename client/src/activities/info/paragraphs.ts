/** An info card's body as paragraphs: one per line, blank lines dropped. */
export function paragraphs(body: string): string[] {
  return body
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

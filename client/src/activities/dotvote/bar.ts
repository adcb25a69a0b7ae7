/**
 * The length of a ranking's bar: its share of the most votes. Set through the CSSOM (the
 * Content-Security-Policy forbids style attributes, not this).
 */
export function share(node: HTMLElement, fraction: number) {
  const set = (f: number) => (node.style.inlineSize = `${Math.round(Math.min(1, Math.max(0, f)) * 1000) / 10}%`);
  set(fraction);
  return { update: set };
}

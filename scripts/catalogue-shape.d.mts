/** What an ICU message takes (catalogue-shape.mjs). */
export interface Shape {
  args: string[];
  plurals: string[];
  cases: string[][];
}
export function shapeOf(message: string): Shape;

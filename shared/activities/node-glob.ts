/**
 * `import.meta.glob` for plain Node (the server run by tsx, where Vite does not transform
 * the code): loaders of `./<kind>/<file>` found by reading this folder.
 */
export type Loaders<T> = Record<string, () => Promise<T>>;

export function nodeGlob<T>(file: string): Loaders<T> {
  const fs = process.getBuiltinModule('node:fs');
  const here = new URL(/* @vite-ignore */ './', import.meta.url);
  const out: Loaders<T> = {};
  for (const d of fs.readdirSync(here, { withFileTypes: true })) {
    if (d.isDirectory() && fs.existsSync(new URL(`./${d.name}/${file}`, here))) {
      out[`./${d.name}/${file}`] = () => import(/* @vite-ignore */ `./${d.name}/${file}`) as Promise<T>;
    }
  }
  return out;
}

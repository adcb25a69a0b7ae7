/**
 * Loaders of whole kinds (`<kind>/kind.ts`: schemas, report, builder). A module of its
 * own, loaded only by who needs whole kinds (the server, the console), so that a phone's
 * code does not even carry the list.
 */
import type { ActivityKind } from './kind.ts';
import { nodeGlob, type Loaders } from './node-glob.ts';

const kindLoaders: Loaders<{ default: ActivityKind }> = import.meta.env
  ? import.meta.glob<{ default: ActivityKind }>('./*/kind.ts')
  : nodeGlob('kind.ts');

export default kindLoaders;

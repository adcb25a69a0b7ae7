/** Every test file starts with every activity kind loaded, as the server does. */
import { loadKinds } from '../shared/activities/registry.ts';

await loadKinds();

/**
 * A stored picture fetched with a key (photos are served only with one): its own module,
 * without words, so the report page and the console's builders share it.
 */
import { imageUrl } from '../../../shared/activities/info/rules.ts';

/** A picture that needs the key, as a blob URL (revoke it when done), or undefined when it cannot be had. */
export async function keyedImage(sessionId: string, key: string, imageId: string): Promise<string | undefined> {
  try {
    const res = await fetch(imageUrl(sessionId, imageId), { headers: { authorization: `Bearer ${key}` } });
    return res.ok ? URL.createObjectURL(await res.blob()) : undefined;
  } catch {
    return undefined;
  }
}

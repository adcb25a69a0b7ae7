/**
 * Pictures from the browser (R-IMG-UPLOAD, R-IMG-ACCESS): upload one with the facilitator
 * key (in `Authorization`, never in a URL), and show one that needs the key (a photo) as a
 * blob URL. A card's pictures need no key: an <img> with `imageUrl` (rules.ts).
 *
 * The console puts its key in context (`setImageKey`), so the info card's builder fields
 * and the photos panel can upload without being handed it.
 */
import { getContext, setContext } from 'svelte';
import { errorCodeOf } from '../../lib/errors.ts';

import { keyedImage } from '../../lib/keyed-image.ts';

export { keyedImage };

/** What the file picker offers; the server checks the bytes all the same. */
export const IMAGE_ACCEPT = 'image/png,image/jpeg,image/webp';
/** The server's limit (server/images.ts MAX_IMAGE_BYTES), checked here first to save the wait. */
export const IMAGE_MAX_BYTES = 8 * 1024 * 1024;

const KEY = Symbol('kring.imageKey');
export const setImageKey = (sessionId: string, key: string) => setContext(KEY, { sessionId, key });
export const getImageKey = (): { sessionId: string; key: string } | undefined => getContext(KEY);

/** The catalogue key that says why an upload failed. */
export type UploadFailure =
  'console.images.wrongType' | 'console.images.tooLarge' | 'console.images.unreadable' | 'console.images.full' | `error.${string}`;
export type Uploaded = { ok: true; imageId: string; width: number; height: number } | { ok: false; failure: UploadFailure };

export async function uploadImage(sessionId: string, key: string, file: File): Promise<Uploaded> {
  if (file.size > IMAGE_MAX_BYTES) return { ok: false, failure: 'console.images.tooLarge' };
  try {
    const res = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': file.type || 'application/octet-stream' },
      body: file,
    });
    const body = await res.json().catch(() => null);
    if (res.ok) return { ok: true, ...(body as { imageId: string; width: number; height: number }) };
    const code = errorCodeOf(body, res.status);
    if (res.status === 415) return { ok: false, failure: 'console.images.wrongType' };
    if (code === 'TOO_LARGE') return { ok: false, failure: 'console.images.tooLarge' };
    if (code === 'LIMIT_REACHED') return { ok: false, failure: 'console.images.full' };
    if (res.status === 400) return { ok: false, failure: 'console.images.unreadable' };
    return { ok: false, failure: `error.${code}` };
  } catch {
    return { ok: false, failure: 'error.NETWORK' };
  }
}

/**
 * Fetch, with the key, each picture of `ids` not yet in `previews` (a `$state` record),
 * which holds '' while it loads and its blob URL once there. Revoke with `revokePreviews`.
 */
export function fetchPreviews(previews: Record<string, string>, access: { sessionId: string; key: string }, ids: string[]) {
  for (const imageId of ids) {
    if (imageId in previews) continue;
    previews[imageId] = '';
    void keyedImage(access.sessionId, access.key, imageId).then((url) => {
      if (url) previews[imageId] = url;
    });
  }
}
export const revokePreviews = (previews: Record<string, string>) =>
  Object.values(previews).forEach((url) => url && URL.revokeObjectURL(url));

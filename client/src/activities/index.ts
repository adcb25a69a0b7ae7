/**
 * The client side of the activity registry: kind → its three views. A new kind is one
 * folder here (Phone, Board, Console) plus one line below; shared/activities holds its rules.
 */
import type { Component } from 'svelte';
import type { ActivityProps } from './types.ts';
import InfoPhone from './info/Phone.svelte';
import InfoBoard from './info/Board.svelte';
import InfoConsole from './info/Console.svelte';

export interface ActivityViews {
  /** The participant's phone: thumb-sized, in the participant's language. */
  Phone: Component<ActivityProps>;
  /** The projector: big type, readable from the back of the room. */
  Board: Component<ActivityProps>;
  /** The facilitator's laptop: a small preview plus what only they see. */
  Console: Component<ActivityProps>;
}

export const activityViews: Record<string, ActivityViews> = {
  info: { Phone: InfoPhone, Board: InfoBoard, Console: InfoConsole },
};

export function viewsOf(kind: string): ActivityViews | undefined {
  return Object.hasOwn(activityViews, kind) ? activityViews[kind] : undefined;
}

export type { ActivityProps };

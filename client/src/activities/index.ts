/**
 * The client side of the activity registry: kind → its three views. A new kind is one
 * folder here (Phone, Board, Console) plus one line below; shared/activities holds its rules.
 */
import type { Component } from 'svelte';
import type { ActivityProps } from './types.ts';
import InfoPhone from './info/Phone.svelte';
import InfoBoard from './info/Board.svelte';
import InfoConsole from './info/Console.svelte';
import CheckinPhone from './checkin/Phone.svelte';
import CheckinBoard from './checkin/Board.svelte';
import CheckinConsole from './checkin/Console.svelte';
import BrainstormPhone from './brainstorm/Phone.svelte';
import BrainstormBoard from './brainstorm/Board.svelte';
import BrainstormConsole from './brainstorm/Console.svelte';
import DotvotePhone from './dotvote/Phone.svelte';
import DotvoteBoard from './dotvote/Board.svelte';
import DotvoteConsole from './dotvote/Console.svelte';
import GroupworkPhone from './groupwork/Phone.svelte';
import GroupworkBoard from './groupwork/Board.svelte';
import GroupworkConsole from './groupwork/Console.svelte';
import DeepDemocracyPhone from './deepdemocracy/Phone.svelte';
import DeepDemocracyBoard from './deepdemocracy/Board.svelte';
import DeepDemocracyConsole from './deepdemocracy/Console.svelte';

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
  checkin: { Phone: CheckinPhone, Board: CheckinBoard, Console: CheckinConsole },
  brainstorm: { Phone: BrainstormPhone, Board: BrainstormBoard, Console: BrainstormConsole },
  dotvote: { Phone: DotvotePhone, Board: DotvoteBoard, Console: DotvoteConsole },
  groupwork: { Phone: GroupworkPhone, Board: GroupworkBoard, Console: GroupworkConsole },
  deepdemocracy: { Phone: DeepDemocracyPhone, Board: DeepDemocracyBoard, Console: DeepDemocracyConsole },
};

export function viewsOf(kind: string): ActivityViews | undefined {
  return Object.hasOwn(activityViews, kind) ? activityViews[kind] : undefined;
}

export type { ActivityProps };

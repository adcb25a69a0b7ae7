import type { Activity, RoomView } from '../../../shared/model.ts';
import type { Connection } from '../lib/connection.svelte.ts';

/** What every activity view gets: the activity, the whole (optimistic) view and the link. */
export interface ActivityProps<C = any, S = any> {
  activity: Activity<C, S>;
  view: RoomView;
  conn: Connection;
}

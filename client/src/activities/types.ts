import type { Activity } from '../../../shared/model.ts';

/**
 * What every activity view gets: the activity, as shown. The room and the link come from
 * the connection in context (`getConnection()`: `conn.view`, `conn.send`…), not as props.
 */
export interface ActivityProps<C = any, S = any> {
  activity: Activity<C, S>;
}

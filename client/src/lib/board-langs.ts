/**
 * The board's languages (R-BOARD-LANGS): besides the session's own, up to two more that the
 * facilitator picked in the console; each prompt on the board is shown in those too, where
 * the activity has a translation. BoardView provides them, BoardTr shows them.
 */
import { getContext, setContext } from 'svelte';
import type { Activity } from '../../../shared/model.ts';

export interface BoardLangs {
  readonly langs: readonly string[];
  readonly activity: Activity | null;
}
const KEY = Symbol('board-langs');

export const provideBoardLangs = (b: BoardLangs): BoardLangs => setContext(KEY, b);
export const boardLangs = (): BoardLangs | undefined => getContext<BoardLangs | undefined>(KEY);

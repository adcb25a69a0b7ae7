/**
 * The decisions a phone can make itself (to show its own change at once): renaming, and
 * the commands of activity kinds. The facilitator's commands are in reduce.ts.
 */
import { kindOf } from './activities/registry.ts';
import { findActivity, kindRoom } from './evolve.ts';
import { accept, reject, type Actor, type Command, type Context, type Decision, type KindCommand, type RoomState } from './model.ts';

/** A participant's own commands: `participant.rename` and the activity kinds' commands. */
export function decideOwn(state: RoomState, cmd: Command, actor: Actor, ctx: Context): Decision {
  if (cmd.type === 'participant.rename') {
    if (actor.role !== 'participant' || !actor.participantId) {
      return reject('NOT_ALLOWED', 'only participants have a display name');
    }
    return accept({ type: 'participant.renamed', pid: actor.participantId, name: (cmd as { name: string }).name });
  }
  return decideActivity(state, cmd as KindCommand, actor, ctx);
}

export function decideActivity(state: RoomState, cmd: KindCommand, actor: Actor, ctx: Context): Decision {
  const a = findActivity(state, cmd.activityId);
  if (!a) return reject('NOT_FOUND', 'no such activity');
  const kindName = cmd.type.slice(0, cmd.type.indexOf('.'));
  if (a.kind !== kindName) return reject('INVALID', `${cmd.type} does not fit a ${a.kind} activity`);
  if (actor.role === 'board') return reject('NOT_ALLOWED', 'the board only watches'); // R-ROLE-BOARD
  if (actor.role === 'participant') {
    if (!a.opened) return reject('NOT_ALLOWED', 'this activity has not started'); // R-INPUT-OPENED
    if (a.locked) return reject('LOCKED', 'input for this activity is closed'); // R-INPUT-LOCKED
  }
  const rules = kindOf(a.kind);
  if (!rules) return reject('INTERNAL', `the rules of ${a.kind} are not loaded`);
  return rules.decide(cmd, a, actor, ctx, kindRoom(state));
}

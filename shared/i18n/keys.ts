/**
 * The catalogue's keys as a type, read off the Dutch catalogue (the source): `i18n.t` takes
 * only a key that exists, or one built from a value under a known prefix (`error.${code}`),
 * which test/shared/i18n.test.ts checks against the catalogue by scanning the client.
 * Type-only imports: no catalogue is bundled by this module.
 */
import type admin from './nl/admin.json';
import type board from './nl/board.json';
import type brainstorm from './nl/brainstorm.json';
import type checkin from './nl/checkin.json';
import type common from './nl/common.json';
import type console from './nl/console.json';
import type content from './nl/content.json';
import type deepdemocracy from './nl/deepdemocracy.json';
import type dotvote from './nl/dotvote.json';
import type groupwork from './nl/groupwork.json';
import type info from './nl/info.json';
import type phone from './nl/phone.json';
import type poll from './nl/poll.json';
import type report from './nl/report.json';
import type start from './nl/start.json';

export type MessageKey =
  | keyof typeof admin
  | keyof typeof board
  | keyof typeof brainstorm
  | keyof typeof checkin
  | keyof typeof common
  | keyof typeof console
  | keyof typeof content
  | keyof typeof deepdemocracy
  | keyof typeof dotvote
  | keyof typeof groupwork
  | keyof typeof info
  | keyof typeof phone
  | keyof typeof poll
  | keyof typeof report
  | keyof typeof start;

/** Keys made at run time from a value: the prefix is checked here, the rest by the scan. */
export type BuiltKey =
  `${'admin.import' | 'error' | 'kind' | 'meta' | 'reportui.download' | 'reportui.next.tpl' | 'status' | 'template.about' | 'template.name'}.${string}`;

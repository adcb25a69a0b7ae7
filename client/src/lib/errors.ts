import { ERROR_CODES, type ErrorCode } from '../../../shared/constants.ts';

/** Client-side conditions that have their own message besides the protocol's codes. */
export type ClientErrorCode = ErrorCode | 'NETWORK' | 'BAD_CODE' | 'MISSING_KEY';

/** The catalogue key suffix for an error from the server: unknown codes count as INTERNAL. */
export function errorCodeOf(value: unknown, httpStatus?: number): ClientErrorCode {
  const code = value && typeof value === 'object' && 'error' in value ? (value as { error?: { code?: unknown } }).error?.code : undefined;
  if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) return code as ErrorCode;
  if (httpStatus === 429) return 'RATE_LIMITED';
  if (httpStatus === 413) return 'TOO_LARGE';
  if (httpStatus === 503) return 'BUSY';
  return 'INTERNAL';
}

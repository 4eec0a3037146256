// Errors a user can meet: a stable code for programs and a Chinese sentence for people.

export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  /** A form's save refused: another clerk saved the row since the form loaded it (a version per row). */
  'STALE',
  'FORBIDDEN',
  'UNKNOWN_CHANNEL',
  'BAD_REQUEST',
  'INTERNAL',
  'EMPTY',
  'NOT_A_WORKBOOK',
  'CORRUPT',
  'ENCRYPTED',
  'TOO_LARGE',
  'UNSUPPORTED',
  'NO_HEADER',
  'CANCELLED',
  /** The office server went away mid-call (restart, network cut): the app reconnects on the next call. */
  'SERVER_LOST',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  /** A Chinese sentence: what is wrong and what to do. */
  message: string;
  /** The form field the message belongs to, when there is one. */
  field?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
  }
  toApiError(): ApiError {
    return this.field ? { code: this.code, message: this.message, field: this.field } : { code: this.code, message: this.message };
  }
}

export const INTERNAL_ERROR_MESSAGE = '程序内部出错，操作没有完成，数据未被修改。请重试；如仍出错，请联系技术支持并提供日志。';

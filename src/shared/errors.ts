/** Error codes the API answers with. Every failure crossing the API boundary is one of these. */
export const ERROR_CODES = [
  'NO_VAULT',
  'VAULT_EXISTS',
  'VAULT_LOCKED',
  'WRONG_PASSPHRASE',
  'WRONG_RECOVERY_KEY',
  'WEAK_PASSPHRASE',
  'NOT_FOUND',
  'INVALID_INPUT',
  'CONFLICT',
  'CORRUPT',
  'DOWNGRADE',
  'VAULT_TOO_NEW',
  'IO_ERROR',
  'UNKNOWN_METHOD',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  /** A sentence a person can read. Never contains vault contents. */
  message: string;
  /** Optional machine-readable detail, for example the invalid fields. */
  issues?: { path: string; message: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The one error type services throw; the router turns it into an ApiError. */
export class RapportError extends Error {
  readonly code: ErrorCode;
  readonly issues?: ApiError['issues'];
  constructor(code: ErrorCode, message: string, issues?: ApiError['issues']) {
    super(message);
    this.name = 'RapportError';
    this.code = code;
    this.issues = issues;
  }
}

export function isRapportError(e: unknown): e is RapportError {
  return e instanceof RapportError;
}

/** Thrown in the renderer when a call fails, so UI code can switch on the code. */
export class ApiCallError extends Error {
  readonly code: ErrorCode;
  readonly issues?: ApiError['issues'];
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    this.issues = error.issues;
  }
}

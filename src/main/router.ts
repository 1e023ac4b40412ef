/**
 * The API boundary: checks the method name, validates the input against the contract's schema,
 * calls the handler, and answers a Result. Services never see unvalidated input, and callers never
 * see a stack trace: unexpected errors become INTERNAL with a generic message.
 */
import { contract, isMethodName, type MethodName, type MethodOutput, type ParsedInput } from '../shared/contract';
import { type ApiError, isRapportError, type Result } from '../shared/errors';

export type Handlers = {
  [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>>;
};

export type Router = (method: unknown, input: unknown) => Promise<Result<unknown>>;

const fail = (error: ApiError): Result<never> => ({ ok: false, error });

export function createRouter(handlers: Handlers, onError: (e: unknown) => void = logUnexpected): Router {
  return async (method, input) => {
    if (!isMethodName(method)) {
      return fail({ code: 'UNKNOWN_METHOD', message: 'That is not something Rapport can do.' });
    }
    let parsed: ReturnType<(typeof contract)[MethodName]['input']['safeParse']>;
    try {
      parsed = contract[method].input.safeParse(input);
    } catch {
      // zod itself can throw on a crafted value (an object whose `length` cannot become a number,
      // found by tests/reliability/fuzz.test.ts): that is bad input, not an internal error.
      return fail({ code: 'INVALID_INPUT', message: 'The input is not valid.', issues: [] });
    }
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      const first = issues[0];
      return fail({
        code: 'INVALID_INPUT',
        message: first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'The input is not valid.',
        issues,
      });
    }
    try {
      const handler = handlers[method] as (input: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (e) {
      if (isRapportError(e)) return fail({ code: e.code, message: e.message, ...(e.issues ? { issues: e.issues } : {}) });
      onError(e);
      return fail({ code: 'INTERNAL', message: 'Something went wrong inside Rapport. Nothing was changed.' });
    }
  };
}

/** Logs the kind and stack of an unexpected error, never its message (it might quote data). */
function logUnexpected(e: unknown): void {
  const err = e instanceof Error ? e : new Error('non-Error thrown');
  const stack = (err.stack ?? '').split('\n').slice(1).join('\n');
  console.error(`[rapport] unexpected ${err.name}\n${stack}`);
}

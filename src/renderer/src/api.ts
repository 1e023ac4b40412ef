/** The renderer's typed view of `window.rapport`. */
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import { ApiCallError } from '../../shared/errors';
import type { RapportBridge } from '../../shared/bridge';

declare global {
  interface Window {
    rapport: RapportBridge;
  }
}

/** Calls a method; resolves with its value or rejects with an ApiCallError carrying the code. */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await window.rapport.invoke(method, input);
  if (!r.ok) throw new ApiCallError(r.error);
  return r.value as MethodOutput<M>;
}

/** A message fit to show a person, whatever was thrown. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiCallError) return e.message;
  return 'Something went wrong. Please try again.';
}

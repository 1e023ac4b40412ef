/**
 * Passphrase strength, shared by the renderer (the meter) and the main process (the refusal),
 * so both give the same verdict. zxcvbn-ts estimates guessability from dictionaries and patterns.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

let factory: ZxcvbnFactory | null = null;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
  return factory;
}

export const MIN_PASSPHRASE_LENGTH = 12;
export const MIN_SCORE = 3;

export interface Strength {
  /** 0 (trivial) to 4 (very strong). */
  score: 0 | 1 | 2 | 3 | 4;
  acceptable: boolean;
  /** Why it is refused, or empty when acceptable. */
  reason: string;
  suggestions: string[];
}

export function passphraseStrength(passphrase: string): Strength {
  // zxcvbn is quadratic in length; the first 100 characters decide the verdict anyway.
  const result = estimator().check(passphrase.slice(0, 100));
  const score = result.score;
  let reason = '';
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    reason = `Use at least ${MIN_PASSPHRASE_LENGTH} characters; a few unrelated words work well.`;
  } else if (score < MIN_SCORE) {
    reason = result.feedback.warning || 'This passphrase would be easy to guess.';
  }
  return {
    score,
    acceptable: reason === '',
    reason,
    suggestions: reason ? result.feedback.suggestions : [],
  };
}

/** The letters API: handlers for every `letters.*` method of the contract. */
import type { MethodName } from '../../../shared/contract';
import { parseTemplate } from '../../../shared/letterMarkup';
import type { Handlers } from '../../router';
import { batchPreview, runBatch } from './batch';
import { getLetterhead, updateLetterhead } from './letterhead';
import { type LetterDeps, exportLetter, letterEmailDraft, letterPlainText, previewLetter } from './letters';
import {
  copyLetterTemplate,
  createLetterTemplate,
  deleteLetterTemplate,
  listLetterTemplates,
  updateLetterTemplate,
} from './templates';

export { BatchRegistry } from './batch';
export type { LetterDeps } from './letters';

type LetterMethod = Extract<MethodName, `letters.${string}`>;

/** `deps` is called per request: the vault may change between calls. */
export function letterHandlers(deps: () => LetterDeps): Pick<Handlers, LetterMethod> {
  return {
    'letters.templates': async () => listLetterTemplates(deps()),
    'letters.checkTemplate': async ({ subject, body }) => {
      const r = parseTemplate(subject, body);
      return r.ok ? { ok: true, problems: [], fields: r.template.fields } : { ok: false, problems: r.problems, fields: [] };
    },
    'letters.createTemplate': async (input) => createLetterTemplate(deps(), input),
    'letters.updateTemplate': async (input) => updateLetterTemplate(deps(), input),
    'letters.copyTemplate': async (input) => copyLetterTemplate(deps(), input),
    'letters.deleteTemplate': async (input) => deleteLetterTemplate(deps(), input),
    'letters.letterhead': async () => getLetterhead(deps()),
    'letters.updateLetterhead': async (input) => updateLetterhead(deps(), input),
    'letters.preview': async (input) => previewLetter(deps(), input),
    'letters.plainText': async (input) => letterPlainText(deps(), input),
    'letters.emailDraft': async (input) => letterEmailDraft(deps(), input),
    'letters.export': async (input) => exportLetter(deps(), input),
    'letters.batchPreview': async (input) => batchPreview(deps(), input),
    'letters.batch': async (input) => runBatch(deps(), input),
    'letters.cancelBatch': async ({ batchId }) => ({ cancelled: deps().batches.cancel(batchId) }),
  };
}

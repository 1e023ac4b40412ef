/** The letters API: handlers for every `letters.*` method of the contract. */
import type { MethodName } from '../../../shared/contract';
import { parseTemplate } from '../../../shared/letterMarkup';
import { RapportError } from '../../../shared/errors';
import type { Handlers } from '../../router';
import type { ChoiceRegistry } from '../../choices';
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

function unlockedDeps(deps: () => LetterDeps): LetterDeps {
  const d = deps();
  if (!d.vault.isUnlocked) throw new RapportError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');
  return d;
}

/**
 * `deps` is called per request: the vault may change between calls. Letters are written only where
 * main's own dialog chose (`choices`); the renderer sends a choice id, never a path (issue 15).
 */
export function letterHandlers(deps: () => LetterDeps, choices: ChoiceRegistry): Pick<Handlers, LetterMethod> {
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
    'letters.export': async ({ choiceId, ...input }) => {
      const d = unlockedDeps(deps); // a locked vault refuses first, leaving the choice unused
      return choices.use(choiceId, 'letter-save', (file) => exportLetter(d, { ...input, path: file }));
    },
    'letters.batchPreview': async (input) => batchPreview(deps(), input),
    'letters.batch': async ({ folderChoice, ...input }) => {
      const d = unlockedDeps(deps);
      return choices.use(folderChoice, 'letters-folder', (folder) => runBatch(d, { ...input, folder }));
    },
    'letters.cancelBatch': async ({ batchId }) => ({ cancelled: deps().batches.cancel(batchId) }),
  };
}

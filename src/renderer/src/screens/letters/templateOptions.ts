import { useQuery } from '@tanstack/react-query';
import { LETTER_FIELDS, LETTER_KIND_LABELS, type LetterTemplate } from '../../../../shared/letters';
import { call } from '../../api';

export const templatesKey = ['letters', 'templates'] as const;
export const letterheadKey = ['letters', 'letterhead'] as const;

export function useTemplates() {
  return useQuery({ queryKey: templatesKey, queryFn: () => call('letters.templates', {}) });
}

/** Select options for templates: built-ins first, grouped by origin. */
export function templateOptions(list: LetterTemplate[]) {
  const built = list.filter((t) => t.builtIn);
  const mine = list.filter((t) => !t.builtIn);
  const opt = (t: LetterTemplate) => ({ value: t.id, label: t.builtIn ? t.name : `${t.name} (${LETTER_KIND_LABELS[t.kind]})` });
  return [
    ...(mine.length ? [{ group: 'Your templates', items: mine.map(opt) }] : []),
    { group: 'Built-in', items: built.map(opt) },
  ];
}

export const FIELD_OPTIONS = LETTER_FIELDS.map((f) => ({ value: f.key, label: f.label }));

export function fieldLabel(key: string): string {
  return LETTER_FIELDS.find((f) => f.key === key)?.label ?? key;
}

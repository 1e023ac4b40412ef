/**
 * The template library: built-in templates (constants) and the user's copies (stored, encrypted,
 * in letter_templates). Every save is parsed first: an unknown field is refused, naming it.
 */
import { randomUUID } from 'node:crypto';
import { RapportError } from '../../../shared/errors';
import type { ParsedInput } from '../../../shared/contract';
import { type ParsedTemplate, describeProblems, parseTemplate } from '../../../shared/letterMarkup';
import { type LetterKind, type LetterTemplate, type TemplateProblem } from '../../../shared/letters';
import type { ServiceDeps } from '../deps';
import { DEFAULT_TEMPLATES } from './defaults';

export interface TemplateRecord {
  kind: LetterKind;
  name: string;
  subject: string;
  body: string;
  basedOn: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Parses a template's text, or throws INVALID_INPUT naming every problem (with its line and column). */
export function requireValid(subject: string, body: string): ParsedTemplate {
  const r = parseTemplate(subject, body);
  if (!r.ok) throw templateError(r.problems);
  return r.template;
}

export function templateError(problems: TemplateProblem[]): RapportError {
  return new RapportError(
    'INVALID_INPUT',
    describeProblems(problems),
    problems.map((p) => ({ path: p.part, message: p.message })),
  );
}

function fieldsOf(subject: string, body: string): LetterTemplate['fields'] {
  const r = parseTemplate(subject, body);
  return r.ok ? r.template.fields : [];
}

function builtIn(kind: LetterKind): LetterTemplate {
  const d = DEFAULT_TEMPLATES.find((t) => t.kind === kind)!;
  return {
    id: `builtin:${kind}`,
    kind,
    name: d.name,
    subject: d.subject,
    body: d.body,
    builtIn: true,
    basedOn: null,
    fields: fieldsOf(d.subject, d.body),
    version: 0,
    updatedAt: null,
  };
}

const toTemplate = (id: string, version: number, r: TemplateRecord): LetterTemplate => ({
  id,
  kind: r.kind,
  name: r.name,
  subject: r.subject,
  body: r.body,
  builtIn: false,
  basedOn: r.basedOn,
  fields: fieldsOf(r.subject, r.body),
  version,
  updatedAt: r.updatedAt,
});

/** Built-in templates first (in kind order), then the user's, by name. */
export async function listLetterTemplates(deps: ServiceDeps): Promise<LetterTemplate[]> {
  const own = await deps.vault.all<TemplateRecord>('letter_templates');
  return [
    ...DEFAULT_TEMPLATES.map((d) => builtIn(d.kind)),
    ...own.map((r) => toTemplate(r.id, r.version, r.data)).sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' })),
  ];
}

/** A template by id (built-in or the user's), or NOT_FOUND. Reads the vault either way, so a locked vault says so. */
export async function getLetterTemplate(deps: ServiceDeps, id: string): Promise<LetterTemplate> {
  if (id.startsWith('builtin:')) {
    // Built-in templates need no vault, but letters do: a locked vault says so here already.
    if (!deps.vault.isUnlocked) throw new RapportError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');
    const kind = id.slice('builtin:'.length);
    const known = DEFAULT_TEMPLATES.find((d) => d.kind === kind);
    if (!known) throw new RapportError('NOT_FOUND', 'There is no such template.');
    return builtIn(known.kind);
  }
  const rec = await deps.vault.get<TemplateRecord>('letter_templates', id);
  if (!rec) throw new RapportError('NOT_FOUND', 'That template no longer exists.');
  return toTemplate(rec.id, rec.version, rec.data);
}

export async function createLetterTemplate(deps: ServiceDeps, input: ParsedInput<'letters.createTemplate'>): Promise<LetterTemplate> {
  requireValid(input.subject, input.body);
  if (input.basedOn) await getLetterTemplate(deps, input.basedOn);
  const now = deps.clock.now().toISOString();
  const record: TemplateRecord = {
    kind: input.kind,
    name: input.name,
    subject: input.subject.trim(),
    body: input.body,
    basedOn: input.basedOn ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const id = randomUUID();
  const version = await deps.vault.write((w) => w.insert('letter_templates', id, record));
  return toTemplate(id, version, record);
}

export async function updateLetterTemplate(deps: ServiceDeps, input: ParsedInput<'letters.updateTemplate'>): Promise<LetterTemplate> {
  const { id, version: expected, ...patch } = input;
  return deps.vault.write(async (w) => {
    const rec = await w.get<TemplateRecord>('letter_templates', id);
    if (!rec) throw new RapportError('NOT_FOUND', 'That template no longer exists. Built-in templates cannot be changed: copy one first.');
    const next: TemplateRecord = {
      ...rec.data,
      ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.subject !== undefined ? { subject: patch.subject.trim() } : {}),
      ...(patch.body !== undefined ? { body: patch.body } : {}),
      updatedAt: deps.clock.now().toISOString(),
    };
    requireValid(next.subject, next.body);
    const version = await w.update('letter_templates', id, next, expected);
    return toTemplate(id, version, next);
  });
}

/** Copies a template (built-in or the user's) into a new, editable one. */
export async function copyLetterTemplate(deps: ServiceDeps, input: ParsedInput<'letters.copyTemplate'>): Promise<LetterTemplate> {
  const source = await getLetterTemplate(deps, input.id);
  return createLetterTemplate(deps, {
    kind: source.kind,
    name: input.name ?? `${source.name} (my copy)`,
    subject: source.subject,
    body: source.body,
    basedOn: source.id,
  });
}

export async function deleteLetterTemplate(deps: ServiceDeps, { id }: { id: string }): Promise<null> {
  await deps.vault.write(async (w) => {
    if (!(await w.get('letter_templates', id))) throw new RapportError('NOT_FOUND', 'That template no longer exists.');
    await w.remove('letter_templates', id);
  });
  return null;
}

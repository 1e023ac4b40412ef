/**
 * Writing letters: preview, export to PDF or DOCX (written to a temporary name in the target
 * folder, fsynced, renamed; then recorded on the client's timeline, with the letter's text, in
 * one transaction), plain text, and an email draft.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RapportError } from '../../../shared/errors';
import type { ParsedTemplate } from '../../../shared/letterMarkup';
import {
  type EmailDraft,
  type LetterExportResult,
  type LetterPreview,
  type LetterTemplate,
  type Letterhead,
  LETTER_KIND_LABELS,
} from '../../../shared/letters';
import type { AppEvent, Settings } from '../../../shared/types';
import type { ServiceDeps } from '../deps';
import { getSettings } from '../settings';
import { insertEntry } from '../timeline';
import { writeFileAtomic } from '../../files';
import { type LetterContext, type LetterRequest, compose, fullText, loadContext, plainText, requireComplete } from './compose';
import { renderDocx } from './docx';
import { emailDraft } from './eml';
import { fontsDir } from './fonts';
import { getLetterhead } from './letterhead';
import { renderPdf } from './pdf';
import { getLetterTemplate, requireValid } from './templates';
import type { BatchRegistry } from './batch';

export type LetterFormat = 'pdf' | 'docx';

/** What the letter services need besides the vault and clock. */
export interface LetterDeps extends ServiceDeps {
  /** resources/fonts; found next to the app when not given. */
  fontsDir?: string;
  emit?: (event: AppEvent) => void;
  batches: BatchRegistry;
}

/** Everything a letter needs that does not depend on the client (loaded once per batch). */
export interface LetterSetup {
  template: LetterTemplate;
  parsed: ParsedTemplate;
  letterhead: Letterhead;
  settings: Settings;
}

export async function loadSetup(deps: ServiceDeps, req: Pick<LetterRequest, 'templateId' | 'subject' | 'body'>): Promise<LetterSetup> {
  const template = await getLetterTemplate(deps, req.templateId);
  const parsed = requireValid(req.subject ?? template.subject, req.body ?? template.body);
  const [letterhead, settings] = await Promise.all([getLetterhead(deps), getSettings(deps)]);
  return { template, parsed, letterhead, settings };
}

export function composeFor(deps: ServiceDeps, setup: LetterSetup, ctx: LetterContext, req: LetterRequest): LetterPreview {
  return compose({ ...setup, ctx, req, now: deps.clock.now() });
}

async function prepare(deps: ServiceDeps, req: LetterRequest): Promise<{ setup: LetterSetup; preview: LetterPreview }> {
  const setup = await loadSetup(deps, req);
  const ctx = await loadContext(deps, req);
  return { setup, preview: composeFor(deps, setup, ctx, req) };
}

export async function previewLetter(deps: ServiceDeps, req: LetterRequest): Promise<LetterPreview> {
  return (await prepare(deps, req)).preview;
}

export async function letterPlainText(deps: ServiceDeps, req: LetterRequest): Promise<{ subject: string; text: string }> {
  const { preview } = await prepare(deps, req);
  return { subject: preview.subject, text: plainText(preview) };
}

export async function letterEmailDraft(deps: ServiceDeps, req: LetterRequest): Promise<EmailDraft> {
  const { setup, preview } = await prepare(deps, req);
  return emailDraft(preview, setup.letterhead, deps.clock.now());
}

/** An absolute path: `~` expanded, relative paths taken from the home folder. */
export function resolvePath(requested: string): string {
  let p = requested.trim();
  if (p === '~' || p.startsWith('~/')) p = path.join(os.homedir(), p.slice(1));
  return path.resolve(os.homedir(), p);
}

/** The file to write: the extension added when it is not the format's, the folder checked. */
export function exportTarget(requested: string, format: LetterFormat): string {
  let file = resolvePath(requested);
  if (path.extname(file).toLowerCase() !== `.${format}`) file += `.${format}`;
  const dir = path.dirname(file);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new RapportError('NOT_FOUND', `The folder ${dir} does not exist.`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new RapportError('INVALID_INPUT', `${file} is a folder.`);
  return file;
}

export async function renderLetter(format: LetterFormat, preview: LetterPreview, letterhead: Letterhead, fonts?: string): Promise<Buffer> {
  return format === 'pdf' ? renderPdf(preview, letterhead, fonts ?? fontsDir()) : renderDocx(preview, letterhead);
}

function ioError(e: unknown, file: string): RapportError {
  if (e instanceof RapportError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  return new RapportError('IO_ERROR', `The letter could not be written to ${file}${code ? ` (${code})` : ''}.`);
}

/**
 * Writes the file (temporary name, fsync, rename), then records the letter on the timeline in one
 * transaction. If recording fails, a file this call created is removed again, so a letter is
 * either written and recorded or reported as failed.
 */
export async function writeAndRecord(
  deps: ServiceDeps,
  preview: LetterPreview,
  format: LetterFormat,
  file: string,
  bytes: Buffer,
): Promise<{ entryId: string }> {
  const existed = fs.existsSync(file);
  try {
    writeFileAtomic(file, bytes);
  } catch (e) {
    throw ioError(e, file);
  }
  try {
    const now = deps.clock.now();
    const label = LETTER_KIND_LABELS[preview.kind];
    return await deps.vault.write(async (w) => {
      const entry = await insertEntry(
        w,
        preview.client.id,
        {
          kind: preview.timelineKind,
          occurredAt: now.toISOString(),
          summary: `${preview.timelineKind === 'gift' ? 'Thank-you letter' : 'Letter'}: ${preview.subject || label}`.slice(0, 500),
          body: `${fullText(preview)}\n\n(${label}, exported as ${format.toUpperCase()}: ${path.basename(file)})`,
          contactIds: preview.contact ? [preview.contact.id] : [],
        },
        now,
      );
      return { entryId: entry.id };
    });
  } catch (e) {
    if (!existed) fs.rmSync(file, { force: true });
    throw e;
  }
}

export interface ExportInput extends LetterRequest {
  format: LetterFormat;
  path: string;
  allowMissing?: boolean;
}

export async function exportLetter(deps: LetterDeps, input: ExportInput): Promise<LetterExportResult> {
  const { setup, preview } = await prepare(deps, input);
  if (!input.allowMissing) requireComplete(preview);
  const file = exportTarget(input.path, input.format);
  const bytes = await renderLetter(input.format, preview, setup.letterhead, deps.fontsDir);
  const { entryId } = await writeAndRecord(deps, preview, input.format, file, bytes);
  return { path: file, bytes: bytes.length, entryId, missing: preview.missing };
}

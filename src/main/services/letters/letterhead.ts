/**
 * Letterhead settings: who the letter is from, the logo and signature images, paper size and
 * font. Stored as one encrypted record in the settings table (id 'letterhead').
 */
import type { ParsedInput } from '../../../shared/contract';
import type { Letterhead } from '../../../shared/letters';
import type { ServiceDeps } from '../deps';
import { RapportError } from '../../../shared/errors';
import { parseImage } from './images';
import { imageRenders } from './pdf';

async function readableImage(base64: string, what: string) {
  const img = parseImage(base64, what);
  if (!(await imageRenders(img))) throw new RapportError('INVALID_INPUT', `The ${what} could not be read: the file may be damaged.`);
  return img;
}

const LETTERHEAD_ID = 'letterhead';

type LetterheadRecord = Omit<Letterhead, 'version'>;

export const DEFAULT_LETTERHEAD: LetterheadRecord = {
  senderName: '',
  senderTitle: '',
  firm: '',
  addressLines: [],
  email: '',
  phone: '',
  logo: null,
  signature: null,
  paper: 'a4',
  font: 'source-serif',
};

export async function getLetterhead({ vault }: ServiceDeps): Promise<Letterhead> {
  const rec = await vault.get<Partial<LetterheadRecord>>('settings', LETTERHEAD_ID);
  return { ...DEFAULT_LETTERHEAD, ...rec?.data, version: rec?.version ?? 0 };
}

export async function updateLetterhead(deps: ServiceDeps, input: ParsedInput<'letters.updateLetterhead'>): Promise<Letterhead> {
  const { logo, signature, addressLines, ...rest } = input;
  const patch: Partial<LetterheadRecord> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) (patch as Record<string, unknown>)[k] = v;
  if (addressLines !== undefined) patch.addressLines = addressLines.filter((l) => l.length > 0);
  if (logo !== undefined) patch.logo = logo === null ? null : await readableImage(logo, 'logo');
  if (signature !== undefined) patch.signature = signature === null ? null : await readableImage(signature, 'signature');
  return deps.vault.write(async (w) => {
    const rec = await w.get<Partial<LetterheadRecord>>('settings', LETTERHEAD_ID);
    const next: LetterheadRecord = { ...DEFAULT_LETTERHEAD, ...rec?.data, ...patch };
    const version = rec ? await w.update('settings', LETTERHEAD_ID, next) : await w.insert('settings', LETTERHEAD_ID, next);
    return { ...next, version };
  });
}

/** The report's fonts, shipped with the app (resources/fonts) and fetched from the app's own files. */
import regularUrl from '../../../../../resources/fonts/source-sans/Regular.ttf?url';
import boldUrl from '../../../../../resources/fonts/source-sans/Bold.ttf?url';
import type { ReportFonts } from './report';

let loaded: Promise<ReportFonts> | null = null;

export function reportFonts(): Promise<ReportFonts> {
  const get = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());
  loaded ??= Promise.all([get(regularUrl), get(boldUrl)]).then(([regular, bold]) => ({ regular, bold }));
  loaded.catch(() => (loaded = null));
  return loaded;
}

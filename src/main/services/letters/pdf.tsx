/**
 * The letter as a PDF, laid out like one a professional sends: letterhead (logo, firm, address),
 * a rule, the date, the address block, the subject, the body, the signature and the sign-off.
 * Set in a font shipped in resources/fonts and embedded (subset) in the file.
 */
import type { LetterBlock, LetterFontId, LetterImage, LetterPreview, LetterRun, Letterhead } from '../../../shared/letters';
import { exportedBlocks, signOffLines } from './compose';
import { fontFile, pdfFamily } from './fonts';
import { fitImage } from './images';

type ReactPdf = typeof import('@react-pdf/renderer');

/**
 * The PDF renderer, loaded on first use: it is an ES module (a dynamic import works from the
 * bundled CommonJS main process and under tsx alike) and takes most of a second to load, which the
 * app's start need not wait for.
 */
let loaded: Promise<ReactPdf> | null = null;
let pdf: ReactPdf | null = null;
async function loadPdf(): Promise<ReactPdf> {
  loaded ??= import('@react-pdf/renderer');
  pdf = await loaded;
  return pdf;
}
/** The renderer's components, for code that runs only inside a render (after loadPdf). */
const r = (): ReactPdf => pdf!;

const registered = new Set<string>();

/**
 * Registers a font family with the PDF renderer (once per process, by folder and font), and clears
 * its parsed fonts' glyph caches before each document. The renderer keeps one parsed font per
 * source, and glyph objects cached by one letter carried the wrong characters into the next: a
 * bold full stop first used in a later letter was drawn, but its text layer said "!" or nothing
 * (copy, search and screen readers lost it). Clearing the glyphs keeps the parsed tables, which
 * are the costly part (reloading the fonts instead doubled the CPU time of a letter).
 */
function prepareFont(dir: string, font: LetterFontId): string {
  const { Font } = r();
  const family = pdfFamily(font);
  const key = `${dir}\u0000${font}`;
  if (!registered.has(key)) {
    Font.register({
      family,
      fonts: [
        { src: fontFile(dir, font, 'Regular'), fontWeight: 400, fontStyle: 'normal' },
        { src: fontFile(dir, font, 'Italic'), fontWeight: 400, fontStyle: 'italic' },
        { src: fontFile(dir, font, 'Bold'), fontWeight: 700, fontStyle: 'normal' },
        { src: fontFile(dir, font, 'BoldItalic'), fontWeight: 700, fontStyle: 'italic' },
      ],
    });
    // Letters are not hyphenated.
    Font.registerHyphenationCallback((word) => [word]);
    registered.add(key);
  }
  const families = Font.getRegisteredFonts() as unknown as Record<string, { sources: { data: { _glyphs?: object } | null }[] }>;
  for (const source of families[family]?.sources ?? []) {
    if (source.data?._glyphs) source.data._glyphs = {};
  }
  return family;
}

/** One PDF at a time: a render must not see its fonts reloaded by another (they are CPU-bound anyway). */
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

const INK = '#1f2328';
/**
 * Size and line height go together on each Text: a line height on the Page hides the fixed page
 * number, and a unitless one is taken against the Text's own font size (18 unless it is set).
 */
const BODY = { fontSize: 11, lineHeight: 1.45 };
const MUTED = '#5b6470';
const RULE = '#b9c0c8';

function imageSource(img: LetterImage) {
  return { data: Buffer.from(img.data, 'base64'), format: img.mime === 'image/png' ? ('png' as const) : ('jpg' as const) };
}

function Runs({ runs }: { runs: LetterRun[] }) {
  const { Text } = r();
  return (
    <>
      {runs.map((r, i) =>
        r.bold || r.italic ? (
          <Text key={i} style={{ fontWeight: r.bold ? 700 : 400, fontStyle: r.italic ? 'italic' : 'normal' }}>
            {r.text}
          </Text>
        ) : (
          r.text
        ),
      )}
    </>
  );
}

function Block({ block }: { block: LetterBlock }) {
  const { Text, View } = r();
  if (block.type === 'paragraph') {
    return (
      <Text style={{ marginBottom: 9, ...BODY }}>
        {block.lines.map((line, i) => (
          <Text key={i}>
            {i > 0 ? '\n' : ''}
            <Runs runs={line} />
          </Text>
        ))}
      </Text>
    );
  }
  return (
    <View style={{ marginBottom: 9 }}>
      {block.items.map((item, i) => (
        <View key={i} style={{ flexDirection: 'row', marginBottom: 3 }} wrap={false}>
          <Text style={{ width: 16, paddingLeft: 4, ...BODY }}>•</Text>
          <Text style={{ flex: 1, ...BODY }}>
            <Runs runs={item} />
          </Text>
        </View>
      ))}
    </View>
  );
}

function LetterheadBlock({ letterhead }: { letterhead: Letterhead }) {
  const { Image, Text, View } = r();
  const contactLine = [letterhead.phone, letterhead.email].filter(Boolean).join('  ·  ');
  const details = [...letterhead.addressLines, contactLine].filter(Boolean);
  const logo = letterhead.logo ? fitImage(letterhead.logo, 170, 54) : null;
  const firmOnLeft = !logo;
  return (
    <View style={{ borderBottomWidth: 0.75, borderBottomColor: RULE, paddingBottom: 12, marginBottom: 26 }}>
      <View style={{ flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-end' }}>
        <View style={{ maxWidth: '55%' }}>
          {logo && letterhead.logo ? (
            <Image src={imageSource(letterhead.logo)} style={{ width: logo.width, height: logo.height }} />
          ) : (
            <Text style={{ fontSize: 17, fontWeight: 700, color: INK }}>{letterhead.firm || letterhead.senderName}</Text>
          )}
        </View>
        <View style={{ alignItems: 'flex-end', maxWidth: '45%' }}>
          {!firmOnLeft && letterhead.firm ? <Text style={{ fontSize: 10.5, fontWeight: 700, color: INK, marginBottom: 2 }}>{letterhead.firm}</Text> : null}
          {details.map((l, i) => (
            <Text key={i} style={{ fontSize: 8.5, lineHeight: 1.35, color: MUTED, textAlign: 'right' }}>
              {l}
            </Text>
          ))}
        </View>
      </View>
    </View>
  );
}

function Letter({ preview, letterhead }: { preview: LetterPreview; letterhead: Letterhead }) {
  const { Document, Image, Page, Text, View } = r();
  const family = pdfFamily(letterhead.font);
  const signature = letterhead.signature ? fitImage(letterhead.signature, 160, 50) : null;
  const signOff = signOffLines(preview);
  return (
    <Document
      title={preview.subject}
      author={preview.signOff.name || undefined}
      subject={preview.subject}
      creator="Rapport"
      producer="Rapport"
      language="en"
    >
      <Page
        size={preview.paper === 'letter' ? 'LETTER' : 'A4'}
        style={{ fontFamily: family, fontSize: 11, color: INK, paddingTop: 46, paddingBottom: 60, paddingHorizontal: 64 }}
      >
        <LetterheadBlock letterhead={letterhead} />
        <Text style={{ marginBottom: 18 }}>{preview.date}</Text>
        <View style={{ marginBottom: 22 }}>
          {preview.recipient.map((l, i) => (
            <Text key={i} style={{ ...BODY, fontWeight: i === 0 ? 700 : 400 }}>
              {l}
            </Text>
          ))}
        </View>
        {preview.subject ? <Text style={{ fontWeight: 700, marginBottom: 14 }}>{preview.subject}</Text> : null}
        {exportedBlocks(preview).map((b, i) => (
          <Block key={i} block={b} />
        ))}
        <View wrap={false} style={{ marginTop: 2 }}>
          {signature && letterhead.signature ? (
            <Image src={imageSource(letterhead.signature)} style={{ width: signature.width, height: signature.height, marginBottom: 4 }} />
          ) : (
            <View style={{ height: 30 }} />
          )}
          {signOff.map((l, i) => (
            <Text key={i} style={{ ...BODY, ...(i === 0 ? { fontWeight: 700 } : { color: MUTED }) }}>
              {l}
            </Text>
          ))}
        </View>
        <Text
          fixed
          style={{ position: 'absolute', bottom: 28, left: 64, right: 64, fontSize: 8, color: MUTED, textAlign: 'center' }}
          render={({ pageNumber, totalPages }) => (totalPages > 1 ? `${pageNumber} / ${totalPages}` : '')}
        />
      </Page>
    </Document>
  );
}

/** Whether the PDF renderer can read an image (a damaged PNG passes the magic-byte check but not this). */
export async function imageRenders(img: LetterImage): Promise<boolean> {
  const { Document, Image, Page, renderToBuffer } = await loadPdf();
  let timer: NodeJS.Timeout | undefined;
  const render = serialised(() => renderToBuffer(
    <Document>
      <Page size={[72, 72]}>
        <Image src={imageSource(img)} style={{ width: 36, height: 36 }} />
      </Page>
    </Document>,
  )).then(
    () => true,
    () => false,
  );
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 10_000)));
  try {
    return await Promise.race([render, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Renders the letter to PDF bytes. */
export async function renderPdf(preview: LetterPreview, letterhead: Letterhead, fontsDir: string): Promise<Buffer> {
  const { renderToBuffer } = await loadPdf();
  return serialised(async () => {
    prepareFont(fontsDir, letterhead.font);
    return renderToBuffer(<Letter preview={preview} letterhead={letterhead} />);
  });
}

/**
 * Copies the letter fonts from their npm packages into resources/fonts (committed; see the README
 * there). Run after changing a font package's version: `tsx scripts/letter-fonts.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const FAMILIES = [
  { id: 'source-serif', pkg: 'source-serif-4', prefix: 'SourceSerif4' },
  { id: 'source-sans', pkg: 'source-sans-3', prefix: 'SourceSans3' },
  { id: 'eb-garamond', pkg: 'eb-garamond', prefix: 'EBGaramond' },
];
const STYLES = [
  ['400Regular', 'Regular'],
  ['400Regular_Italic', 'Italic'],
  ['700Bold', 'Bold'],
  ['700Bold_Italic', 'BoldItalic'],
];

for (const f of FAMILIES) {
  const from = path.join(ROOT, 'node_modules', '@expo-google-fonts', f.pkg);
  const to = path.join(ROOT, 'resources', 'fonts', f.id);
  fs.mkdirSync(to, { recursive: true });
  for (const [dir, name] of STYLES) fs.copyFileSync(path.join(from, dir, `${f.prefix}_${dir}.ttf`), path.join(to, `${name}.ttf`));
  fs.copyFileSync(path.join(from, 'LICENSE_FONT'), path.join(to, 'OFL.txt'));
  console.log(`${f.id}: ${JSON.parse(fs.readFileSync(path.join(from, 'package.json'), 'utf8')).version}`);
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * The fonts of every official document: Noto Sans for Latin, Vietnamese and Cyrillic, then Noto
 * Sans Armenian, KR and SC for the names families write in those scripts. They are read and parsed
 * once per process and shared by every document: parsing a font and building its layout tables is
 * most of the time a document takes, and a batch writes tens of thousands. Each document embeds
 * only the glyphs it uses (PDFKit subsets at embed time), so a Latin-only transcript stays small.
 */
const require = createRequire(import.meta.url);

const FILES = {
  regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  armenian: '@expo-google-fonts/noto-sans-armenian/400Regular/NotoSansArmenian_400Regular.ttf',
  korean: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
  chinese: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
} as const;

export type FontName = keyof typeof FILES;
/** The fonts tried, in order, for a character the text's own font does not have. */
const FALLBACKS: readonly FontName[] = ['regular', 'armenian', 'korean', 'chinese'];

let loaded: Record<FontName, fontkit.Font> | null = null;

export function documentFonts(): Record<FontName, fontkit.Font> {
  loaded ??= Object.fromEntries(Object.entries(FILES).map(([name, file]) => [name, withoutDecomposition(fontkit.create(readFileSync(require.resolve(file))) as fontkit.Font)])) as Record<FontName, fontkit.Font>;
  return loaded;
}

/**
 * Lays text out without the font's glyph decomposition (OpenType `ccmp`). Noto Sans decomposes
 * Vietnamese letters such as ọ into o and a combining dot; PDFKit then maps the plain o's glyph
 * back to ọ for every later o of the document, and the extracted text reads "Page 1 ọf 1". The
 * precomposed glyphs are in the font, so nothing is lost. Set on the font, not per call, so that
 * PDFKit keeps caching each word's layout (a call with features is never cached).
 */
function withoutDecomposition(font: fontkit.Font): fontkit.Font {
  const layout = font.layout.bind(font);
  const noDecomposition = { ccmp: false } as unknown as string[];
  font.layout = ((text: string, features?: string[]) => layout(text, features ?? noDecomposition)) as typeof font.layout;
  return font;
}

export interface TextRun {
  font: FontName;
  text: string;
}

/**
 * Splits text into runs each set in one font: the wanted font where it has the glyph, else the
 * first fallback that has it. Spaces and punctuation stay with the run they are in, so a name
 * in one script is one run and is extracted as one word.
 */
export function fontRuns(text: string, wanted: FontName): TextRun[] {
  const fonts = documentFonts();
  const runs: TextRun[] = [];
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    const last = runs.at(-1);
    const font =
      codePoint <= 0x40 && last ? last.font : fonts[wanted].hasGlyphForCodePoint(codePoint) ? wanted : (FALLBACKS.find((name) => fonts[name].hasGlyphForCodePoint(codePoint)) ?? wanted);
    if (last?.font === font) last.text += character;
    else runs.push({ font, text: character });
  }
  return runs;
}

/**
 * PDFKit lays each word out once per document and font; a batch prints the same words (course
 * titles, marks, headings) in every document, so the layouts are kept across documents. A laid
 * out word is never changed after it is made. The cache is dropped when it grows past a bound
 * (names make it grow with every student), so memory stays flat over any batch.
 */
const layoutCaches = new Map<string, Record<string, unknown>>();
const LAYOUT_CACHE_WORDS = 20_000;
let documentsSinceCheck = 0;

export function sharedLayoutCache(font: string): Record<string, unknown> {
  let cache = layoutCaches.get(font);
  if (!cache) layoutCaches.set(font, (cache = Object.create(null) as Record<string, unknown>));
  return cache;
}

/** Called once per document: drops a cache that has grown past its bound. */
export function boundLayoutCaches(): void {
  if (++documentsSinceCheck < 50) return;
  documentsSinceCheck = 0;
  for (const [font, cache] of layoutCaches) if (Object.keys(cache).length > LAYOUT_CACHE_WORDS) layoutCaches.delete(font);
}

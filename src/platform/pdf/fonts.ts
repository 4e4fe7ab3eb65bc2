import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

// The PDFs' type: Noto Sans, whole (Latin with every accent, Greek, Cyrillic, Vietnamese), from
// @expo-google-fonts/noto-sans. pdfkit's own Helvetica has only Western European letters:
// "Łucja" or "Ștefan" came out garbled, and a name or a family's own words must be drawn as
// they were written.
const require = createRequire(import.meta.url);

export type Weight = 400 | 700;

const fontFiles: Record<Weight, string> = {
  400: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  700: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
};

/** The font files, read once, on the first PDF (not at start): pdfkit takes them as buffers. */
let loaded: { files: Record<Weight, Buffer>; regular: fontkit.Font } | undefined;
export function fonts() {
  if (!loaded) {
    const files = { 400: readFileSync(fontFiles[400]), 700: readFileSync(fontFiles[700]) };
    // A .ttf holds one font (a collection would be .ttc).
    loaded = { files, regular: fontkit.create(files[400]) as fontkit.Font };
  }
  return loaded;
}

/**
 * Whether the font draws every letter of the text. Scripts it has no letters for (Arabic,
 * Bengali and others that pdfkit could not lay out anyway) show as boxes.
 */
export function drawsAll(text: string): boolean {
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (codePoint > 0x20 && !fonts().regular.hasGlyphForCodePoint(codePoint)) return false;
  }
  return true;
}

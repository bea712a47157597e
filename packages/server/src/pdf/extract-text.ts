// Reads a PDF back as text, the way a university's system or a screen reader does: for the tests
// that hold every printed figure to the API's, and for anyone checking a document by hand.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as PdfJs from 'pdfjs-dist';

/** Each page's lines, top to bottom; each line's pieces of text (table cells) left to right. */
export async function pdfLines(pdf: Uint8Array): Promise<string[][][]> {
  // The legacy build runs on Node 20 without a DOM; loaded only when a document is read back.
  const pdfjs = (await import(pathToFileURL(createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs')).href)) as typeof PdfJs;
  const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false }).promise;
  const pages: string[][][] = [];
  for (let p = 1; p <= document.numPages; p++) {
    const content = await (await document.getPage(p)).getTextContent({ includeMarkedContent: true });
    // Each tagged piece of content (a paragraph, a table cell) is one cell of its line: the
    // structure, not the gaps between glyphs, says where a cell ends.
    const pieces: Array<{ x: number; y: number; text: string }> = [];
    let open: { x: number; y: number; text: string } | null = null;
    for (const item of content.items) {
      if ('type' in item) {
        if (open?.text.trim()) pieces.push(open);
        open = item.type === 'endMarkedContent' ? null : { x: NaN, y: NaN, text: '' };
        continue;
      }
      const piece = open ?? { x: NaN, y: NaN, text: '' };
      if (Number.isNaN(piece.x) && item.str.trim()) Object.assign(piece, { x: item.transform[4] as number, y: item.transform[5] as number });
      piece.text += item.str;
      if (!open && piece.text.trim()) pieces.push(piece);
    }
    if (open?.text.trim()) pieces.push(open);
    const rows: Array<{ y: number; cells: Array<{ x: number; text: string }> }> = [];
    for (const piece of pieces) {
      const row = rows.find((r) => Math.abs(r.y - piece.y) <= 2) ?? rows[rows.push({ y: piece.y, cells: [] }) - 1]!;
      row.cells.push({ x: piece.x, text: piece.text.trim() });
    }
    pages.push(rows.sort((a, b) => b.y - a.y).map((r) => r.cells.sort((a, b) => a.x - b.x).map((c) => c.text)));
  }
  await document.destroy();
  return pages;
}

import PDFDocument from 'pdfkit';
import { boundLayoutCaches, documentFonts, fontRuns, sharedLayoutCache, type FontName, type TextRun } from './fonts.ts';

/** A column of a table: its heading, its width in points and how its cells align. */
export interface Column {
  heading: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

type Struct = PDFKit.PDFStructureElement;

const MARGIN = 48;
const PAGE = { width: 612, height: 792 }; // US Letter, as American registrars print

/**
 * A tagged, accessible US Letter document with the layout every official document shares:
 * headings, paragraphs and tables in reading order (each tagged H1/H2/P/Table so a screen reader
 * and a text extractor read them as written), fonts embedded and subset, and on every page the
 * person's name at the top and "Page n of N" at the bottom, marked as pagination artifacts.
 */
export class DocumentWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly root: Struct;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<Buffer>;

  constructor(private readonly meta: { title: string; person: string; issuedOn: string; lang?: string }) {
    // No default font: PDFKit would otherwise parse Helvetica's metrics for every document, and
    // every document sets Noto Sans first thing.
    this.doc = new PDFDocument({ font: null as unknown as string, size: 'LETTER', margins: { top: MARGIN + 14, bottom: MARGIN + 10, left: MARGIN, right: MARGIN }, tagged: true, displayTitle: true, lang: meta.lang ?? 'en-US', bufferPages: true, pdfVersion: '1.7', info: { Title: `${meta.title}: ${meta.person}`, Creator: 'Homeroom', Producer: 'Homeroom' } });
    for (const [name, font] of Object.entries(documentFonts())) this.doc.registerFont(name, font as unknown as string);
    boundLayoutCaches();
    this.doc.font('regular');
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
  }

  get contentWidth(): number {
    return PAGE.width - 2 * MARGIN;
  }

  /** Text in one or more fonts at the current position (or x, y), tagged inside the open element. */
  private write(text: string, options: { font?: FontName; size?: number; x?: number; y?: number; width?: number; align?: Column['align']; lineBreak?: boolean } = {}): void {
    const { doc } = this;
    const runs = fontRuns(text === '' ? ' ' : text, options.font ?? 'regular');
    const setFont = (font: FontName) => {
      doc.font(font).fontSize(options.size ?? 9);
      const embedded = (doc as unknown as { _font: { layoutCache?: Record<string, unknown> } })._font;
      embedded.layoutCache = sharedLayoutCache(font);
    };
    if (runs.length === 1 && options.lineBreak === false && options.width !== undefined && options.x !== undefined && options.y !== undefined) {
      // A table cell or a page's frame, in one font, that fits its width: placed where PDFKit's
      // line wrapper would place it, without the wrapper, which is most of a cell's cost.
      const [{ font, text: line }] = runs as [TextRun];
      setFont(font);
      const width = doc.widthOfString(line);
      if (width <= options.width) {
        const shift = options.align === 'right' ? options.width - doc.widthOfString(line.trimEnd()) : options.align === 'center' ? (options.width - width) / 2 : 0;
        doc.text(line, options.x + shift, options.y, { lineBreak: false });
        return;
      }
    }
    runs.forEach((run, i) => {
      setFont(run.font);
      const more = i < runs.length - 1;
      const layout = { continued: more, width: options.width, align: options.align, lineBreak: options.lineBreak ?? true };
      if (i === 0 && options.x !== undefined) doc.text(run.text, options.x, options.y, layout);
      else doc.text(run.text, layout);
    });
  }

  private room(height: number): void {
    if (this.doc.y + height > PAGE.height - this.doc.page.margins.bottom) this.doc.addPage();
  }

  heading(text: string, level: 1 | 2 = 2): void {
    this.room(level === 1 ? 40 : 30);
    if (level === 2) this.doc.moveDown(0.6);
    const element = this.doc.struct(level === 1 ? 'H1' : 'H2', {}, () => this.write(text, { font: 'bold', size: level === 1 ? 15 : 11, x: MARGIN, width: this.contentWidth }));
    this.root.add(element);
    this.doc.moveDown(0.2);
  }

  paragraph(text: string, options: { bold?: boolean; size?: number } = {}): void {
    this.room(14);
    this.root.add(this.doc.struct('P', {}, () => this.write(text, { font: options.bold ? 'bold' : 'regular', size: options.size ?? 9, x: MARGIN, width: this.contentWidth })));
  }

  /** Label–value lines side by side: identity and letterhead facts. */
  facts(pairs: Array<[string, string]>, columns = 2): void {
    const width = this.contentWidth / columns;
    for (let i = 0; i < pairs.length; i += columns) {
      this.room(13);
      const y = this.doc.y;
      let lowest = y;
      pairs.slice(i, i + columns).forEach(([label, value], c) => {
        this.root.add(this.doc.struct('P', {}, () => this.write(`${label}: ${value}`, { x: MARGIN + c * width, y, width: width - 6 })));
        lowest = Math.max(lowest, this.doc.y);
      });
      this.doc.y = lowest;
    }
  }

  /** A table with a heading row, repeated at the top of each page it continues on. */
  table(columns: Column[], rows: string[][], options: { bold?: (row: number) => boolean } = {}): void {
    const { doc } = this;
    const table = doc.struct('Table');
    this.root.add(table);
    const rowHeight = 11.5;
    const line = (cells: string[], header: boolean, bold: boolean) => {
      const y = doc.y;
      const tr = doc.struct('TR');
      table.add(tr);
      let x = MARGIN;
      columns.forEach((column, c) => {
        tr.add(doc.struct(header ? 'TH' : 'TD', {}, () => this.write(cells[c] ?? '', { font: header || bold ? 'bold' : 'regular', size: 8, x: x + 2, y, width: column.width - 4, align: column.align, lineBreak: false })));
        x += column.width;
      });
      doc.x = MARGIN;
      doc.y = y + rowHeight;
    };
    const headingRow = () => {
      line(columns.map((c) => c.heading), true, true);
      doc.save().moveTo(MARGIN, doc.y - 1.5).lineTo(MARGIN + columns.reduce((w, c) => w + c.width, 0), doc.y - 1.5).lineWidth(0.5).stroke().restore();
    };
    this.room(rowHeight * 2);
    headingRow();
    rows.forEach((row, r) => {
      if (doc.y + rowHeight > PAGE.height - doc.page.margins.bottom) {
        doc.addPage();
        headingRow();
      }
      line(row, false, options.bold?.(r) ?? false);
    });
    doc.moveDown(0.3);
  }

  /** Space for a signature: a line to sign on, who signs and the day the document was issued. */
  signatureBlock(signer: string, certification: string): void {
    this.room(90);
    this.doc.moveDown(1);
    this.paragraph(certification);
    this.doc.moveDown(2.2);
    const y = this.doc.y;
    this.doc.save().moveTo(MARGIN, y).lineTo(MARGIN + 240, y).moveTo(MARGIN + 300, y).lineTo(MARGIN + 420, y).lineWidth(0.5).stroke().restore();
    this.doc.y = y + 3;
    this.root.add(this.doc.struct('P', {}, () => this.write(signer, { x: MARGIN, y: y + 3, width: 240 })));
    this.root.add(this.doc.struct('P', {}, () => this.write(`Date issued: ${this.meta.issuedOn}`, { x: MARGIN + 300, y: y + 3, width: 200 })));
  }

  /** Writes the page frames and closes the document: the bytes of the PDF. */
  async finish(): Promise<Buffer> {
    const { doc } = this;
    this.root.end();
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0; // the footer sits in the margin; writing there must not start a page
      doc.markContent('Artifact', { type: 'Pagination' });
      this.write(`${this.meta.title} — ${this.meta.person}`, { size: 8, x: MARGIN, y: MARGIN - 6, width: this.contentWidth, lineBreak: false });
      doc.endMarkedContent();
      doc.markContent('Artifact', { type: 'Pagination' });
      this.write(`Page ${i - range.start + 1} of ${range.count}`, { size: 8, x: MARGIN, y: PAGE.height - MARGIN + 8, width: this.contentWidth, align: 'center', lineBreak: false });
      doc.endMarkedContent();
      doc.page.margins.bottom = bottom;
    }
    doc.end();
    return this.ended;
  }
}

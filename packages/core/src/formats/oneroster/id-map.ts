// A district's sourcedIds, kept compactly while its package is checked and written: 3.5 million
// enrollments and 650,000 students held as strings in a Map cost a hundred bytes and more each (the
// string, the entry, and often the whole chunk of text a sliced string keeps alive); here an id is
// two 32-bit hashes and a 32-bit value, twelve bytes a slot.

/**
 * sourcedId → a small integer (a row number, a count, an index into a short list). Ids are known by
 * a 64-bit hash of their text: two different ids are taken for one with a chance of about one in
 * 10^12 at a district's size, which the callers that must be exact (duplicates) confirm from the text.
 */
export class IdMap {
  private a: Uint32Array;
  private b: Uint32Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let slots = 1024;
    while (slots < capacity * 2) slots *= 2;
    this.a = new Uint32Array(slots);
    this.b = new Uint32Array(slots);
    this.values = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The slot of `id`, or of the empty slot where it would go. */
  private slotOf(id: string): number {
    hash(id);
    let i = h1 & this.mask;
    for (;;) {
      const bi = this.b[i]!;
      if (bi === 0 || (bi === h2 && this.a[i] === h1)) return i;
      i = (i + 1) & this.mask;
    }
  }

  has(id: string): boolean {
    return this.b[this.slotOf(id)] !== 0;
  }

  get(id: string): number | undefined {
    const i = this.slotOf(id);
    return this.b[i] === 0 ? undefined : this.values[i];
  }

  set(id: string, value: number): void {
    const i = this.slotOf(id);
    if (this.b[i] === 0) {
      this.a[i] = h1;
      this.b[i] = h2;
      this.size++;
      this.values[i] = value;
      if (this.size * 4 > (this.mask + 1) * 3) this.grow();
    } else this.values[i] = value;
  }

  /** Sets `id` to `value` unless it is there already; gives the value it had (undefined: it was not). */
  setIfAbsent(id: string, value: number): number | undefined {
    const i = this.slotOf(id);
    if (this.b[i] !== 0) return this.values[i];
    this.set(id, value);
    return undefined;
  }

  private grow(): void {
    const { a, b, values } = this;
    const slots = (this.mask + 1) * 2;
    this.a = new Uint32Array(slots);
    this.b = new Uint32Array(slots);
    this.values = new Int32Array(slots);
    this.mask = slots - 1;
    for (let k = 0; k < b.length; k++) {
      if (b[k] === 0) continue;
      let i = a[k]! & this.mask;
      while (this.b[i] !== 0) i = (i + 1) & this.mask;
      this.a[i] = a[k]!;
      this.b[i] = b[k]!;
      this.values[i] = values[k]!;
    }
  }
}

let h1 = 0;
let h2 = 0;

/** Two independent 32-bit hashes of the text (FNV-1a and a murmur-style mix), h2 never 0 (0 marks an empty slot). */
function hash(text: string): void {
  let x = 0x811c9dc5;
  let y = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    x = Math.imul(x ^ c, 0x01000193);
    y = Math.imul(y ^ c, 0x5bd1e995);
    y ^= y >>> 15;
  }
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  y = Math.imul(y ^ (y >>> 13), 0xc2b2ae35);
  y ^= y >>> 16;
  h1 = x >>> 0;
  h2 = (y >>> 0) || 1;
}

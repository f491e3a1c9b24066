import type { BillLine, LineCategory, PriceUnit, QuantityUnit } from './bill.ts';
import type { BillLines, LineKind } from './bill-lines.ts';

/** What every line of one code under one tariff shares: kept once, not in every stored bill. */
export interface LineMeta {
  code: string;
  labelZh: string;
  labelEn: string;
  category: LineCategory;
  unit: QuantityUnit;
  priceUnit: PriceUnit;
  rule: string;
}

/** Line metadata of one tariff, by line code; filled while encoding, stored beside the bills. */
export type LineMetaBook = Map<string, LineMeta>;

const SAFE_CODE = /^[A-Za-z0-9_.-]+$/;

const COMMA = 44;
const QUOTE = 34;
const OPEN = 91;
const CLOSE = 93;
const MINUS = 45;
const ZERO = 48;
const ASCII_MAX = 0x7f;
const INT32_MAX = 0x7fffffff;
/** Bytes a line needs besides its code and labels: seven numbers of at most 24 characters, punctuation. */
const LINE_BYTES = 200;
/** Labels kept encoded; only the power-factor line has labels of its own, and few of them. */
const LABEL_CACHE_MAX = 4096;
/** Line kinds whose bytes a writer keeps. */
const KINDS_MAX = 4096;

/**
 * Writes bills' encoded lines (the text `encodeLines` gives, one text per bill) as bytes, and hands
 * the texts out together: a bill run encodes a whole chunk without building a string per number
 * and line. Bills in ASCII (nearly all) become slices of one string decoded at once, so they stay
 * one-byte strings; a bill with a label of its own in Chinese (the power-factor line) is decoded
 * by itself.
 */
export class LineTextWriter {
  private bytes: Uint8Array;
  private at = 0;
  /** Where each bill's ASCII text starts and ends in `bytes`; a non-ASCII bill has its own text. */
  private starts: number[] = [];
  private ends: number[] = [];
  private own: (string | undefined)[] = [];
  private bills = 0;
  private ascii = true;
  private readonly labels = new Map<string, { bytes: Uint8Array; ascii: boolean }>();
  private readonly kinds = new Map<LineKind, KindPieces | null>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(capacity = 1 << 16) {
    this.bytes = new Uint8Array(capacity);
  }

  /**
   * Writes one bill's lines from a calculator's columns; new codes are added to `book` (which only
   * this writer fills: a code's metadata, once there, stays).
   */
  appendColumns(lines: BillLines, book: LineMetaBook): void {
    const start = this.at;
    this.ascii = true;
    this.byte(OPEN);
    for (let i = 0; i < lines.length; i++) {
      const k = lines.kind[i];
      const pieces = this.piecesOf(k);
      let meta: LineMeta | undefined;
      if (pieces !== undefined && pieces.book === book) meta = pieces.meta!;
      else {
        // The book takes the kind's own labels, never one bill's (the power-factor line names its
        // factor): every thread and every resumed run then stores and reads the same metadata.
        meta = book.get(k.code) ?? newMeta(book, k.code, k.labelZh, k.labelEn, k.category, k.unit, k.priceUnit, k.rule);
        if (pieces !== undefined) {
          pieces.book = book;
          pieces.meta = meta;
        }
      }
      const q = lines.quantity[i];
      const a = lines.amount[i];
      if (i) this.byte(COMMA);
      if (pieces !== undefined && Number.isSafeInteger(q) && Number.isSafeInteger(a))
        this.kindLine(pieces, q, lines.unitPrice[i], a, lines.factorNum[i], lines.factorDen[i]);
      else this.line(k.code, q, lines.unitPrice[i], a, k.tariffVersion, lines.factorNum[i], lines.factorDen[i]);
      const ownZh = lines.labelZh[i];
      const ownEn = lines.labelEn[i];
      // Most lines: the kind's labels, which are the book's.
      if (ownZh !== undefined || ownEn !== undefined || meta.labelZh !== k.labelZh || meta.labelEn !== k.labelEn)
        this.labelsIfOwn(meta, ownZh ?? k.labelZh, ownEn ?? k.labelEn);
      this.byte(CLOSE);
    }
    this.byte(CLOSE);
    this.endBill(start);
  }

  /** Writes one bill's lines given as objects; new codes are added to `book`. */
  appendLines(lines: readonly BillLine[], book: LineMetaBook): void {
    const start = this.at;
    this.ascii = true;
    this.byte(OPEN);
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      let meta = book.get(l.code);
      if (!meta) meta = newMeta(book, l.code, l.labelZh, l.labelEn, l.category, l.unit, l.priceUnit, l.rule);
      if (i) this.byte(COMMA);
      const f = l.factor;
      this.line(l.code, l.quantity, l.unitPrice, l.amount, l.tariffVersion, f ? f[0] : 0, f ? f[1] : 0);
      this.labelsIfOwn(meta, l.labelZh, l.labelEn);
      this.byte(CLOSE);
    }
    this.byte(CLOSE);
    this.endBill(start);
  }

  /** The texts of the bills written since the last take, in order; the writer starts empty again. */
  takeBills(): string[] {
    const out = new Array<string>(this.bills);
    const text = this.at ? this.decoder.decode(this.bytes.subarray(0, this.at)) : '';
    for (let i = 0; i < this.bills; i++) out[i] = this.own[i] ?? text.slice(this.starts[i], this.ends[i]);
    this.reset();
    return out;
  }

  /** The texts of the bills written since the last take, joined; the writer starts empty again. */
  take(): string {
    if (this.bills === 1 && this.own[0] !== undefined) {
      const text = this.own[0];
      this.reset();
      return text;
    }
    return this.takeBills().join('');
  }

  /** Drops whatever was written since the last take (after a failed bill). */
  reset(): void {
    this.at = 0;
    this.bills = 0;
    if (this.own.length) this.own = [];
  }

  private endBill(start: number): void {
    const i = this.bills++;
    if (this.ascii) {
      this.starts[i] = start;
      this.ends[i] = this.at;
    } else {
      // Decoded now, out of the shared text: one Chinese label would make every bill of the chunk
      // a two-byte string.
      this.own[i] = this.decoder.decode(this.bytes.subarray(start, this.at));
      this.at = start;
    }
  }

  private byte(c: number): void {
    if (this.at === this.bytes.length) this.grow(1);
    this.bytes[this.at++] = c;
  }

  /** The bytes a kind's lines repeat, made on its first line; undefined when it cannot have them. */
  private piecesOf(k: LineKind): KindPieces | undefined {
    let pieces = this.kinds.get(k);
    if (pieces === undefined) {
      // Tariffs compiled again bring new kinds; a long-lived writer forgets the old ones.
      if (this.kinds.size >= KINDS_MAX) this.kinds.clear();
      const ok = isAscii(k.code) && Number.isSafeInteger(k.tariffVersion);
      pieces = ok
        ? {
            head: this.encoder.encode(`["${k.code}",`),
            price: NaN,
            priceBytes: EMPTY,
            num: NaN,
            den: NaN,
            tail: EMPTY,
            version: k.tariffVersion,
            book: undefined,
            meta: undefined,
          }
        : null;
      this.kinds.set(k, pieces);
    }
    return pieces ?? undefined;
  }

  /**
   * A line as `line` writes it, from its kind's repeated bytes: the code, and the unit price and
   * factor as on the kind's previous line (they rarely change), so only quantity and amount are
   * turned into digits.
   */
  private kindLine(k: KindPieces, quantity: number, price: number, amount: number, num: number, den: number): void {
    if (!Number.isSafeInteger(price) || !Number.isSafeInteger(num) || !Number.isSafeInteger(den))
      return this.slowKindLine(k, quantity, price, amount, num, den);
    // The kind's first unit price and factor are kept as bytes; a line with others (the
    // power-factor percentage, a part month) has them written as digits.
    if (k.priceBytes === EMPTY) {
      k.price = price;
      k.priceBytes = this.encoder.encode(`,${price},`);
    }
    if (k.tail === EMPTY) {
      k.num = num;
      k.den = den;
      k.tail = this.encoder.encode(`,${k.version},${num},${den}`);
    }
    const need = k.head.length + k.tail.length + 5 * INTEGER_BYTES;
    if (this.at + need > this.bytes.length) this.grow(need);
    const b = this.bytes;
    let at = this.at;
    b.set(k.head, at);
    at = writeInteger(b, at + k.head.length, quantity);
    if (price === k.price) {
      b.set(k.priceBytes, at);
      at += k.priceBytes.length;
    } else {
      b[at++] = COMMA;
      at = writeInteger(b, at, price);
      b[at++] = COMMA;
    }
    at = writeInteger(b, at, amount);
    if (num === k.num && den === k.den) {
      b.set(k.tail, at);
      at += k.tail.length;
    } else {
      b[at++] = COMMA;
      at = writeInteger(b, at, k.version);
      b[at++] = COMMA;
      at = writeInteger(b, at, num);
      b[at++] = COMMA;
      at = writeInteger(b, at, den);
    }
    this.at = at;
  }

  private slowKindLine(k: KindPieces, quantity: number, price: number, amount: number, num: number, den: number): void {
    this.text(`${new TextDecoder().decode(k.head)}${quantity},${price},${amount},${k.version},${num},${den}`);
  }

  /** `["code",quantity,unitPrice,amount,tariffVersion,factorNum,factorDen` (the caller closes it). */
  private line(
    code: string,
    quantity: number,
    unitPrice: number,
    amount: number,
    version: number,
    num: number,
    den: number,
  ): void {
    if (!(
      Number.isSafeInteger(quantity) &&
      Number.isSafeInteger(unitPrice) &&
      Number.isSafeInteger(amount) &&
      Number.isSafeInteger(version) &&
      Number.isSafeInteger(num) &&
      Number.isSafeInteger(den)
    )) {
      // Never produced by a calculation (every figure is a checked integer); written as text, exactly.
      this.text(`["${code}",${quantity},${unitPrice},${amount},${version},${num},${den}`);
      return;
    }
    if (this.at + code.length + LINE_BYTES > this.bytes.length) this.grow(code.length + LINE_BYTES);
    const b = this.bytes;
    const start = this.at;
    let at = start;
    b[at++] = OPEN;
    b[at++] = QUOTE;
    let chars = 0;
    for (let i = 0; i < code.length; i++) {
      const c = code.charCodeAt(i);
      chars |= c;
      b[at++] = c;
    }
    if (chars > ASCII_MAX) {
      // A code from a book filled elsewhere; codes this writer admits are ASCII.
      this.at = start;
      this.text(`["${code}",${quantity},${unitPrice},${amount},${version},${num},${den}`);
      return;
    }
    b[at++] = QUOTE;
    b[at++] = COMMA;
    at = writeInteger(b, at, quantity);
    b[at++] = COMMA;
    at = writeInteger(b, at, unitPrice);
    b[at++] = COMMA;
    at = writeInteger(b, at, amount);
    b[at++] = COMMA;
    at = writeInteger(b, at, version);
    b[at++] = COMMA;
    at = writeInteger(b, at, num);
    b[at++] = COMMA;
    this.at = writeInteger(b, at, den);
  }

  /** The line's labels, when they differ from the book's (the power-factor line names its factor). */
  private labelsIfOwn(meta: LineMeta, labelZh: string, labelEn: string): void {
    if (meta.labelZh === labelZh && meta.labelEn === labelEn) return;
    this.byte(COMMA);
    this.label(labelZh);
    this.byte(COMMA);
    this.label(labelEn);
  }

  private label(text: string): void {
    let encoded = this.labels.get(text);
    if (!encoded) {
      if (this.labels.size >= LABEL_CACHE_MAX) this.labels.clear();
      const json = JSON.stringify(text);
      encoded = { bytes: this.encoder.encode(json), ascii: isAscii(json) };
      this.labels.set(text, encoded);
    }
    if (!encoded.ascii) this.ascii = false;
    this.raw(encoded.bytes);
  }

  private text(s: string): void {
    if (!isAscii(s)) this.ascii = false;
    this.raw(this.encoder.encode(s));
  }

  private raw(encoded: Uint8Array): void {
    if (this.at + encoded.length > this.bytes.length) this.grow(encoded.length);
    this.bytes.set(encoded, this.at);
    this.at += encoded.length;
  }

  private grow(need: number): void {
    let size = this.bytes.length * 2;
    while (size < this.at + need) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.bytes.subarray(0, this.at));
    this.bytes = bigger;
  }
}

/** What a line kind's encoded lines repeat, with the unit price and factor its last line had. */
interface KindPieces {
  /** `["code",` */
  head: Uint8Array;
  price: number;
  /** `,price,` */
  priceBytes: Uint8Array;
  num: number;
  den: number;
  /** `,tariffVersion,factorNum,factorDen` */
  tail: Uint8Array;
  version: number;
  /** The book the metadata was last looked up in, and the metadata of the kind's code there. */
  book: LineMetaBook | undefined;
  meta: LineMeta | undefined;
}

const EMPTY = new Uint8Array(0);
/** Most characters a safe integer takes: 16 digits and a sign. */
const INTEGER_BYTES = 17;

/** "00", "01", … "99" as character codes: integers are written two digits at a time. */
const DIGIT_PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  DIGIT_PAIRS[2 * i] = ZERO + Math.floor(i / 10);
  DIGIT_PAIRS[2 * i + 1] = ZERO + (i % 10);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > ASCII_MAX) return false;
  return true;
}

/** Writes a safe integer as `String(x)` does, at `at`; returns the position after it. */
function writeInteger(b: Uint8Array, at: number, x: number): number {
  let v = x;
  if (v < 0) {
    b[at++] = MINUS;
    v = -v;
  }
  if (v <= INT32_MAX) {
    // Almost every figure: small-integer arithmetic, which V8 keeps in registers.
    let n = v | 0;
    const end = at + digitsOf(n);
    let i = end;
    while (n >= 100) {
      const q = (n / 100) | 0;
      const r = (n - q * 100) << 1;
      b[--i] = DIGIT_PAIRS[r + 1];
      b[--i] = DIGIT_PAIRS[r];
      n = q;
    }
    if (n >= 10) {
      b[--i] = DIGIT_PAIRS[(n << 1) + 1];
      b[--i] = DIGIT_PAIRS[n << 1];
    } else b[--i] = ZERO + n;
    return end;
  }
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  const end = at + digits;
  for (let i = end - 1; i >= at; i--) {
    const q = Math.floor(v / 10);
    b[i] = ZERO + (v - q * 10);
    v = q;
  }
  return end;
}

function digitsOf(n: number): number {
  if (n < 100_000) return n < 100 ? (n < 10 ? 1 : 2) : n < 1000 ? 3 : n < 10_000 ? 4 : 5;
  return n < 10_000_000 ? (n < 1_000_000 ? 6 : 7) : n < 100_000_000 ? 8 : n < 1_000_000_000 ? 9 : 10;
}

function newMeta(
  book: LineMetaBook,
  code: string,
  labelZh: string,
  labelEn: string,
  category: LineCategory,
  unit: QuantityUnit,
  priceUnit: PriceUnit,
  rule: string,
): LineMeta {
  if (!SAFE_CODE.test(code)) throw new RangeError(`line code "${code}" cannot be stored compactly`);
  const meta: LineMeta = { code, labelZh, labelEn, category, unit, priceUnit, rule };
  book.set(code, meta);
  return meta;
}

// encodeLines returns its text at once, so one writer serves every call.
const writer = new LineTextWriter(1 << 12);

/**
 * Encodes a bill's lines compactly for storage: a JSON array of
 * `[code, quantity, unitPrice, amount, tariffVersion, factorNum, factorDen]` (factor 0/0 when none),
 * with the labels appended only when they differ from the book's (the power-factor line names the
 * actual factor). New codes are added to `book`, which the caller stores once per tariff.
 */
export function encodeLines(lines: readonly BillLine[], book: LineMetaBook): string {
  writer.reset();
  writer.appendLines(lines, book);
  return writer.take();
}

type EncodedLine = [string, number, number, number, number, number, number, string?, string?];

/** Decodes stored lines with the tariff's line metadata; throws on a code the book does not know. */
export function decodeLines(text: string, book: ReadonlyMap<string, LineMeta>): BillLine[] {
  const rows = JSON.parse(text) as EncodedLine[];
  return rows.map((r) => {
    const meta = book.get(r[0]);
    if (!meta) throw new RangeError(`no metadata for bill line code "${r[0]}"`);
    const line: BillLine = {
      code: r[0],
      labelZh: r[7] ?? meta.labelZh,
      labelEn: r[8] ?? meta.labelEn,
      category: meta.category,
      quantity: r[1],
      unit: meta.unit,
      unitPrice: r[2],
      priceUnit: meta.priceUnit,
      amount: r[3] as BillLine['amount'],
      rule: meta.rule,
      tariffVersion: r[4],
    };
    if (r[6] !== 0) line.factor = [r[5], r[6]];
    return line;
  });
}

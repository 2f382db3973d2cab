/**
 * Text written straight into Buffers, for outputs of hundreds of megabytes. Building one string
 * per line and one per chunk makes V8 flatten every rope and encode every byte again when the
 * chunk is written; here pieces that many lines share are encoded once and copied, and the rest is
 * encoded once, in place. Pieces are written whole, so a Buffer never ends inside a character.
 */
export class ByteSink {
  private buffer: Buffer;
  private position = 0;
  private full: Buffer[] = [];

  constructor(private readonly size = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  /** Bytes encoded once (`encoded`) and written many times. */
  bytes(piece: Uint8Array): void {
    if (this.position + piece.length > this.buffer.length) this.next(piece.length);
    this.buffer.set(piece, this.position);
    this.position += piece.length;
  }

  /** Text, encoded as UTF-8. */
  text(piece: string): void {
    const most = piece.length * 3;
    if (this.position + most > this.buffer.length) this.next(most);
    this.position += this.buffer.write(piece, this.position);
  }

  /** A non-negative integer in decimal, as `String(n)` writes it (line and column numbers). */
  integer(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) {
      this.text(String(n));
      return;
    }
    if (this.position + 16 > this.buffer.length) this.next(16);
    const buffer = this.buffer;
    let end = this.position + digits(n);
    this.position = end;
    do {
      buffer[--end] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  /** The Buffers filled so far, handed over: the caller writes them out, and this sink never touches them again. */
  take(): Buffer[] {
    const full = this.full;
    this.full = [];
    return full;
  }

  /** Everything written and not yet taken, including the Buffer being filled. */
  end(): Buffer[] {
    if (this.position > 0) this.full.push(this.buffer.subarray(0, this.position));
    this.buffer = Buffer.allocUnsafe(0);
    this.position = 0;
    return this.take();
  }

  /** Whether full Buffers wait to be taken. */
  get ready(): boolean {
    return this.full.length > 0;
  }

  private next(room: number): void {
    if (this.position > 0) this.full.push(this.buffer.subarray(0, this.position));
    this.buffer = Buffer.allocUnsafe(Math.max(this.size, room));
    this.position = 0;
  }
}

/** The UTF-8 bytes of a piece many lines share. */
export function encoded(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

function digits(n: number): number {
  let count = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    count++;
  }
  return count;
}

import { AppError } from '@meterflow/core';
import type { Dlt645Frame } from './frame.ts';
import { FRAME_END, FRAME_OVERHEAD_BYTES, FRAME_START, HEADER_BYTES, MAX_DATA_BYTES, checksum } from './frame.ts';
import { decodeFrame } from './frame-decode.ts';

/** Most bytes the parser holds while waiting for the rest of a frame; one longest frame fits. */
export const STREAM_BUFFER_LIMIT_BYTES = FRAME_OVERHEAD_BYTES + MAX_DATA_BYTES;

export type StreamProblem = 'checksum' | 'oversized' | 'bad-end' | 'bad-frame' | 'truncated';

/** What the parser found: a whole frame, or a problem it stepped over. */
export type StreamEvent =
  | { type: 'frame'; frame: Dlt645Frame; raw: Uint8Array }
  | { type: 'problem'; problem: StreamProblem; message: string; bytes: Uint8Array };

/** Counters a connection can expose as metrics. */
export interface StreamStats {
  frames: number;
  problems: number;
  /** FE wake-up bytes and bytes that could not start a frame. */
  skippedBytes: number;
}

const hex = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');

/**
 * Cuts DL/T 645 frames out of a TCP byte stream. Bytes before a `68 .. .. .. .. .. .. 68` header are
 * skipped (FE wake-up and line noise); a frame split over several chunks is joined, several frames in
 * one chunk are split. A bad checksum, end byte or length is reported and the parser resynchronises
 * one byte after the false start, so a corrupt frame never swallows the good frame behind it.
 */
export class Dlt645StreamParser {
  private buf = new Uint8Array(0);
  readonly stats: StreamStats = { frames: 0, problems: 0, skippedBytes: 0 };

  /** Feeds a chunk and returns what it completed, in order. */
  push(chunk: Uint8Array): StreamEvent[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf);
    joined.set(chunk, this.buf.length);
    const events: StreamEvent[] = [];
    let pos = 0;
    for (;;) {
      const start = joined.indexOf(FRAME_START, pos);
      if (start < 0) {
        this.stats.skippedBytes += joined.length - pos;
        pos = joined.length;
        break;
      }
      this.stats.skippedBytes += start - pos;
      pos = start;
      const step = this.tryFrame(joined, start, events);
      if (step === 0) break;
      pos += step;
    }
    this.buf = joined.slice(pos);
    if (this.buf.length > STREAM_BUFFER_LIMIT_BYTES) throw new Error('stream parser buffer invariant broken');
    return events;
  }

  /**
   * Flushes the stream (end of connection, or a reply timed out): the frame being waited for is
   * reported as truncated and the bytes behind its start are parsed again, so a good frame that
   * arrived after a cut-off one is not lost.
   */
  end(): StreamEvent[] {
    if (this.buf.length === 0) return [];
    const events: StreamEvent[] = [
      this.problem('truncated', `frame cut off after ${this.buf.length} byte(s)`, this.buf),
    ];
    while (this.buf.length > 0) {
      const rest = this.buf.subarray(1);
      this.stats.skippedBytes++;
      this.buf = new Uint8Array(0);
      events.push(...this.push(rest));
    }
    return events;
  }

  /** Drops held bytes silently, e.g. after a request timed out and the line is reused. */
  reset(): void {
    this.buf = new Uint8Array(0);
  }

  /** Bytes held while waiting for the rest of a frame. */
  get pending(): number {
    return this.buf.length;
  }

  /** Looks at a candidate frame at `s`: returns how many bytes to consume, or 0 to wait for more. */
  private tryFrame(b: Uint8Array, s: number, events: StreamEvent[]): number {
    if (b.length - s < HEADER_BYTES) {
      if (b.length - s >= 8 && b[s + 7] !== FRAME_START) return this.skipFalseStart();
      return 0;
    }
    if (b[s + 7] !== FRAME_START) return this.skipFalseStart();
    const length = b[s + 9];
    if (length > MAX_DATA_BYTES) {
      events.push(
        this.problem(
          'oversized',
          `frame declares ${length} data bytes, limit is ${MAX_DATA_BYTES}`,
          b.slice(s, s + HEADER_BYTES),
        ),
      );
      return 1;
    }
    const total = FRAME_OVERHEAD_BYTES + length;
    if (b.length - s < total) return 0;
    const raw = b.slice(s, s + total);
    const cs = checksum(raw, 0, total - 2);
    if (raw[total - 2] !== cs) {
      events.push(this.problem('checksum', `checksum ${hex(raw[total - 2])} does not match ${hex(cs)}`, raw));
      return 1;
    }
    if (raw[total - 1] !== FRAME_END) {
      events.push(this.problem('bad-end', `frame ends with ${hex(raw[total - 1])} instead of 16`, raw));
      return 1;
    }
    try {
      events.push({ type: 'frame', frame: decodeFrame(raw), raw });
      this.stats.frames++;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      events.push(this.problem('bad-frame', e.message, raw));
    }
    return total;
  }

  private skipFalseStart(): number {
    this.stats.skippedBytes++;
    return 1;
  }

  private problem(problem: StreamProblem, message: string, bytes: Uint8Array): StreamEvent {
    this.stats.problems++;
    return { type: 'problem', problem, message, bytes };
  }
}

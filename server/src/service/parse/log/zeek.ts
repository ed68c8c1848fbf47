import { readReply } from './reply-text';
import type { LogSink } from './sink';

/**
 * Zeek's smtp.log: one record per mail transaction Zeek saw on the network, in tab-separated columns
 * that a `#fields` header names (or one JSON object per line, when Zeek writes JSON). The record
 * keeps the last reply of its transaction (`last_reply`) but not the command it answered: a 4xx or
 * 5xx there is the responder (`id.resp_h`, the server) refusing the originator (`id.orig_h`, the
 * client), and becomes a refusal of that client. Other records (250 after the message) tell nothing
 * this extension reports; other Zeek logs (weird.log, conn.log) are not mail logs.
 */

interface ZeekColumns {
  time: number;
  client: number;
  reply: number;
}

const MAX_FIELDS = 64;

export class ZeekLog {
  /** The columns of the smtp.log being read, once its `#fields` header was seen. */
  private columns?: ZeekColumns;
  private path = '';
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);
  private count = 0;

  /** A header line of a Zeek log; true for those of an smtp.log (`#path smtp`, `#fields` with last_reply). */
  header(line: string): boolean {
    if (line.startsWith('#path\t')) {
      this.path = line.slice(6).trim();
      if (this.path !== 'smtp') this.columns = undefined;
      return this.path === 'smtp';
    }
    if (!line.startsWith('#fields\t')) return this.path === 'smtp' && /^#(?:open|close|types)\b/.test(line);
    const names = line.slice(8).split('\t');
    const reply = names.indexOf('last_reply');
    this.columns = reply >= 0 && (this.path === '' || this.path === 'smtp')
      ? { time: names.indexOf('ts'), client: names.indexOf('id.orig_h'), reply }
      : undefined;
    return this.columns !== undefined;
  }

  /** Whether a row may be an smtp.log record: a header named its columns, or the line is a JSON record. */
  mayRead(line: string): boolean {
    return this.columns !== undefined || line.startsWith('{"ts":');
  }

  /**
   * A record of smtp.log: true when the line is one (tab-separated under a `#fields` header, or a
   * JSON object with `last_reply`), with its refusal, if any, in the sink.
   */
  readRow(line: string, lineNo: number, sink: LogSink): boolean {
    if (line.charCodeAt(0) === 123 /* { */) return this.readJson(line, lineNo, sink);
    const columns = this.columns;
    if (!columns) return false;
    this.scan(line);
    if (this.count <= columns.reply) return false;
    const at = this.starts[columns.reply];
    const end = this.ends[columns.reply];
    this.refusal(line, lineNo, at, end, this.field(line, columns.client), sink);
    return true;
  }

  /** `{"ts":1254722767.875996,"uid":"C...","id.orig_h":"10.10.1.4",...,"last_reply":"250 OK",...}` */
  private readJson(line: string, lineNo: number, sink: LogSink): boolean {
    const key = line.indexOf('"last_reply":"');
    if (key < 0) return false;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return false;
    }
    if (typeof record !== 'object' || record === null) return false;
    const fields = record as Record<string, unknown>;
    const reply = fields.last_reply;
    if (typeof reply !== 'string') return false;
    const at = key + 14;
    // The reply as written in the line; one with escapes in it is read from the parsed value's length.
    const end = line.startsWith(reply, at) ? at + reply.length : line.indexOf('"', at);
    const client = typeof fields['id.orig_h'] === 'string' ? fields['id.orig_h'] : '';
    this.refusal(line, lineNo, at, end < 0 ? line.length : end, client, sink);
    return true;
  }

  /** A 4xx or 5xx last reply at [at, end): the server refused the client of the transaction. */
  private refusal(line: string, lineNo: number, at: number, end: number, client: string, sink: LogSink): void {
    const first = line.charCodeAt(at);
    if (first !== 52 && first !== 53 /* 4 or 5 */) return;
    const event = sink.event('rejected', lineNo, at, at + 3);
    if (!readReply(line, at, end, event) || event.code === undefined) return;
    if (client !== '' && client !== '-') event.peer = `[${client}]`;
    sink.reject(event);
  }

  /** Where the row's timestamp stands: `ts`, epoch seconds, or an ISO time in quotes when Zeek writes JSON so. */
  timeColumn(line: string): [number, number] {
    if (line.startsWith('{"ts":')) {
      const quoted = line.charCodeAt(6) === 34;
      const end = quoted ? line.indexOf('"', 7) : line.indexOf(',', 6);
      return end < 0 ? [-1, -1] : [quoted ? 7 : 6, end];
    }
    const columns = this.columns;
    if (!columns || columns.time < 0) return [-1, -1];
    this.scan(line);
    return columns.time < this.count ? [this.starts[columns.time], this.ends[columns.time]] : [-1, -1];
  }

  private scan(line: string): void {
    let count = 0;
    let pos = 0;
    while (count < MAX_FIELDS) {
      const tab = line.indexOf('\t', pos);
      this.starts[count] = pos;
      this.ends[count] = tab < 0 ? line.length : tab;
      count++;
      if (tab < 0) break;
      pos = tab + 1;
    }
    this.count = count;
  }

  private field(line: string, column: number): string {
    return column < 0 || column >= this.count ? '' : line.slice(this.starts[column], this.ends[column]);
  }
}

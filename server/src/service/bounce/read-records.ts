import type { Catalog } from '../catalog';
import { readBounce } from '../parse/message/bounce/read';
import { decodedHeader, headerValue } from '../parse/message/header-block';
import { firstHeaderLine, splitMbox } from '../parse/message/mbox';
import { readMimeTree } from '../parse/message/mime';
import type { BounceReport, MimePart } from '../parse/message/model';
import { splitLines } from '../parse/transcript/lines';
import { classifyRecipient, type ClassifiedRecipient } from './classify';
import { recordsOf, type BounceRecord, type RecordOptions, type RecordSource } from './records';

/**
 * One message as the bounce command needs it: what it says about delivery, and its sender and
 * subject decoded only when a record asks for them (an auto-reply's or a feedback report's).
 */
class BounceMessage implements RecordSource {
  readonly bounce?: BounceReport;

  constructor(readonly index: number, readonly startLine: number, private readonly root: MimePart, bounce: BounceReport | undefined) {
    this.bounce = bounce;
  }

  get from(): string | undefined {
    return decodedHeader(headerValue(this.root.headers, 'from'));
  }

  get subject(): string | undefined {
    return decodedHeader(headerValue(this.root.headers, 'subject'));
  }
}

/**
 * The records of `smtp-lens bounce` for one file's text (an .eml, or each message of an mbox), read
 * for them alone: no document model is kept, no dialogue quoted in the text is read into a
 * transcript, no state is left behind, and each message is classified as it is read. The records are
 * those `bounceRecords` makes from the editor's model of the same text (a test compares both on every
 * corpus bounce). Undefined when no message of the text has a header field: it is no mail.
 */
export function readBounceRecords(text: string, catalog: Catalog, options: RecordOptions = {}): BounceRecord[] | undefined {
  const lines = splitLines(text);
  const ranges = splitMbox(lines);
  let headed = false;
  // Each message is read when its records are made, and let go after: an mbox costs one message's memory.
  function* messages(): Generator<BounceMessage> {
    let index = 0;
    for (const range of ranges) {
      const { root, parts } = readMimeTree(lines, firstHeaderLine(lines, range.start, range.end), range.end);
      if (root.headers.length > 0) headed = true;
      // A file that is one text without a header field is no mail: its text is not read for a bounce.
      else if (ranges.length === 1) return;
      yield new BounceMessage(index++, range.separator ?? range.start, root, readBounce(lines, root, parts, { recordsOnly: true }).bounce);
    }
  }
  const records = recordsOf(messages(), catalog, options, classified(catalog));
  return headed ? records : undefined;
}

function classified(catalog: Catalog): (message: BounceMessage) => ClassifiedRecipient[] {
  return (message) => (message.bounce?.recipients ?? []).map((recipient) => ({ recipient, classification: classifyRecipient(recipient, catalog) }));
}

import { headerValue, parseContentType, readHeaderBlock } from './header-block';
import type { MimePart } from './model';

/**
 * Deeper nesting than this (multiparts in messages in multiparts ...) is no mail a person sent: the
 * part is kept whole as opaque lines, so a hostile message costs at most this many boundary checks
 * per line.
 */
export const MAX_DEPTH = 24;

/** Types whose body is a whole message with its own header (RFC 2046 §5.2, RFC 6532 §3.7). */
const MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);
/** Types whose body is a header block only (RFC 6522 §4, the returned headers of a DSN). */
const HEADER_TYPES = new Set(['text/rfc822-headers', 'message/global-headers']);

/** A part still taking lines, and the boundary it is a multipart of. */
interface Open {
  part: MimePart;
  boundary?: string;
  /** Children seen so far, for their ids. */
  count: number;
}

/**
 * Reads the MIME structure of the message on lines [start, end) in one pass: header blocks, boundary
 * lines, part line ranges. Boundaries are matched against a stack of the open multiparts, innermost
 * first; a boundary of an outer multipart closes every part inside it, and a multipart that never
 * closes ends with the message. No body is decoded here.
 */
export function readMimeTree(lines: readonly string[], start: number, end: number): { root: MimePart; parts: MimePart[] } {
  const parts: MimePart[] = [];
  const stack: Open[] = [];
  const isBoundary = (line: string): boolean => line.startsWith('--') && matchBoundary(line, stack) !== undefined;

  /** Reads a part's header from `at`; pushes it (and, for message/rfc822, the message inside); returns its body's first line. */
  const begin = (at: number, id: string, depth: number, defaultType: string): number => {
    const block = readHeaderBlock(lines, at, end, stack.length > 0 ? isBoundary : undefined);
    const part = newPart(id, depth, block.fields, at, block.end, block.next, defaultType);
    parts.push(part);
    stack[stack.length - 1]?.part.children.push(part);
    const open: Open = { part, count: 0 };
    stack.push(open);
    if (depth >= MAX_DEPTH) {
      part.truncated = true;
      return block.next;
    }
    const boundary = part.params.boundary;
    if (part.contentType.startsWith('multipart/') && boundary) {
      open.boundary = boundary;
      return block.next;
    }
    const encoded = part.encoding === 'base64' || part.encoding === 'quoted-printable';
    if (MESSAGE_TYPES.has(part.contentType) && !encoded && block.next < end) {
      return begin(block.next, id === '' ? '0' : `${id}.0`, depth + 1, 'text/plain');
    }
    if (HEADER_TYPES.has(part.contentType) && !encoded && block.next < end) {
      const inner = readHeaderBlock(lines, block.next, end, isBoundary);
      const headers = newPart(id === '' ? '0' : `${id}.0`, depth + 1, inner.fields, block.next, inner.end, inner.next, 'text/plain');
      headers.bodyEnd = headers.bodyStart - 1;
      part.children.push(headers);
      parts.push(headers);
      return inner.next;
    }
    return block.next;
  };

  /** Closes the open parts above stack index `keep` (exclusive) at `last`. */
  const closeAbove = (keep: number, last: number): void => {
    while (stack.length > keep + 1) {
      const open = stack.pop()!;
      open.part.bodyEnd = Math.max(open.part.bodyStart - 1, last);
      if (open.boundary) open.part.unterminated = true;
    }
  };

  let i = begin(start, '', 0, 'text/plain');
  while (i < end) {
    const line = lines[i];
    const found = line.startsWith('--') ? matchBoundary(line, stack) : undefined;
    if (!found) {
      i++;
      continue;
    }
    closeAbove(found.index, i - 1);
    const multipart = stack[found.index];
    if (found.closing) {
      stack.pop();
      multipart.part.bodyEnd = i;
      // The epilogue after it belongs to the enclosing part, which stays open.
      i++;
      continue;
    }
    multipart.count++;
    const parent = multipart.part;
    const id = parent.id === '' || parent.id === '0' ? String(multipart.count) : `${parent.id.replace(/\.0$/, '')}.${multipart.count}`;
    // RFC 2046 §5.1.5: in a multipart/digest a part is a message unless it says otherwise.
    const defaultType = parent.contentType === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    i = begin(i + 1, id, parent.depth + 1, defaultType);
  }
  closeAbove(-1, end - 1);
  return { root: parts[0], parts };
}

/** The innermost open multipart whose boundary the line is, and whether it closes it. */
function matchBoundary(line: string, stack: readonly Open[]): { index: number; closing: boolean } | undefined {
  for (let k = stack.length - 1; k >= 0; k--) {
    const boundary = stack[k].boundary;
    if (boundary === undefined || !line.startsWith(boundary, 2)) continue;
    const rest = line.slice(2 + boundary.length);
    // Transport padding (blanks) may follow a boundary (RFC 2046 §5.1.1).
    if (rest.trim() === '') return { index: k, closing: false };
    if (rest.startsWith('--') && rest.slice(2).trim() === '') return { index: k, closing: true };
  }
  return undefined;
}

function newPart(id: string, depth: number, headers: MimePart['headers'], headerStart: number, headerEnd: number, bodyStart: number, defaultType: string): MimePart {
  const contentType = parseContentType(headerValue(headers, 'content-type') ?? '');
  const encoding = (headerValue(headers, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase().split(/[\s;]/)[0] || '7bit';
  return {
    id, depth, headers, headerStart, headerEnd, bodyStart, bodyEnd: bodyStart - 1,
    contentType: contentType.type || defaultType,
    params: contentType.params,
    encoding,
    children: [],
  };
}

import { MESSAGE_RULES } from '../analyze';
import type { MessageModel } from '../parse';
import { messageFolding } from '../features/message/folding';
import { messageHover } from '../features/message/hover';
import { messageSymbols } from '../features/message/symbols';
import { splitMbox } from '../parse/message/mbox';
import { readMessage, readMessageWindow } from '../parse/message/eml-reader';
import { splitLines } from '../parse/transcript/transcript-reader';
import type { DocumentKind } from './kind';

/**
 * An email message or mbox: headers, MIME parts, delivery-status reports and the dialogue a bounce
 * quotes. A window of a large document is every message with a line in it, each read whole.
 */
export const MESSAGE_KIND: DocumentKind<MessageModel> = {
  name: 'message',
  languageIds: ['eml'],
  read: (document) => readMessage(document.getText()),
  reread: () => undefined,
  readWindow(source, from, to) {
    const lines = source.memo('message lines', () => splitLines(source.text));
    const ranges = source.memo('mbox', () => splitMbox(lines));
    return readMessageWindow(lines, ranges, from, to);
  },
  rules: MESSAGE_RULES,
  hover: messageHover,
  symbols: messageSymbols,
  folding: messageFolding,
};

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument, type MessageModel } from '../../../server/src/service';
import { classifyMessage } from '../../../server/src/service/bounce';
import { catalog } from '../../helpers/catalog';

export { catalog };

export const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'eml');

/** A fixture's text, read as the editor would (UTF-8, bad bytes replaced). */
export function fixture(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

/** Text read as a message document. */
export function readEml(text: string): MessageModel {
  const model = parseDocument(text, 'eml');
  if (model.kind !== 'message') throw new Error('not read as a message');
  return model;
}

/** What the tests compare of each recipient: address, action, status, reply, command, reason, bounce kind. */
export function verdicts(model: MessageModel): string[] {
  return model.messages.flatMap((m) => classifyMessage(m, catalog).map(({ recipient: r, classification: c }) =>
    [r.address, r.action, r.status ?? '-', r.replyCode ?? '-', r.command ?? '-', c.reason.id, c.bounce].join(' ')));
}

/** Lines written with \n, for small messages in tests. */
export function eml(...lines: string[]): string {
  return lines.join('\n');
}

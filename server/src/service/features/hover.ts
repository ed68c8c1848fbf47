import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog';
import { lineEntry, type Command, type DocumentModel, type Reply } from '../parse';
import { enhancedMarkdown, replyBody, replyHeading } from './code-docs';
import { inlineCode } from './markdown';
import type { ServiceOptions } from './options';
import { contains, toRange } from './ranges';

/** Hover at a position: a reply code, an enhanced status code, or a command and the reply it got. */
export function hover(model: DocumentModel, catalog: Catalog, position: Position, options: ServiceOptions): Hover | null {
  const entry = lineEntry(model, position.line);
  if (!entry) return null;
  const lang = options.language;
  const { replyLine, reply, command } = entry;
  if (replyLine && reply) {
    if (contains(replyLine.codeSpan, position)) {
      return markdown(replyMarkdown(reply, catalog, options), replyLine.codeSpan);
    }
    if (replyLine.enhanced && contains(replyLine.enhanced.span, position)) {
      return markdown(enhancedMarkdown(catalog.enhanced(replyLine.enhanced.code), catalog, lang).join('\n\n'), replyLine.enhanced.span);
    }
  }
  if (command && contains(command.verbSpan, position)) {
    return markdown(commandMarkdown(command, catalog, options), command.verbSpan);
  }
  return null;
}

function markdown(value: string, span: Parameters<typeof toRange>[0]): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(span) };
}

/** Reply code documentation, in the meaning its command gives it, and what it answered. */
export function replyMarkdown(reply: Reply, catalog: Catalog, options: ServiceOptions): string {
  const lang = options.language;
  const answered = reply.answers === 'connection' ? undefined : reply.answers;
  const entry = catalog.reply(reply.code, reply.answers === 'connection' ? 'CONNECT' : answered?.verb);
  const parts = [replyHeading(reply.code, entry, catalog, lang)];
  if (reply.answers === 'connection') parts.push(`*${catalog.message('hover.greeting', lang)}*`);
  else if (answered) parts.push(answeredLine(answered, catalog, options));
  if (entry) parts.push(...replyBody(entry, catalog, lang));
  else parts.push(catalog.message('hover.unknownCode', lang));
  return parts.filter((p) => p !== '').join('\n\n');
}

function answeredLine(command: Command, catalog: Catalog, options: ServiceOptions): string {
  return catalog.message('hover.inReplyTo', options.language, commandLabel(command), command.source.line + 1);
}

/** "RCPT TO:<bob@example.org>" as inline code, shortened when long. */
function commandLabel(command: Command): string {
  const text = command.source.text.trim();
  return inlineCode(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/** A command: its catalog entry and the replies it got. */
function commandMarkdown(command: Command, catalog: Catalog, options: ServiceOptions): string {
  const lang = options.language;
  const entry = catalog.command(command.verb);
  const parts = [`**${inlineCode(command.verb)}**${entry ? ` · ${catalog.text(entry.name, lang)}` : ''}`];
  if (entry) parts.push(inlineCode(entry.syntax), catalog.text(entry.description, lang));
  for (const reply of command.replies) {
    const line = reply.lines[0];
    const label = inlineCode(`${reply.code}${line.text ? ` ${line.text}` : ''}`.slice(0, 120));
    parts.push(catalog.message('hover.gotReply', lang, label, line.source.line + 1));
  }
  if (command.replies.length === 0) parts.push(catalog.message('hover.noReply', lang));
  return parts.join('\n\n');
}

/** From a parsed query to catalog entries, or to a message that says why there are none. */
import type { Catalog, EnhancedExplanation, Language, ReplyCodeEntry } from '../../catalog';
import { replyClassLabel } from '../code-docs';
import { inlineCode } from '../markdown';
import type { QueryProblem } from './query';

/** A page, or a plain-text message (user input in it only as inline code) saying why there is none. */
export type { PageResult } from '../../../../../protocol';

/** Longest stretch of the user's input quoted back in a message. */
const MAX_QUOTE = 40;

/** User input quoted in a message: shortened, on one line, as inline code so it can never act. */
export function quote(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return inlineCode(clean.length > MAX_QUOTE ? `${clean.slice(0, MAX_QUOTE - 1)}…` : clean);
}

export function problemMessage(problem: QueryProblem, catalog: Catalog, lang: Language): string {
  switch (problem.problem) {
    case 'empty': return catalog.message('page.error.empty', lang);
    case 'invalid-reply': return catalog.message('reply.invalid', lang, quote(problem.token));
    case 'invalid-enhanced': return catalog.message('page.error.invalidEnhanced', lang, quote(problem.token));
    case 'too-many': return catalog.message('page.error.tooMany', lang, quote(problem.token));
    case 'malformed': return catalog.message('page.error.malformed', lang, quote(problem.token));
  }
}

/**
 * Every meaning of a reply code, the one `command` selects first (by id, "530@STARTTLS", or by the
 * command it follows); an error for a code the
 * catalog does not hold (explained by its class, so the message still helps).
 */
export function replyMeanings(code: string, command: string | undefined, catalog: Catalog, lang: Language):
  { meanings: ReplyCodeEntry[] } | { error: string } {
  const meanings = [...catalog.replyMeanings(code)];
  if (meanings.length === 0) {
    const cls = catalog.replyClass(code);
    return { error: catalog.message('page.error.unknownReply', lang, quote(code), replyClassLabel(code, catalog, lang), cls ? catalog.text(cls.description, lang) : '') };
  }
  // "530@STARTTLS" names a meaning by its id; "251" + ETRN by the command it follows.
  const byId = command ? catalog.replyById(`${code}@${command}`) : undefined;
  const matched = byId ?? (command ? meanings.find((m) => m.afterCommands.includes(command)) : undefined);
  return { meanings: matched ? [matched, ...meanings.filter((m) => m !== matched)] : meanings };
}

/** An enhanced status code whose class and subject the catalog knows; the detail may be unregistered. */
export function enhancedCode(code: string, catalog: Catalog, lang: Language): { explanation: EnhancedExplanation } | { error: string } {
  const explanation = catalog.enhanced(code);
  const [cls, subject] = code.split('.');
  if (!explanation.classEntry) return { error: catalog.message('page.error.invalidEnhanced', lang, quote(code)) };
  if (!explanation.subjectEntry) {
    return { error: catalog.message('page.error.unknownSubject', lang, quote(code), subject, `${cls} ${catalog.text(explanation.classEntry.name, lang)}`) };
  }
  return { explanation };
}

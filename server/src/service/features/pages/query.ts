/**
 * What a user asks to have explained: a reply code ("550", "251@ETRN"), an enhanced status code
 * ("5.1.1"), or both ("550 5.7.26"). Only digits, dots and a command verb are ever kept, so nothing
 * the user typed can reach a page except as validated codes.
 */

export interface CodeQuery {
  /** Three digits, first 2–5, second 0–5. */
  reply?: string;
  /** The command the reply answered, upper-case letters only ("251@ETRN" -> "ETRN"). */
  command?: string;
  /** class.subject.detail with class 2, 4 or 5. */
  enhanced?: string;
}

export type QueryProblemKind = 'empty' | 'malformed' | 'invalid-reply' | 'invalid-enhanced' | 'too-many';

export interface QueryProblem {
  problem: QueryProblemKind;
  /** The part of the input at fault, as typed (quote it only as inline code). */
  token: string;
}

/** Longest input read at all; a query is a handful of characters. */
const MAX_QUERY = 200;
const REPLY = /^(\d{3})(?:@([A-Za-z]{1,20}))?$/;
const ENHANCED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const VERB = /^[A-Za-z]{1,20}$/;

export function isQueryProblem(value: CodeQuery | QueryProblem): value is QueryProblem {
  return 'problem' in value;
}

/** A command verb when it is one (letters only), upper-cased; anything else is dropped. */
export function cleanVerb(verb: unknown): string | undefined {
  return typeof verb === 'string' && VERB.test(verb) ? verb.toUpperCase() : undefined;
}

/** Reads "550", "5.1.1", "550 5.7.26", "550-5.7.26" or "251@ETRN". */
export function parseCodeQuery(text: string): CodeQuery | QueryProblem {
  if (text.length > MAX_QUERY) return { problem: 'malformed', token: text };
  const tokens = text.trim().replace(/^(\d{3})-(?=\d)/, '$1 ').split(/[\s,]+/).filter((t) => t !== '');
  if (tokens.length === 0) return { problem: 'empty', token: text };
  const query: CodeQuery = {};
  for (const token of tokens) {
    const reply = REPLY.exec(token);
    const enhanced = ENHANCED.exec(token);
    if (reply) {
      if (query.reply !== undefined) return { problem: 'too-many', token };
      if (!/^[2-5][0-5]\d$/.test(reply[1])) return { problem: 'invalid-reply', token: reply[1] };
      query.reply = reply[1];
      if (reply[2]) query.command = reply[2].toUpperCase();
    } else if (enhanced) {
      if (query.enhanced !== undefined) return { problem: 'too-many', token };
      if (!/^[245]$/.test(enhanced[1])) return { problem: 'invalid-enhanced', token };
      // Leading zeros would never match the registry; the registry's own form has none.
      query.enhanced = enhanced.slice(1).map((part) => String(Number(part))).join('.');
    } else {
      return { problem: 'malformed', token };
    }
  }
  return query;
}

import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { Catalog, Language } from '../catalog';
import { lineEntry, type Command, type Reply, type Session, type Span, type TranscriptModel } from '../parse';
import { authSteps, type AuthStep } from '../parse/auth';
import { authStepSummary } from './auth-text';
import { referencesLine } from './code-docs';
import { escapeMarkdown, inlineCode } from './markdown';
import type { ServiceOptions } from './options';
import { contains, toRange } from './ranges';
import { humanSize } from './units';
import { formatSeconds, responseTimes } from '../parse/timing';
import { providerLead } from './provider-lead';
import { replySummary } from './reply-summary';

/** Hover in SMTP dialogue (of any kind of document): codes, commands and their parameters, EHLO keywords, AUTH exchanges. */
export function transcriptHover(model: TranscriptModel, catalog: Catalog, position: Position, options: ServiceOptions): Hover | null {
  const entry = lineEntry(model, position.line);
  if (!entry) return null;
  const lang = options.language;
  const { replyLine, reply, command, session, line } = entry;
  if (replyLine && reply) {
    if (contains(replyLine.codeSpan, position)) return markdown(replyMarkdown(reply, catalog, options, session), replyLine.codeSpan);
    // The enhanced code says the same reply as the code: the same summary, whichever is hovered.
    if (replyLine.enhanced && contains(replyLine.enhanced.span, position)) return markdown(replyMarkdown(reply, catalog, options, session), replyLine.enhanced.span);
    if (reply === session.capabilitiesReply && reply.lines.indexOf(replyLine) > 0) {
      const keyword = capabilityHover(replyLine.text, replyLine.textSpan, position, catalog, lang);
      if (keyword) return keyword;
    }
    if (reply.code === '334' && reply.answers !== 'connection' && reply.answers?.verb === 'AUTH') {
      const step = authSteps(reply.answers).find((s) => s.span.line === position.line && contains(s.span, position));
      if (step) return markdown(authStepMarkdown(step, reply.answers, catalog, options), step.span);
    }
    if ((reply.code[0] === '4' || reply.code[0] === '5') && contains(replyLine.textSpan, position)) {
      // The reply's own words: what they mean from the provider that wrote them, when it is known.
      const lead = providerLead(replyFacts(reply, session), catalog, lang);
      if (lead.length > 0) return markdown(lead.join('\n\n'), replyLine.textSpan);
    }
    return null;
  }
  if (line.kind === 'auth-response') {
    const auth = session.commands.find((c) => c.authResponses.includes(line));
    const step = auth && authSteps(auth).find((s) => s.span.line === position.line && contains(s.span, position));
    if (auth && step) return markdown(authStepMarkdown(step, auth, catalog, options), step.span);
    return null;
  }
  if (command) return commandHover(command, session, position, catalog, options);
  return null;
}

function markdown(value: string, span: Span): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(span) };
}

/** What the provider lookup is told of a reply: every line's text, its codes, the host that greeted. */
function replyFacts(reply: Reply, session: Session | undefined): { text: string; code: string; enhanced?: string; host?: string; command?: string } {
  const greeting = session?.replies.find((r) => r.answers === 'connection');
  const host = greeting?.lines[0]?.text.trim().split(/\s+/)[0];
  const enhanced = reply.lines.find((l) => l.enhanced)?.enhanced?.code;
  const command = reply.answers === 'connection' ? undefined : reply.answers?.verb;
  return { text: `${reply.code} ${reply.lines.map((l) => l.text).join(' ')}`, code: reply.code, enhanced, host, command };
}

/**
 * What a reply means, in the meaning its command gives it, and what it answered: the provider's own
 * meaning first when it is known; short, the whole page behind the Explain link.
 */
export function replyMarkdown(reply: Reply, catalog: Catalog, options: ServiceOptions, session?: Session): string {
  const lang = options.language;
  const answered = reply.answers === 'connection' ? undefined : reply.answers;
  const command = reply.answers === 'connection' ? 'CONNECT' : answered?.verb;
  const entry = catalog.reply(reply.code, command, reply.lines[0].text);
  const context: string[] = [];
  if (reply.answers === 'connection') context.push(`*${catalog.message('hover.greeting', lang)}*`);
  else if (answered) context.push(catalog.message('hover.inReplyTo', lang, commandLabel(answered), answered.source.line + 1));
  const times = session ? responseTimes(session) : undefined;
  const seconds = times?.get(reply.index);
  if (times && seconds !== undefined) context.push(catalog.message('hover.responseTime', lang, formatSeconds(seconds, times.wholeSeconds)));
  const facts = replyFacts(reply, session);
  return replySummary({ code: reply.code, enhanced: facts.enhanced, command, entry, context, facts, compare: true }, catalog, lang);
}

/** "RCPT TO:<bob@example.org>" as inline code, shortened when long; AUTH responses never shown. */
function commandLabel(command: Command): string {
  const text = command.verb === 'AUTH' && command.auth ? `AUTH ${command.auth.mechanism}` : command.source.text.trim();
  return inlineCode(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

function commandHover(command: Command, session: Session, position: Position, catalog: Catalog, options: ServiceOptions): Hover | null {
  const lang = options.language;
  if (contains(command.verbSpan, position)) return markdown(commandMarkdown(command, catalog, lang), command.verbSpan);
  for (const param of command.params) {
    if (!contains(param.span, position)) continue;
    const entry = catalog.parameter(param.keyword);
    if (!entry) return null;
    const parts = [`**${inlineCode(param.keyword)}** · ${catalog.message('hover.parameter', lang, command.verb, entry.extension)}`,
      inlineCode(entry.syntax), escapeMarkdown(catalog.text(entry.description, lang))];
    if (param.keyword === 'SIZE' && param.value) parts.push(humanSize(Number(param.value)));
    if (!session.capabilities.has(entry.extension) && session.capabilitiesReply) parts.push(`⚠ ${catalog.message('hover.notAdvertised', lang, entry.extension)}`);
    parts.push(referencesLine(entry.references, catalog, lang));
    return markdown(parts.filter(Boolean).join('\n\n'), param.span);
  }
  const auth = command.auth;
  if (auth && contains(auth.mechanismSpan, position)) return markdown(mechanismMarkdown(auth.mechanism, catalog, lang), auth.mechanismSpan);
  if (auth?.initialResponse && contains(auth.initialResponse.span, position)) {
    const step = authSteps(command)[0];
    if (step) return markdown(authStepMarkdown(step, command, catalog, options), step.span);
  }
  return null;
}

/** A command: its catalog entry and the replies it got. */
function commandMarkdown(command: Command, catalog: Catalog, lang: Language): string {
  const entry = catalog.command(command.verb);
  const parts = [`**${inlineCode(command.verb)}**${entry ? ` · ${escapeMarkdown(catalog.text(entry.name, lang))}` : ''}`];
  if (entry) parts.push(inlineCode(entry.syntax), escapeMarkdown(catalog.text(entry.description, lang)));
  for (const reply of command.replies) {
    const line = reply.lines[0];
    const replyEntry = catalog.reply(reply.code, command.verb);
    const name = replyEntry ? ` — ${escapeMarkdown(catalog.text(replyEntry.name, lang))}` : '';
    const label = inlineCode(`${reply.code}${line.text ? ` ${line.text}` : ''}`.slice(0, 120));
    parts.push(`${catalog.message('hover.gotReply', lang, label, line.source.line + 1)}${name}`);
  }
  if (command.replies.length === 0) parts.push(catalog.message('hover.noReply', lang));
  if (entry) parts.push(referencesLine(entry.references, catalog, lang));
  return parts.filter(Boolean).join('\n\n');
}

function mechanismMarkdown(mechanism: string, catalog: Catalog, lang: Language): string {
  const entry = catalog.authMechanism(mechanism);
  const parts = [`**${catalog.message('hover.mechanism', lang, inlineCode(mechanism))}**`];
  if (entry) parts.push(escapeMarkdown(catalog.text(entry.description, lang)), referencesLine(entry.references, catalog, lang));
  return parts.filter(Boolean).join('\n\n');
}

function authStepMarkdown(step: AuthStep, command: Command, catalog: Catalog, options: ServiceOptions): string {
  const lang = options.language;
  const mechanism = command.auth?.mechanism ?? 'AUTH';
  const summary = escapeMarkdown(authStepSummary(step, catalog, lang, options.revealSecrets));
  const parts = step.role === 'challenge' && step.state === 'decoded'
    ? [catalog.message('auth.challenge', lang, inlineCode(step.fields[0].value))]
    : [`**${catalog.message('auth.response', lang, inlineCode(mechanism))}**`, summary];
  if (step.role === 'challenge' && step.state !== 'decoded') parts.push(summary);
  if (!options.revealSecrets && step.fields.some((f) => f.secret)) parts.push(`*${catalog.message('auth.revealHint', lang)}*`);
  return parts.join('\n\n');
}

/** The EHLO keyword under the cursor on a capability line, e.g. SIZE with its limit in human units. */
function capabilityHover(text: string, textSpan: Span, position: Position, catalog: Catalog, lang: Language): Hover | null {
  const keyword = /^[A-Za-z0-9][A-Za-z0-9-]*/.exec(text)?.[0];
  if (!keyword) return null;
  const span: Span = { line: textSpan.line, start: textSpan.start, end: textSpan.start + keyword.length };
  if (!contains({ ...span, end: textSpan.end }, position)) return null;
  const entry = catalog.ehloKeyword(keyword);
  if (!entry) return null;
  const parts = [`**${inlineCode(entry.keyword)}** · ${escapeMarkdown(catalog.text(entry.name, lang))}`, `*${catalog.message('hover.capability', lang)}*`,
    escapeMarkdown(catalog.text(entry.description, lang))];
  if (entry.keyword === 'SIZE') {
    const limit = Number(text.slice(keyword.length).trim().split(/\s+/)[0]);
    parts.push(limit > 0 ? catalog.message('hover.sizeLimit', lang, humanSize(limit)) : catalog.message('hover.sizeNoLimit', lang));
  }
  if (entry.keyword === 'AUTH') {
    const mechanisms = text.slice(keyword.length).replace(/^[=\s]+/, '').split(/\s+/).filter(Boolean);
    for (const m of mechanisms) {
      const mech = catalog.authMechanism(m);
      if (mech) parts.push(`${inlineCode(mech.name)}: ${escapeMarkdown(catalog.text(mech.description, lang))}`);
    }
  }
  parts.push(referencesLine(entry.references, catalog, lang));
  return markdown(parts.filter(Boolean).join('\n\n'), { ...span, end: textSpan.end });
}

import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog';
import type { TranscriptModel } from '../parse';
import { authSteps } from '../parse/auth';
import { formatSeconds, responseTimes } from '../parse/timing';
import { authStepSummary } from './auth-text';
import type { ServiceOptions } from './options';

/**
 * Inlay hints in a range: what AUTH's Base64 lines decode to (secrets masked), and the name of a
 * reply code the server sent without text.
 */
export function dialogueInlayHints(model: TranscriptModel, catalog: Catalog, range: Range, options: ServiceOptions): InlayHint[] {
  const hints: InlayHint[] = [];
  const first = range.start.line;
  const last = range.end.line;
  const lang = options.language;
  for (const session of model.sessions) {
    if (session.endLine < first || session.startLine > last) continue;
    for (const command of session.commands) {
      if (options.inlayHints.authDecoding && command.verb === 'AUTH') {
        for (const step of authSteps(command)) {
          if (step.span.line < first || step.span.line > last || step.state === 'empty') continue;
          const text = step.role === 'challenge' && step.state === 'decoded'
            ? JSON.stringify(step.fields[0].value).slice(1, -1)
            : authStepSummary(step, catalog, lang, options.revealSecrets);
          hints.push({ position: { line: step.span.line, character: step.span.end }, label: `→ ${truncate(text)}`, kind: InlayHintKind.Type, paddingLeft: true });
        }
      }
    }
    if (options.inlayHints.responseTimes) {
      // How long the reply took, where the capture says (swaks -stl, timestamped logs): after the reply's first line.
      const times = responseTimes(session);
      for (const reply of times.size > 0 ? session.replies : []) {
        const seconds = times.get(reply.index);
        const source = reply.lines[0].source;
        if (seconds === undefined || source.line < first || source.line > last) continue;
        hints.push({ position: { line: source.line, character: source.column + source.text.length }, label: `⏱ ${formatSeconds(seconds, times.wholeSeconds)}`, kind: InlayHintKind.Type, paddingLeft: true });
      }
    }
    if (!options.inlayHints.replyNames) continue;
    for (const reply of session.replies) {
      for (const line of reply.lines) {
        if (line.source.line < first || line.source.line > last || line.text.trim() !== '') continue;
        const verb = reply.answers === 'connection' ? 'CONNECT' : reply.answers?.verb;
        const entry = catalog.reply(line.code, verb);
        if (entry) hints.push({ position: { line: line.source.line, character: line.codeSpan.end }, label: catalog.text(entry.name, lang), kind: InlayHintKind.Type, paddingLeft: true });
      }
    }
  }
  return hints;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

import type { Session, Span, TranscriptLine } from './model';

/**
 * Moves sessions by `delta` lines, in place: what an edit above them does to their positions.
 * Every span and line number they hold is visited once (spans shared between places move once).
 * `moved` collects the spans already moved, so that caches holding the same objects (findings)
 * can be moved with the same set and none moves twice.
 */
export function shiftSessions(sessions: readonly Session[], delta: number, moved: Set<object> = new Set()): Set<object> {
  if (delta === 0) return moved;
  const span = (s: Span | undefined): void => {
    if (s && !moved.has(s)) {
      moved.add(s);
      s.line += delta;
    }
  };
  const line = (l: TranscriptLine): void => {
    if (!moved.has(l)) {
      moved.add(l);
      l.line += delta;
    }
  };
  for (const session of sessions) {
    session.startLine += delta;
    session.endLine += delta;
    for (const l of session.lines) line(l);
    for (const command of session.commands) {
      span(command.verbSpan);
      span(command.argumentSpan);
      span(command.path?.span);
      for (const p of command.params) span(p.span);
      span(command.auth?.mechanismSpan);
      span(command.auth?.initialResponse?.span);
    }
    for (const reply of session.replies) {
      for (const l of reply.lines) {
        span(l.codeSpan);
        span(l.textSpan);
        span(l.enhanced?.span);
      }
    }
  }
  return moved;
}

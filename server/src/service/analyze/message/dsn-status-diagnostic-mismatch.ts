import type { CodeMention, MessageModel } from '../../parse/message/model';
import type { Finding, Rule } from '../finding';
import { dsnField, reportGroups, statusCode } from './dsn-groups';

/**
 * A Status that disagrees with the code the remote server gave in Diagnostic-Code. A different class
 * is a contradiction (warning); the same class with another specific code means the Status is the
 * reporting MTA's summary and the server's code is the more exact one (information).
 */
export const dsnStatusDiagnosticMismatch: Rule<MessageModel> = {
  id: 'smtp.dsn-status-diagnostic-mismatch',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const { group } of reportGroups(model)) {
      const status = dsnField(group, 'status');
      const diagnostic = dsnField(group, 'diagnostic-code');
      const code = status && statusCode(status);
      if (!status || !code || !diagnostic) continue;
      const reply = diagnostic.codes.find((c) => c.kind === 'reply' && /^[45]/.test(c.code)) ?? diagnostic.codes.find((c) => c.kind === 'reply');
      const enhanced = serverEnhanced(diagnostic.codes, reply);
      const said = [reply?.code, enhanced?.code].filter(Boolean).join(' ');
      const classes = [reply?.code[0], enhanced?.code[0]].filter((c): c is string => c !== undefined && /[245]/.test(c));
      const contradicts = classes.some((c) => c !== code[0]);
      const differs = !contradicts && enhanced !== undefined && enhanced.code !== code && !/^\d\.0\.0$/.test(code);
      if (!contradicts && !differs) continue;
      const at = (contradicts ? (reply && reply.code[0] !== code[0] ? reply : enhanced) : enhanced) ?? reply!;
      findings.push({
        id: this.id, severity: contradicts ? this.defaultSeverity : 'information', span: status.textSpan,
        message: catalog.message(contradicts ? 'diagnostic.dsnStatusDiagnostic' : 'diagnostic.dsnStatusDiffers', language, code, said),
        data: { status: code, replyCode: reply?.code, enhanced: enhanced?.code, contradicts },
        related: [{ span: at.span, message: `Diagnostic-Code: ${diagnostic.text.length > 100 ? `${diagnostic.text.slice(0, 97)}...` : diagnostic.text}` }],
      });
    }
    return findings;
  },
};

/** The enhanced code the server sent with its reply, else the first one it wrote. */
function serverEnhanced(codes: readonly CodeMention[], reply: CodeMention | undefined): CodeMention | undefined {
  if (reply?.enhanced) return codes.find((c) => c.kind === 'enhanced' && c.code === reply.enhanced);
  return codes.find((c) => c.kind === 'enhanced');
}

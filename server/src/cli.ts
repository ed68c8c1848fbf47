import { readFileSync, statSync } from 'node:fs';
import { binaryNote, decodeText } from './text-input';
import { basename } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { PageResult } from '../../protocol';
import {
  bundledCatalog, createLanguageService, resolveOptions, summaryText, type Language, type LanguageId, type LanguageService, type LogSummary, type ServiceOptions, classifyContent,
} from './service';
import { bounceCommand } from './bounce-command';
import { HOST_RUNTIME } from './runtime';
import { messagesCommand, reportCommand, traceCommand } from './report-command';
import { redactCommand, REDACT_USAGE } from './redact-command';
import { reproduceCommand, REPRODUCE_USAGE } from './reproduce-command';
import { LineBuffer } from './buffered-output';
import { sarifLog } from './sarif';

/** The package's version, set by the build (scripts/build.mjs); tests run the source without it. */
declare const SMTP_LENS_VERSION: string | undefined;
const VERSION = typeof SMTP_LENS_VERSION === 'string' ? SMTP_LENS_VERSION : '0.0.0-dev';

const USAGE = `Usage: smtp-lens <command> [options]

Commands:
  check FILE...        print the problems SMTP Lens finds, as file:line:col: severity id: message
  explain CODE...      explain a reply code (550), an enhanced status code (5.1.1) or both (550 5.7.26),
                       as Markdown; 251@ETRN or --after ETRN puts the meaning after that command first;
                       a whole reply line in quotes ("550 5.7.606 Access denied, banned sending IP ...")
                       gets what it means from the provider that sent it first
  compare A B          compare two reply codes (251 334) or two enhanced status codes (5.1.1 5.2.2),
                       as a Markdown page
  bounce FILE|DIR...   one JSON object per line for each failed or delayed recipient of the bounces
                       in .eml files, mbox files or directories: recipient, action, status, reply
                       code, command, remote MTA, reason, hard/soft bounce, diagnostic text
  report FILE...|-     a mail log report (Postfix, Exim, Sendmail, Exchange), problems first, totals
                       as pflogsumm counts them; files of any size, .gz, a rotated set in any order
                       (read oldest first), - for standard input
  messages [FILE...|-] one NDJSON record per message: queue id, Message-ID, sender, size, client,
                       each recipient with status, dsn, relay, delays and reason
  trace ID FILE...     follow a message (queue id or Message-ID) through content filters, relays and
                       bounces across the logs of several hosts (--format json: the chain as JSON)
${REDACT_USAGE}
${REPRODUCE_USAGE}

Options:
  --format text|json|sarif  output format of check (default text; sarif: SARIF 2.1.0 for code-scanning tools);
                       report: text, json or html
  --summary            check: for a mail log, counts by outcome, by reason, by recipient domain and
                       by refused client instead of each problem
  --after VERB         explain: the command the reply answered
  --all                bounce: also delivered recipients, feedback reports and auto-replies
  --lang en|zh-cn      language of messages (default en)
  -h, --help           show this help

Exit status: 0 no errors, 1 errors found, 2 unusable input or usage.`;

class UsageError extends Error {}

interface CliOptions {
  format: 'text' | 'json' | 'sarif' | 'html';
  lang: Language;
  /** Positional arguments: files for check, codes for explain and compare. */
  files: string[];
  after?: string;
  /** bounce: every recipient, not only failed and delayed ones. */
  all?: boolean;
  /** check: print a mail log's summary instead of its problems. */
  summary?: boolean;
}

function parseArgs(args: string[]): CliOptions {
  const options: CliOptions = { format: 'text', lang: 'en', files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--format') {
      const format = value();
      if (format !== 'text' && format !== 'json' && format !== 'sarif' && format !== 'html') throw new UsageError(`unknown format '${format}' (text, json, sarif or html)`);
      options.format = format;
    } else if (arg === '--lang') {
      const lang = value();
      if (lang !== 'en' && lang !== 'zh-cn') throw new UsageError(`unknown language '${lang}' (en or zh-cn)`);
      options.lang = lang;
    } else if (arg === '--after') {
      const verb = value();
      if (!/^[A-Za-z]{1,20}$/.test(verb)) throw new UsageError(`--after needs a command verb such as RCPT`);
      options.after = verb.toUpperCase();
    } else if (arg === '--summary') {
      options.summary = true;
    } else if (arg === '--all') {
      options.all = true;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      options.files.push(arg);
    }
  }
  return options;
}

/** The language a file is read as, from its name, as the editor would choose it. */
export function languageOf(path: string, text = ''): LanguageId {
  const name = basename(path).toLowerCase();
  if (/\.(eml|mbox)$/.test(name)) return 'eml';
  if (/^(mail\.(log|err|warn|info)|maillog|mainlog|rejectlog|paniclog)([.-].*)?$/.test(name)) return 'maillog';
  if (/^(msgtrk|recv|send).*\.log$/.test(name)) return 'maillog';
  if (/\.(smtp|smtplog)$/.test(name)) return 'smtp';
  // Any other name: judge by the first lines, with the readers the editor asks about a document opened
  // as plain text (a mail log, a saved message, else a transcript).
  return classifyContent(text)?.languageId ?? 'smtp';
}

/** Reads a file as text, or says in one line why it cannot be read. */
function readText(path: string, note: (line: string) => void): string {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new Error(`${path}: no such file`);
  }
  if (stats.isDirectory()) throw new Error(`${path}: is a directory, not a file`);
  const decoded = decodeText(readFileSync(path));
  const binary = decoded.binary;
  // A NUL byte or a burst of TLS records inside a capture: read the rest, and say where it is.
  if (binary) note(binaryNote(path, binary));
  return decoded.text;
}

const SEVERITY_NAMES: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

function check(options: CliOptions, out: (line: string) => void, err: (line: string) => void): number {
  if (options.files.length === 0) throw new UsageError('check needs at least one file');
  if (options.format === 'html') throw new UsageError('check writes text, json or sarif');
  const service = languageService();
  const { catalog } = service;
  const serviceOptions = { ...resolveOptions({ language: options.lang }), maxProblems: Number.MAX_SAFE_INTEGER };
  let errors = 0;
  let unusable = 0;
  const report: Array<{ file: string; diagnostics: Diagnostic[]; summary?: LogSummary }> = [];
  for (const file of options.files) {
    let text: string;
    try {
      text = readText(file, err);
    } catch (error) {
      err(`smtp-lens: ${(error as Error).message}`);
      unusable++;
      continue;
    }
    const document = { uri: file, languageId: languageOf(file, text), version: 1, getText: () => text };
    const found = service.diagnostics(document, serviceOptions);
    errors += found.filter((d) => d.severity === DiagnosticSeverity.Error).length;
    report.push({ file, diagnostics: found, summary: options.summary ? service.logSummary(document, serviceOptions) : undefined });
    service.close(file);
  }
  if (options.summary) {
    // What an operator asks of a log first; a file that is no log has no summary, and says so.
    if (options.format === 'json') out(JSON.stringify(report.map(({ file, summary }) => ({ file, summary: summary ?? null })), null, 2));
    else for (const { file, summary } of report) (summary ? summaryText(file, summary, catalog, options.lang) : [`${file}: not a mail log, no summary`]).forEach((line) => out(line));
  } else if (options.format === 'sarif') {
    out(JSON.stringify(sarifLog(report, VERSION), null, 2));
  } else if (options.format === 'json') {
    // One JSON.stringify of the whole is faster than writing it a problem at a time (measured: 80 ms
    // against 150 for a 20 MB transcript's 12,000 problems, with JSON.stringify per problem or templates).
    out(JSON.stringify(report.map(({ file, diagnostics: list }) => ({
      file,
      problems: list.map((d) => ({
        line: d.range.start.line + 1, column: d.range.start.character + 1,
        endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
        severity: SEVERITY_NAMES[d.severity ?? DiagnosticSeverity.Error], id: d.code, message: d.message,
      })),
    })), null, 2));
  } else {
    for (const { file, diagnostics: list } of report) {
      for (const d of list) {
        out(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY_NAMES[d.severity ?? 1]} ${String(d.code)}: ${d.message}`);
      }
    }
  }
  if (unusable > 0) return 2;
  return errors > 0 ? 1 : 0;
}

/** Prints a page on stdout, or its error on stderr with status 2. */
function printPage(result: PageResult, out: (line: string) => void, err: (line: string) => void): number {
  if ('error' in result) {
    err(`smtp-lens: ${result.error}`);
    return 2;
  }
  out(result.markdown.trimEnd());
  return 0;
}

function explain(options: CliOptions, out: (line: string) => void, err: (line: string) => void): number {
  if (options.files.length === 0) throw new UsageError('explain needs a code, such as 550, 5.1.1 or 550 5.7.26, or a whole reply line in quotes');
  return printPage(languageService().explain({ code: options.files.join(' '), command: options.after, language: options.lang }, pageOptions(options)), out, err);
}

function compare(options: CliOptions, out: (line: string) => void, err: (line: string) => void): number {
  if (options.files.length !== 2) throw new UsageError('compare needs two codes, such as 251 334 or 5.1.1 5.2.2');
  const [a, b] = options.files;
  return printPage(languageService().compare({ a, b, language: options.lang }, pageOptions(options)), out, err);
}

/** The language service over the bundled catalog, made on first use: `help` needs none. */
let service: LanguageService | undefined;
function languageService(): LanguageService {
  service ??= createLanguageService(bundledCatalog(), HOST_RUNTIME);
  return service;
}

const pageOptions = (options: CliOptions): ServiceOptions => resolveOptions({ language: options.lang });

/** Runs the CLI with the given arguments; returns the exit status. The commands that stream logs run through `run`. */
export function main(args: string[], out = (line: string) => console.log(line), err = (line: string) => console.error(line), write: (text: string) => void = (text) => void process.stdout.write(text)): number {
  try {
    const [command, ...rest] = args;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      out(USAGE);
      return command === undefined ? 2 : 0;
    }
    // Commands with options of their own read them themselves.
    if (command === 'redact') return redactCommand(rest, languageService(), languageOf, write, err);
    if (command === 'reproduce') return reproduceCommand(rest, languageService(), languageOf, write, err);
    const options = parseArgs(rest);
    switch (command) {
      case 'check':
        return check(options, out, err);
      case 'explain':
        return explain(options, out, err);
      case 'compare':
        return compare(options, out, err);
      case 'bounce':
        if (options.files.length === 0) throw new UsageError('bounce needs at least one file or directory');
        // The bounce reader alone over the catalog: no language service, no document model, no rules.
        return bounceCommand(options.files, bundledCatalog(), { all: options.all === true, lang: options.lang }, out, err);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err(`smtp-lens: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    return internalError(error, err);
  }
}

function internalError(error: unknown, err: (line: string) => void): number {
  err(`smtp-lens: internal error: ${(error as Error).stack ?? String(error)}`);
  return 2;
}

/** Runs the CLI, the commands that stream logs (report, messages, trace) included; resolves to the exit status. */
export async function run(args: string[], out = (line: string) => console.log(line), err = (line: string) => console.error(line), write: (text: string) => void = (text) => void process.stdout.write(text)): Promise<number> {
  const [command, ...rest] = args;
  if (command !== 'report' && command !== 'messages' && command !== 'trace') return main(args, out, err, write);
  try {
    const options = parseArgs(rest);
    if (command === 'messages') return await messagesCommand(options.files, languageService(), out, err);
    if (command === 'trace') {
      const [id, ...files] = options.files;
      if (id === undefined || files.length === 0) throw new UsageError('trace needs a queue id or Message-ID and at least one file');
      if (options.format !== 'text' && options.format !== 'json') throw new UsageError('trace writes text or json');
      return await traceCommand(id, files, languageService(), options.format, out, err);
    }
    if (options.files.length === 0) throw new UsageError('report needs at least one file, or - for standard input');
    if (options.format === 'sarif') throw new UsageError('report writes text, json or html');
    return await reportCommand(options.files, languageService(), { format: options.format, lang: options.lang }, out, err);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`smtp-lens: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    return internalError(error, err);
  }
}

if (require.main === module) {
  // V8 compiles a pattern to bytecode on its first use and again to machine code on its next; a
  // bounce run uses most of the reader's 250-odd patterns many times, so each is compiled once,
  // to machine code, before any of them is used (by instruction count, 2.5% of the work of
  // 1,000 bounces, most of it on the main thread).
  if (process.argv[2] === 'bounce') setFlagsFromString('--no-regexp-tier-up');
  // A reader that stops reading (`smtp-lens report big.log | head`) ends the run quietly: no trace of
  // the failed write, and no more reading for output no one reads (a report's reading thread ends with the process).
  // Output that cannot be written for another reason (a full disk) is said in one line, with status 2.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    process.stderr.write(`smtp-lens: cannot write the output: ${error.message}\n`);
    process.exit(2);
  });
  const stdout = new LineBuffer((text) => process.stdout.write(text));
  void run(process.argv.slice(2), (line) => stdout.push(line), (line) => {
    stdout.flush();
    console.error(line);
  }, (text) => {
    stdout.flush();
    process.stdout.write(text);
  }).then((status) => {
    process.exitCode = status;
    stdout.flush();
  });
}

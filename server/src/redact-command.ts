import { readFileSync } from 'node:fs';
import { binaryNote, decodeText } from './text-input';
import type { Language, LanguageId, LanguageService, RedactOptions } from './service';

export const REDACT_USAGE = `  redact FILE|-        a copy safe to post, on standard output, line for line: AUTH secrets gone
                       (raw and Base64), address local parts replaced by pseudonyms (user1 ...),
                       IPv4 cut to /24 and IPv6 to /48, subjects and message bodies blanked; what
                       changed is summed up on standard error. Options:
                         --keep-addresses  --domains (pseudonymise domains too)
                         --ips reduce|pseudonymise|keep  --keep-bodies  --keep-subjects`;

/** Reads the command's options; a message for the user when they make no sense. */
export function redactArguments(args: readonly string[]): { file: string; lang: Language; options: Partial<RedactOptions> } | { error: string } {
  const options: Partial<RedactOptions> = {};
  let lang: Language = 'en';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--keep-addresses') options.addresses = false;
    else if (arg === '--domains') options.domains = true;
    else if (arg === '--keep-bodies') options.bodies = true;
    else if (arg === '--keep-subjects') options.subjects = true;
    else if (arg === '--lang') {
      const value = args[++i];
      if (value !== 'en' && value !== 'zh-cn') return { error: `unknown language '${value ?? ''}' (en or zh-cn)` };
      lang = value;
    } else if (arg === '--ips') {
      const value = args[++i];
      if (value !== 'reduce' && value !== 'pseudonymise' && value !== 'pseudonymize' && value !== 'keep') return { error: '--ips needs reduce, pseudonymise or keep' };
      options.ips = value === 'pseudonymize' ? 'pseudonymise' : value;
    } else if (arg.startsWith('-') && arg !== '-') return { error: `unknown option ${arg} for redact` };
    else files.push(arg);
  }
  if (files.length !== 1) return { error: 'redact needs one file, or - for standard input' };
  return { file: files[0], lang, options };
}

/**
 * `smtp-lens redact FILE|-`: the share-safe copy on stdout, the summary on stderr. Returns the exit
 * status: 0, or 2 when the input cannot be read or the arguments make no sense.
 */
export function redactCommand(args: readonly string[], service: LanguageService, languageOf: (path: string, text: string) => LanguageId, write: (text: string) => void, err: (line: string) => void): number {
  const parsed = redactArguments(args);
  if ('error' in parsed) {
    err(`smtp-lens: ${parsed.error}`);
    return 2;
  }
  const name = parsed.file === '-' ? 'stdin' : parsed.file;
  let text: string;
  try {
    // Read as check reads: UTF-8, else Windows-1252; a NUL byte or a burst of TLS records is no
    // reason to refuse the text around it, which is redacted all the same.
    const decoded = decodeText(readFileSync(parsed.file === '-' ? 0 : parsed.file));
    if (decoded.binary) err(binaryNote(name, decoded.binary));
    text = decoded.text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    err(`smtp-lens: ${parsed.file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : 'cannot read it'}`);
    return 2;
  }
  const result = service.redact({ uri: name, languageId: languageOf(name, text), version: 1, getText: () => text }, parsed.options, parsed.lang);
  service.close(name);
  write(result.text);
  err(`smtp-lens: ${result.summary}`);
  return 0;
}

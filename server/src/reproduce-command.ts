import { readFileSync } from 'node:fs';
import { binaryNote, decodeText } from './text-input';
import type { Language, LanguageId, LanguageService } from './service';

export const REPRODUCE_USAGE = `  reproduce FILE|-     per session (per transaction when it held several), one swaks command replaying
                       the client side (server, EHLO name, envelope, --tls, --pipeline, --auth with
                       "$SMTP_PASSWORD" for the secret, --quit-after where it stopped); what swaks
                       cannot do is said in comments`;

/** \`smtp-lens reproduce FILE|-\`: the swaks commands on stdout. Status 2 when the input cannot be read. */
export function reproduceCommand(args: readonly string[], service: LanguageService, languageOf: (path: string, text: string) => LanguageId, write: (text: string) => void, err: (line: string) => void): number {
  let lang: Language = 'en';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--lang') {
      const value = args[++i];
      if (value !== 'en' && value !== 'zh-cn') {
        err(`smtp-lens: unknown language '${value ?? ''}' (en or zh-cn)`);
        return 2;
      }
      lang = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      err(`smtp-lens: unknown option ${arg} for reproduce`);
      return 2;
    } else files.push(arg);
  }
  if (files.length !== 1) {
    err('smtp-lens: reproduce needs one file, or - for standard input');
    return 2;
  }
  const name = files[0] === '-' ? 'stdin' : files[0];
  let text: string;
  try {
    // Read as check reads (UTF-8, else Windows-1252); binary parts are said, not a reason to refuse.
    const decoded = decodeText(readFileSync(files[0] === '-' ? 0 : files[0]));
    if (decoded.binary) err(binaryNote(name, decoded.binary));
    text = decoded.text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    err(`smtp-lens: ${files[0]}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : 'cannot read it'}`);
    return 2;
  }
  const result = service.reproduce({ uri: name, languageId: languageOf(name, text), version: 1, getText: () => text }, lang);
  service.close(name);
  write(result.text);
  return 0;
}

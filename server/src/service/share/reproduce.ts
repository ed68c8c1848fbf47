import type { Catalog, Language } from '../catalog';
import { transcriptOf, type Command, type DocumentModel, type Session, type Transaction } from '../parse';
import { authSteps, isLoggerMask } from '../parse/auth';

/**
 * A swaks command that replays the client's side of a session (or of one of its transactions):
 * where it connected, the EHLO name, the envelope, STARTTLS, PIPELINING, AUTH (a placeholder for the secret, never the
 * secret), where it stopped. What swaks cannot say goes into notes, written as shell comments.
 */
export interface SwaksReplay {
  /** 0-based index of the session in the document. */
  session: number;
  /** 0-based line where the session starts. */
  line: number;
  /** 0-based index of the transaction it replays, when the session held several: one command for each. */
  transaction?: number;
  args: SwaksArgument[];
  notes: ReplayNote[];
}

/** An argument as the shell should get it; `variable` ones are written in double quotes so the shell expands them. */
export interface SwaksArgument {
  text: string;
  variable?: boolean;
}

/** Something swaks cannot replay, said in the user's language by `key` of data/messages.json. */
export interface ReplayNote {
  key: string;
  args: string[];
}

/** The environment variables the command reads the secret (and a user name it does not know) from. */
export const PASSWORD_VARIABLE = '$SMTP_PASSWORD';
export const USER_VARIABLE = '$SMTP_USER';

/** AUTH mechanisms swaks 20201014 speaks (swaks --help, --auth). */
const SWAKS_MECHANISMS = new Set(['LOGIN', 'PLAIN', 'CRAM-MD5', 'CRAM-SHA1', 'DIGEST-MD5', 'NTLM', 'SPA', 'MSN']);

/** MAIL and RCPT parameters of DSN (RFC 3461), which swaks has no option for. */
const DSN_PARAMETERS = new Set(['RET', 'ENVID', 'NOTIFY', 'ORCPT']);

/** Commands swaks sends itself, in the order it sends them; any other is named in a note. */
const SWAKS_VERBS = new Set(['EHLO', 'HELO', 'LHLO', 'STARTTLS', 'AUTH', 'XCLIENT', 'MAIL', 'RCPT', 'DATA', 'QUIT']);

/** Where a session connected, as the client's log says it. */
interface Target { server?: string; port?: string; pipe?: string; socket?: string; tlsOnConnect?: boolean }

const TARGETS: Array<{ pattern: RegExp; read: (m: RegExpExecArray) => Target }> = [
  // swaks: "=== Trying pipe to exim -bh 192.0.2.1...", "=== Trying mx.example.net:25...", "=== Trying socket /path..."
  { pattern: /^Trying pipe to (.+?)\.\.\.$/, read: (m) => ({ pipe: m[1] }) },
  { pattern: /^Trying socket (.+?)\.\.\.$/, read: (m) => ({ socket: m[1] }) },
  // curl -v and swaks: "Trying 127.0.0.1:25...", "Trying [2001:db8::1]:25..."
  { pattern: /^\s*Trying (\[[^\]]+\]|[^\s:]+):(\d+)\.\.\.$/, read: (m) => ({ server: m[1], port: m[2] }) },
  // nodemailer: "Secure connection established to 192.0.2.25:465" (TLS from the start), "Connection established to ..."
  { pattern: /^(Secure connection|Connection) established to (\[[^\]]+\]|[^\s:]+):(\d+)/i, read: (m) => ({ server: m[2], port: m[3], tlsOnConnect: /^secure/i.test(m[1]) }) },
  // Python smtplib: "connect: to ('127.0.0.1', 25) None"
  { pattern: /^connect: to \('([^']+)', (\d+)\)/, read: (m) => ({ server: m[1], port: m[2] }) },
  // curl -v: "Connected to mx.example.net (192.0.2.1) port 25 (#0)"
  { pattern: /^Connected to (\S+) \(\S+\) port (\d+)/, read: (m) => ({ server: m[1], port: m[2] }) },
  // PHPMailer: "Connection: opening to smtp.example.com:587, timeout=300"
  { pattern: /^Connection: opening to (?:ssl:\/\/|tls:\/\/)?(\[[^\]]+\]|[^\s:,]+):(\d+)/, read: (m) => ({ server: m[1], port: m[2] }) },
  // Exim debug as a client: "Connecting to mx.example.net [192.0.2.1]:25 ..."
  { pattern: /^Connecting to (\S+) \[[^\]]+\]:(\d+)/, read: (m) => ({ server: m[1], port: m[2] }) },
];

function targetOf(session: Session): Target {
  for (const line of session.lines) {
    if (line.kind !== 'meta' && line.kind !== 'text') continue;
    for (const { pattern, read } of TARGETS) {
      const match = pattern.exec(line.text);
      if (match) return read(match);
    }
  }
  return {};
}

/**
 * The swaks commands of every session of the document, in order: one per session, or one per
 * transaction of a session that held several (swaks sends one transaction per connection).
 */
export function swaksReplays(model: DocumentModel): SwaksReplay[] {
  return transcriptOf(model).sessions.filter((s) => s.commands.length > 0 || s.replies.length > 0).flatMap(replaysOf);
}

function replaysOf(session: Session): SwaksReplay[] {
  const connection = connectionOf(session);
  const commands = session.commands;
  const transactions = session.transactions;
  const unsendable = [...new Set(commands.map((c) => c.verb).filter((v) => !SWAKS_VERBS.has(v) && !(v === 'BDAT') && !(v === 'RSET' && transactions.length > 1)))];
  const commandsNote: ReplayNote[] = unsendable.length > 0 ? [{ key: 'replay.commands', args: [unsendable.join(', ')] }] : [];
  const quitNote: ReplayNote[] = !commands.some((c) => c.verb === 'QUIT') && !session.serverOnly ? [{ key: 'replay.noQuit', args: [] }] : [];
  if (transactions.length <= 1) {
    const args = [...connection.args];
    const notes = [...connection.notes];
    const [transaction] = transactions;
    // Without a transaction swaks still wants a recipient unless it stops first.
    if (transaction) envelopeOf(transaction, commands.some((c) => c.pipelined), args, notes);
    else if (commands.some((c) => c.pipelined)) args.push({ text: '--pipeline' });
    const stop = stopPoint(session);
    if (stop) args.push({ text: '--quit-after' }, { text: stop });
    return [{ session: session.index, line: session.startLine, args, notes: [...notes, ...commandsNote, ...quitNote] }];
  }
  // Several transactions: each gets a connection of its own, greeted, secured and authenticated as
  // the session was, and stopped where that transaction stopped.
  return transactions.map((transaction, i) => {
    const args = [...connection.args];
    const notes: ReplayNote[] = [{ key: 'replay.transaction', args: [String(i + 1), String(transactions.length), String(transaction.mail.source.line + 1)] }, ...connection.notes];
    const sent = [transaction.mail, ...transaction.recipients.map((r) => r.command), ...(transaction.data ? [transaction.data] : [])];
    envelopeOf(transaction, sent.some((c) => c.pipelined), args, notes);
    const stop = transaction.data ? undefined : transaction.recipients.length > 0 ? 'RCPT' : 'MAIL';
    if (stop) args.push({ text: '--quit-after' }, { text: stop });
    if (i === 0) notes.push(...commandsNote);
    if (i === transactions.length - 1) notes.push(...quitNote);
    return { session: session.index, line: session.startLine, transaction: i, args, notes };
  });
}

/** What every command replaying a session starts with: where it connected, the greeting, TLS, XCLIENT, AUTH. */
function connectionOf(session: Session): { args: SwaksArgument[]; notes: ReplayNote[] } {
  const args: SwaksArgument[] = [{ text: 'swaks' }];
  const notes: ReplayNote[] = [];
  const option = (name: string, value?: string, variable = false): void => {
    args.push({ text: name });
    if (value !== undefined) args.push({ text: value, variable });
  };
  const commands = session.commands;
  const succeeded = (c: Command | undefined): boolean => c?.replies.at(-1)?.code.startsWith('2') === true;

  // Transport.
  // A pipe or socket the transcript names is said in a note, never put in the command: running a
  // copied command must not run a program that a document names.
  const target = targetOf(session);
  if (target.pipe) notes.push({ key: 'replay.pipe', args: [target.pipe] });
  if (target.socket) notes.push({ key: 'replay.socket', args: [target.socket] });
  if (target.server) {
    // An IPv6 address takes brackets before a port: [2001:db8::1]:587.
    const host = target.server.includes(':') && !target.server.startsWith('[') ? `[${target.server}]` : target.server;
    option('--server', target.port && target.port !== '25' ? `${host}:${target.port}` : host);
  }
  else {
    const greeting = session.replies.find((r) => r.answers === 'connection' && r.code === '220');
    const host = greeting?.lines[0].text.trim().split(/\s+/)[0];
    if (host && /^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(host)) {
      option('--server', host);
      notes.push({ key: 'replay.serverFromGreeting', args: [host] });
    } else notes.push({ key: 'replay.serverUnknown', args: [] });
  }
  const starttls = commands.find((c) => c.verb === 'STARTTLS');
  if (target.tlsOnConnect || (session.tlsStarted && !starttls && target.port === '465')) option('--tls-on-connect');

  // Greeting name and protocol.
  const hello = commands.find((c) => c.verb === 'EHLO' || c.verb === 'HELO' || c.verb === 'LHLO');
  if (hello?.verb === 'HELO') option('--protocol', 'SMTP');
  if (hello?.verb === 'LHLO') option('--protocol', 'LMTP');
  if (hello && hello.argument.trim() !== '') option('--ehlo', hello.argument.trim());

  // STARTTLS: required when it worked, optional when the session went on after a refusal.
  if (starttls) option(succeeded(starttls) || commands.indexOf(starttls) === commands.length - 1 ? '--tls' : '--tls-optional');

  // XCLIENT: swaks sends the attributes as given.
  const xclient = commands.find((c) => c.verb === 'XCLIENT');
  if (xclient && xclient.argument.trim() !== '') option('--xclient', xclient.argument.trim());

  // AUTH: the mechanisms tried in order, the user as the transcript shows it, the secret from the environment.
  const auths = commands.filter((c) => c.verb === 'AUTH' && c.auth);
  const mechanisms = [...new Set(auths.map((c) => c.auth!.mechanism))];
  const speakable = mechanisms.filter((m) => SWAKS_MECHANISMS.has(m));
  for (const m of mechanisms.filter((m) => !SWAKS_MECHANISMS.has(m))) notes.push({ key: 'replay.authUnsupported', args: [m] });
  if (speakable.length > 0) {
    const last = auths[auths.length - 1];
    const after = commands.slice(commands.indexOf(last) + 1).some((c) => c.verb === 'MAIL');
    option(succeeded(last) || !after ? '--auth' : '--auth-optional', speakable.join(','));
    const user = auths.flatMap((c) => authSteps(c)).flatMap((s) => s.fields.length > 0 ? s.fields : s.plaintext ?? [])
      .find((f) => f.label === 'user' && f.value !== '' && !isLoggerMask(f.value))?.value;
    if (user !== undefined) option('--auth-user', user);
    else option('--auth-user', USER_VARIABLE, true);
    option('--auth-password', PASSWORD_VARIABLE, true);
  }
  return { args, notes };
}

/** A transaction's envelope as swaks options (added to `args`), and what swaks cannot send of it (to `notes`). */
function envelopeOf(transaction: Transaction, pipelined: boolean, args: SwaksArgument[], notes: ReplayNote[]): void {
  const from = transaction.mail.path?.address;
  args.push({ text: '--from' }, { text: from === undefined || from === '' ? '<>' : from });
  const to = transaction.recipients.map((r) => r.address).filter((a) => a !== '');
  if (to.length > 0) args.push({ text: '--to' }, { text: to.join(',') });
  if (pipelined) args.push({ text: '--pipeline' });
  if (transaction.mail.params.some((p) => p.keyword.toUpperCase() === 'PRDR')) args.push({ text: '--prdr' });
  const dsn = [
    ...transaction.mail.params.filter((p) => DSN_PARAMETERS.has(p.keyword.toUpperCase())).map((p) => `MAIL ${paramText(p)}`),
    ...transaction.recipients.flatMap((r) => r.command.params.filter((p) => DSN_PARAMETERS.has(p.keyword.toUpperCase())).map((p) => `RCPT <${r.address}> ${paramText(p)}`)),
  ];
  if (dsn.length > 0) notes.push({ key: 'replay.dsn', args: [dsn.join('; ')] });
  const otherParams = [
    ...transaction.mail.params.filter((p) => !DSN_PARAMETERS.has(p.keyword.toUpperCase()) && p.keyword.toUpperCase() !== 'PRDR').map((p) => `MAIL ${paramText(p)}`),
    ...transaction.recipients.flatMap((r) => r.command.params.filter((p) => !DSN_PARAMETERS.has(p.keyword.toUpperCase())).map((p) => `RCPT ${paramText(p)}`)),
  ];
  if (otherParams.length > 0) notes.push({ key: 'replay.parameters', args: [otherParams.join('; ')] });
  if (transaction.data?.verb === 'BDAT') notes.push({ key: 'replay.bdat', args: [] });
  if (transaction.data) notes.push({ key: 'replay.content', args: [] });
}

function paramText(p: { keyword: string; value?: string }): string {
  return p.value === undefined ? p.keyword : `${p.keyword}=${p.value}`;
}

/** swaks' --quit-after point for a session that stopped before DATA, or undefined when it went through. */
function stopPoint(session: Session): string | undefined {
  const sent = session.commands.filter((c) => c.verb !== 'QUIT' && c.verb !== 'RSET' && c.verb !== 'NOOP');
  if (sent.some((c) => c.verb === 'DATA' || c.verb === 'BDAT')) return undefined;
  const last = sent[sent.length - 1];
  if (!last) return session.replies.length > 0 ? 'CONNECT' : undefined;
  switch (last.verb) {
    case 'EHLO': case 'HELO': case 'LHLO': return 'HELO';
    case 'STARTTLS': return 'TLS';
    case 'XCLIENT': return 'XCLIENT';
    case 'AUTH': return 'AUTH';
    case 'MAIL': return 'MAIL';
    case 'RCPT': return 'RCPT';
    default: return undefined;
  }
}

/** A word as a POSIX shell reads it back: bare when safe, else in single quotes. */
export function shellWord(argument: SwaksArgument): string {
  if (argument.variable) return `"${argument.text}"`;
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(argument.text)) return argument.text;
  return `'${argument.text.replace(/'/g, `'\\''`)}'`;
}

/** The commands as a shell script: per session a comment line, its notes as comments, the command. */
export function swaksScript(replays: readonly SwaksReplay[], catalog: Catalog, language: Language): string {
  if (replays.length === 0) return `# ${catalog.message('replay.none', language)}\n`;
  const out: string[] = [`# ${catalog.message('replay.header', language, PASSWORD_VARIABLE)}`];
  for (const replay of replays) {
    out.push('', `# ${catalog.message('replay.session', language, replay.session + 1, replay.line + 1)}`);
    for (const note of replay.notes) out.push(`# ${catalog.message(note.key, language, ...note.args).replace(/[\r\n]+/g, ' ')}`);
    out.push(replay.args.map(shellWord).join(' '));
  }
  return `${out.join('\n')}\n`;
}

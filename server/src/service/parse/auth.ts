import type { Command, Span } from './model';
import { decodeBase64, encodeBase64, utf8Decode, utf8Encode } from './base64';
import { memoOn } from './memo';

/** Placeholders loggers write instead of credentials: masks, not data. */
const LOGGER_MASKS = /^(?:\/\*.*\*\/|\[credentials hidden\]|PROVIDED_BUT_REMOVED|\*{3,}|<redacted>|\[redacted\]|x{6,}|•+)$/i;

export function isLoggerMask(text: string): boolean {
  return LOGGER_MASKS.test(text.trim());
}

/** One decoded piece of an AUTH exchange: "user" shown, "password" a secret. */
export interface AuthField {
  label: 'authzid' | 'user' | 'password' | 'token' | 'digest' | 'text';
  value: string;
  secret: boolean;
}

/** One Base64 line of an AUTH exchange: the server's 334 challenge or the client's response. */
export interface AuthStep {
  role: 'challenge' | 'response';
  span: Span;
  /** As written. */
  text: string;
  /** 'masked' when a logger replaced the credential; 'cancel' for "*"; 'empty' for "=" or nothing. */
  state: 'decoded' | 'invalid' | 'masked' | 'cancel' | 'empty';
  fields: AuthField[];
  /**
   * For a response that is no Base64: what it holds if it was written as plain text (swaks
   * --auth-plaintext prints `\0alice\0wonderland` and `wonderland` instead of their Base64).
   */
  plaintext?: AuthField[];
}

const STEPS = Symbol('auth steps');

/** The challenges and responses of an AUTH command, decoded and labelled by mechanism. */
export function authSteps(command: Command): AuthStep[] {
  return memoOn(command, STEPS, readAuthSteps);
}

function readAuthSteps(command: Command): AuthStep[] {
  const mechanism = command.auth?.mechanism ?? '';
  const steps: AuthStep[] = [];
  const initial = command.auth?.initialResponse;
  let responses = 0;
  let lastChallenge = '';
  if (initial) steps.push(response(initial.text, initial.span, mechanism, responses++, ''));
  const challenges = command.replies.filter((r) => r.code === '334');
  const sent = command.authResponses;
  // Replies and responses alternate: challenge i is answered by response i (after any initial response).
  // Both lists are in the order of their lines: merged by line, a challenge first where they share one.
  for (let c = 0, s = 0; c < challenges.length || s < sent.length;) {
    if (s >= sent.length || (c < challenges.length && challenges[c].lines[0].source.line <= sent[s].line)) {
      const replyLine = challenges[c++].lines[0];
      const step = challenge(replyLine.text.trim(), replyLine.textSpan);
      // A challenge that is no Base64 was printed decoded ("Username:"): it still says what is asked.
      lastChallenge = step.fields[0]?.value ?? (step.state === 'invalid' ? step.text : '');
      steps.push(step);
    } else {
      const line = sent[s++];
      const text = line.text.trim();
      const start = line.column + (line.text.length - line.text.trimStart().length);
      steps.push(response(text, { line: line.line, start, end: start + text.length }, mechanism, responses++, lastChallenge));
    }
  }
  return steps;
}

function challenge(text: string, span: Span): AuthStep {
  if (text === '') return { role: 'challenge', span, text, state: 'empty', fields: [] };
  const bytes = decodeBase64(text);
  if (!bytes) return { role: 'challenge', span, text, state: 'invalid', fields: [] };
  return { role: 'challenge', span, text, state: 'decoded', fields: [{ label: 'text', value: utf8Decode(bytes), secret: false }] };
}

function response(text: string, span: Span, mechanism: string, index: number, lastChallenge: string): AuthStep {
  if (text === '*') return responseStep(span, text, 'cancel', []);
  if (text === '' || text === '=') return responseStep(span, text, 'empty', []);
  if (isLoggerMask(text)) return responseStep(span, text, 'masked', []);
  const bytes = decodeBase64(text);
  if (!bytes) {
    // swaks writes a NUL as the two characters \0 in plain text.
    const step = responseStep(span, text, 'invalid', []);
    step.plaintext = unmasked(fieldsOf(text.replace(/\\0/g, '\0'), mechanism, index, lastChallenge));
    return step;
  }
  return responseStep(span, text, 'decoded', unmasked(fieldsOf(utf8Decode(bytes), mechanism, index, lastChallenge)));
}

/**
 * A response step written out field by field: a spread of a shared base object (`{ ...base, state }`)
 * cost more than decoding the Base64, on the 12,000 AUTH responses of a 20 MB transcript.
 */
function responseStep(span: Span, text: string, state: AuthStep['state'], fields: AuthField[]): AuthStep {
  return { role: 'response', span, text, state, fields };
}

/** Fields whose "secret" is a logger's mask are no secret. */
function unmasked(fields: AuthField[]): AuthField[] {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.secret && isLoggerMask(f.value)) fields[i] = { label: f.label, value: f.value, secret: false };
  }
  return fields;
}

/** What a decoded response holds, by mechanism (RFC 4616 PLAIN, LOGIN, CRAM-MD5, XOAUTH2/OAUTHBEARER). */
function fieldsOf(decoded: string, mechanism: string, index: number, lastChallenge: string): AuthField[] {
  switch (mechanism) {
    case 'PLAIN': {
      const parts = decoded.split('\0');
      if (parts.length === 3) {
        return [
          { label: 'authzid', value: parts[0], secret: false },
          { label: 'user', value: parts[1], secret: false },
          { label: 'password', value: parts[2], secret: true },
        ];
      }
      return [{ label: 'password', value: decoded, secret: true }];
    }
    case 'LOGIN': {
      const asksPassword = /pass/i.test(lastChallenge) || (lastChallenge === '' && index > 0);
      return [{ label: asksPassword ? 'password' : 'user', value: decoded, secret: asksPassword }];
    }
    case 'DIGEST-MD5': {
      // RFC 2831: username="bob",realm=...,nonce=...,response=<hex digest>: a user and a hash, no password.
      const user = /(?:^|,)\s*username="([^"]*)"/.exec(decoded)?.[1];
      const digest = /(?:^|,)\s*response=([0-9a-fA-F]+)/.exec(decoded)?.[1];
      if (user === undefined && digest === undefined) return [{ label: 'text', value: decoded, secret: false }];
      const fields: AuthField[] = [];
      if (user !== undefined) fields.push({ label: 'user', value: user, secret: false });
      if (digest !== undefined) fields.push({ label: 'digest', value: digest, secret: false });
      return fields;
    }
    case 'NTLM':
    case 'GSSAPI':
      // Negotiation messages and tickets, no readable password.
      return [{ label: 'text', value: decoded, secret: false }];
    case 'EXTERNAL':
      // The identity is the TLS certificate: the response is at most an authorization identity.
      return [{ label: 'authzid', value: decoded, secret: false }];
    case 'ANONYMOUS':
      // RFC 4505: a trace string (often an e-mail address), no credential.
      return [{ label: 'text', value: decoded, secret: false }];
    case 'CRAM-MD5': {
      const space = decoded.lastIndexOf(' ');
      return space < 0
        ? [{ label: 'digest', value: decoded, secret: false }]
        : [{ label: 'user', value: decoded.slice(0, space), secret: false }, { label: 'digest', value: decoded.slice(space + 1), secret: false }];
    }
    case 'XOAUTH2':
    case 'OAUTHBEARER': {
      const user = /user=([^\x01,]*)/.exec(decoded)?.[1] ?? /a=([^,\x01]*)/.exec(decoded)?.[1];
      const token = /auth=Bearer ([^\x01]*)/i.exec(decoded)?.[1];
      const fields: AuthField[] = [];
      if (user !== undefined) fields.push({ label: 'user', value: user, secret: false });
      fields.push({ label: 'token', value: token ?? decoded, secret: true });
      return fields;
    }
    default:
      if (mechanism.startsWith('CRAM-')) return fieldsOf(decoded, 'CRAM-MD5', index, lastChallenge);
      if (mechanism.startsWith('SCRAM-')) {
        // RFC 5802: "n,,n=bob,r=nonce" then "c=biws,r=...,p=<proof>": a user and a proof, no password.
        const user = /(?:^|,)n=([^,]*)/.exec(decoded.replace(/^[nyp][^,]*,[^,]*,/, ''))?.[1];
        const proof = /(?:^|,)p=([^,]*)/.exec(decoded)?.[1];
        if (user !== undefined) return [{ label: 'user', value: user, secret: false }];
        return [{ label: proof !== undefined ? 'digest' : 'text', value: proof ?? decoded, secret: false }];
      }
      // Unknown mechanisms may carry anything: treat the whole response as secret.
      return [{ label: 'password', value: decoded, secret: true }];
  }
}

/** The mask shown in place of a secret: fixed length, so it does not tell the secret's length. */
export const SECRET_MASK = '••••••••';

/** What a redacted password or token reads as once decoded: ASCII, so the transcript stays ASCII. */
export const REDACTED_SECRET = '********';

/**
 * The Base64 to write in place of a response that carries a secret: the same fields re-encoded
 * with every secret replaced, so the exchange keeps its shape (PLAIN keeps authzid and user).
 * Undefined when the step holds no secret.
 */
export function redactedResponse(step: AuthStep, mechanism: string): string | undefined {
  if (step.role !== 'response' || step.state !== 'decoded' || !step.fields.some((f) => f.secret && !isLoggerMask(f.value))) return undefined;
  return encodeBase64(utf8Encode(joinFields(step.fields, mechanism, (f) => (f.secret ? REDACTED_SECRET : f.value))));
}

/**
 * A response's fields written back as the mechanism lays them out, each as `value` gives it: PLAIN's
 * three fields joined by NUL, XOAUTH2's user and token, CRAM-MD5's user and digest; a lone field
 * (LOGIN, an unknown mechanism) as it is.
 */
export function joinFields(fields: readonly AuthField[], mechanism: string, value: (field: AuthField) => string): string {
  if (mechanism === 'PLAIN' && fields.length === 3) return fields.map(value).join('\0');
  const user = fields.find((f) => f.label === 'user');
  if ((mechanism === 'XOAUTH2' || mechanism === 'OAUTHBEARER') && user) {
    const token = fields.find((f) => f.label === 'token');
    return `user=${value(user)}\x01auth=Bearer ${token ? value(token) : ''}\x01\x01`;
  }
  if (mechanism === 'CRAM-MD5' && fields.length === 2) return fields.map(value).join(' ');
  return fields.length === 1 ? value(fields[0]) : fields.map(value).join('');
}

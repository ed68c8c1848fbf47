/** Types of the catalog in data/. Every user-facing text exists in English and Simplified Chinese. */

export type Language = 'en' | 'zh-cn';
export const LANGUAGES: readonly Language[] = ['en', 'zh-cn'];

export type LocalizedText = Record<Language, string>;

/** A pointer into a standard: rendered as a link to the RFC section. */
export interface Reference {
  /** "RFC 5321", "RFC 3463", "IANA", or a provider's page title. */
  source: string;
  /** "4.2.2", or empty when the whole document is meant. */
  section?: string;
  url: string;
}

/** 2xx, 3xx, 4xx or 5xx. */
export type ReplyClassKey = '2' | '3' | '4' | '5';

export interface ReplyClassEntry {
  digit: ReplyClassKey;
  /** "Positive Completion" */
  name: LocalizedText;
  /** What a client should do on a reply of this class. */
  description: LocalizedText;
  /** transient / permanent / success / intermediate */
  outcome: 'success' | 'intermediate' | 'transient' | 'permanent';
}

/** Second digit of a reply code: syntax, information, connections, unspecified, mail system. */
export interface ReplyCategoryEntry {
  digit: string;
  name: LocalizedText;
}

/** Where a code comes from: an RFC's core list, an extension, an experiment, the registry only, or practice. */
export type CodeKind = 'core' | 'extension' | 'experimental' | 'registry-only' | 'non-standard';

export interface ReplyCodeEntry {
  /** Unique key: the code, or code@context when one number has several meanings ("251@ETRN"). */
  id: string;
  code: string;
  name: LocalizedText;
  /** Redundant with the first digit on purpose: the tests check they agree. */
  class: '2xx' | '3xx' | '4xx' | '5xx';
  kind: CodeKind;
  /** Commands this meaning follows, upper-case; "CONNECT" for the greeting, "*" for any command. */
  afterCommands: string[];
  description: LocalizedText;
  whenItOccurs: LocalizedText;
  howToFix: LocalizedText;
  /** Ids of related reply code entries. */
  related: string[];
  /** Enhanced codes that usually travel with it, e.g. "2.1.5". */
  enhancedCodes: string[];
  references: Reference[];
}

export interface EnhancedClassEntry {
  digit: '2' | '4' | '5';
  name: LocalizedText;
  description: LocalizedText;
}

export interface EnhancedSubjectEntry {
  /** "1" for X.1.XXX */
  subject: string;
  name: LocalizedText;
  description: LocalizedText;
}

export interface EnhancedCodeEntry {
  /** "X.1.1": class-free key as in the IANA registry. */
  id: string;
  subject: string;
  detail: string;
  /** Registry's detail name, e.g. "Bad destination mailbox address". */
  name: LocalizedText;
  description: LocalizedText;
  howToFix: LocalizedText;
  /** Classes the registry permits: subset of 2, 4, 5. */
  classes: Array<'2' | '4' | '5'>;
  /** Reply codes it usually travels with, from the registry and practice. */
  replyCodes: string[];
  status: 'registered' | 'deprecated' | 'unregistered';
  references: Reference[];
}

export interface CommandEntry {
  /** "RCPT" */
  verb: string;
  /** "RCPT TO:<forward-path> [SP parameters]" */
  syntax: string;
  name: LocalizedText;
  description: LocalizedText;
  /** EHLO keyword that must be advertised before the command may be used, if any. */
  extension?: string;
  /** Reply code ids that may answer it, success first. */
  replies: string[];
  references: Reference[];
}

export interface EhloKeywordEntry {
  /** "SIZE" */
  keyword: string;
  /** "SIZE [max-octets]" */
  syntax: string;
  name: LocalizedText;
  description: LocalizedText;
  references: Reference[];
}

export interface ParameterEntry {
  /** "SIZE", "BODY", "NOTIFY" ... as used on MAIL or RCPT */
  keyword: string;
  /** MAIL, RCPT or both */
  commands: Array<'MAIL' | 'RCPT'>;
  syntax: string;
  /** EHLO keyword that enables it */
  extension: string;
  description: LocalizedText;
  references: Reference[];
}

/** A SASL mechanism that AUTH may name. */
export interface AuthMechanismEntry {
  name: string;
  /** True when the password itself travels in the exchange (only encoded): safe inside TLS only. */
  sendsPassword: boolean;
  description: LocalizedText;
  references: Reference[];
}

/** A DNS blocklist, or a provider's own block list, that rejections name (data/blocklists.json). */
export interface BlocklistEntry {
  id: string;
  /** "Spamhaus ZEN" */
  name: string;
  operator: string;
  /** What it lists: IP addresses, domains, a provider's own senders; or an allowlist. */
  kind: 'ip' | 'domain' | 'provider' | 'allowlist';
  status: 'active' | 'discontinued';
  /** DNS zones a rejection names ("zen.spamhaus.org"); names below them match too. */
  zones: string[];
  /** Words a rejection names it by ("SpamCop"), matched whole, any case. */
  names: string[];
  description: LocalizedText;
  /** How to get off it. */
  delisting: LocalizedText;
  /** https link to its lookup page. */
  lookup: string;
  /** https link to its removal request page, when not the lookup page. */
  removal?: string;
}

/**
 * Whether a bounce for this reason means the address is bad (hard), may work later (soft), is no
 * failure (none), or cannot be told because the bounce does not say why it failed (undetermined).
 */
export type BounceKind = 'hard' | 'soft' | 'none' | 'undetermined';

/** Why a message bounced (data/bounce-reasons.json): what it means and what to do about it. */
export interface BounceReasonEntry {
  /** "user-unknown", "mailbox-full" ... */
  id: string;
  bounce: BounceKind;
  /** The same reason under Sisimai's name ("userunknown", "policyviolation" ...). */
  sisimai: string;
  name: LocalizedText;
  description: LocalizedText;
  whatToDo: LocalizedText;
}

/**
 * One rule of data/bounce-rules.json, tried in order: every condition it has must hold. `pattern` is a
 * case-insensitive regular expression over the diagnostic text; `enhanced` lists enhanced codes, "X."
 * standing for any class; `reply` reply codes; `commands` the SMTP command that was answered.
 */
export interface BounceRuleEntry {
  reason: string;
  pattern?: string;
  enhanced?: string[];
  reply?: string[];
  commands?: string[];
  /** Why the rule stands where it does (for maintainers). */
  why?: string;
}

/** Labels used by the features: section headings, class words, finding messages. */
export type MessageTable = Record<string, LocalizedText>;

export interface CatalogData {
  replyClasses: ReplyClassEntry[];
  replyCategories: ReplyCategoryEntry[];
  replyCodes: ReplyCodeEntry[];
  enhancedClasses: EnhancedClassEntry[];
  enhancedSubjects: EnhancedSubjectEntry[];
  enhancedCodes: EnhancedCodeEntry[];
  commands: CommandEntry[];
  ehloKeywords: EhloKeywordEntry[];
  parameters: ParameterEntry[];
  authMechanisms: AuthMechanismEntry[];
  blocklists: BlocklistEntry[];
  bounceReasons: BounceReasonEntry[];
  bounceRules: BounceRuleEntry[];
  providers: ProviderEntry[];
  messages: MessageTable;
}

/** A link a provider's own page gives: a postmaster site, a delisting form, a support page. */
export interface ProviderLink {
  title: LocalizedText;
  /** https only. */
  url: string;
}

/**
 * One reply a mailbox provider is known to give (data/providers.json): the conditions that
 * recognise it and what it means from that provider. Every condition given must hold.
 */
export interface ProviderRuleEntry {
  /** "microsoft-banned-ip": unique over every provider. */
  id: string;
  /** Short name of what happened: "Banned sending IP". */
  title: LocalizedText;
  /** Case-insensitive regular expression over the reply text; a group named `token` is what the lead names. */
  pattern?: string;
  /** Enhanced codes, as on the wire ("5.7.26"); the rule needs one of them. */
  enhanced?: string[];
  /** Reply codes; the rule needs one of them. */
  reply?: string[];
  /** True when the pattern alone names the provider (its own token), so no host needs to be seen. */
  standalone?: boolean;
  /** True when the provider uses `enhanced` in a sense other than the registry's: the title names the reply. */
  namesCode?: boolean;
  meaning: LocalizedText;
  whatToDo: LocalizedText;
  /** Where to go for this reply; the provider's postmaster page when absent. */
  pointer?: ProviderLink;
  /** The bounce reason (data/bounce-reasons.json) a reply of this kind stands for. */
  reason: string;
}

/** A mailbox provider: how its replies are recognised, and what its own replies mean. */
export interface ProviderEntry {
  /** "gmail", "microsoft-365" */
  id: string;
  name: LocalizedText;
  /** Domains whose hosts are this provider's servers ("google.com" covers gmail-smtp-in.l.google.com). */
  hosts: string[];
  /** Words only this provider writes in its replies ("gsmtp"), matched whole and without regard to case. */
  markers: string[];
  /** Its postmaster, sender-support or delisting page. */
  postmaster: ProviderLink;
  rules: ProviderRuleEntry[];
}

import type {
  AuthMechanismEntry, BlocklistEntry, BounceReasonEntry, BounceRuleEntry, CatalogData, CommandEntry, EhloKeywordEntry, EnhancedClassEntry, EnhancedCodeEntry, EnhancedSubjectEntry,
  Language, LocalizedText, ParameterEntry, ProviderEntry, ProviderRuleEntry, ReplyCategoryEntry, ReplyClassEntry, ReplyCodeEntry,
} from './types';

export * from './types';

/** An enhanced status code explained by its parts; `detail` is absent for an unregistered code. */
export interface EnhancedExplanation {
  code: string;
  classEntry?: EnhancedClassEntry;
  subjectEntry?: EnhancedSubjectEntry;
  detail?: EnhancedCodeEntry;
}

import type { CatalogFiles } from './files';

export { CATALOG_FILES, type CatalogFiles } from './files';

/** The typed catalog from the parsed JSON of its files (their schemas are checked in the tests). */
export function catalogData(files: CatalogFiles): CatalogData {
  const field = <T>(file: keyof CatalogFiles, key: string): T[] => {
    const value = (files[file] as Record<string, unknown> | undefined)?.[key];
    if (!Array.isArray(value)) throw new Error(`catalog file ${file}.json has no "${key}" list`);
    return value as T[];
  };
  const messages = (files.messages as { messages?: Record<string, LocalizedText> } | undefined)?.messages;
  if (!messages) throw new Error('catalog file messages.json has no "messages" table');
  return {
    replyClasses: field<ReplyClassEntry>('reply-codes', 'classes'),
    replyCategories: field<ReplyCategoryEntry>('reply-codes', 'categories'),
    replyCodes: field<ReplyCodeEntry>('reply-codes', 'codes'),
    enhancedClasses: field<EnhancedClassEntry>('enhanced-codes', 'classes'),
    enhancedSubjects: field<EnhancedSubjectEntry>('enhanced-codes', 'subjects'),
    enhancedCodes: field<EnhancedCodeEntry>('enhanced-codes', 'codes'),
    commands: field<CommandEntry>('commands', 'commands'),
    ehloKeywords: field<EhloKeywordEntry>('commands', 'ehloKeywords'),
    parameters: field<ParameterEntry>('commands', 'parameters'),
    authMechanisms: field<AuthMechanismEntry>('auth-mechanisms', 'mechanisms'),
    blocklists: field<BlocklistEntry>('blocklists', 'blocklists'),
    bounceReasons: field<BounceReasonEntry>('bounce-reasons', 'reasons'),
    bounceRules: field<BounceRuleEntry>('bounce-rules', 'rules'),
    providers: field<ProviderEntry>('providers', 'providers'),
    messages,
  };
}

/** A {n} place in a message template: the argument it takes, and how it is written when none is given. */
interface TemplatePlace {
  index: number;
  written: string;
}

/** Indexed, read-only access to the catalog. Built once and shared by every feature. */
export class Catalog {
  private readonly repliesByCode = new Map<string, ReplyCodeEntry[]>();
  private readonly repliesById = new Map<string, ReplyCodeEntry>();
  private readonly enhancedById = new Map<string, EnhancedCodeEntry>();
  private readonly commandsByVerb = new Map<string, CommandEntry>();
  private readonly keywordsByName = new Map<string, EhloKeywordEntry>();
  private readonly parametersByName = new Map<string, ParameterEntry>();
  private readonly enhancedByCode = new Map<string, EnhancedExplanation>();
  private readonly templates = new Map<Language, Map<string, ReadonlyArray<string | TemplatePlace>>>();

  constructor(readonly data: CatalogData) {
    for (const entry of data.replyCodes) {
      this.repliesById.set(entry.id, entry);
      const list = this.repliesByCode.get(entry.code) ?? [];
      list.push(entry);
      this.repliesByCode.set(entry.code, list);
    }
    for (const entry of data.enhancedCodes) this.enhancedById.set(entry.id, entry);
    for (const entry of data.commands) this.commandsByVerb.set(entry.verb, entry);
    for (const entry of data.ehloKeywords) this.keywordsByName.set(entry.keyword, entry);
    for (const entry of data.parameters) this.parametersByName.set(entry.keyword, entry);
  }

  replyClass(code: string): ReplyClassEntry | undefined {
    return this.data.replyClasses.find((c) => c.digit === code[0]);
  }

  replyCategory(code: string): ReplyCategoryEntry | undefined {
    return this.data.replyCategories.find((c) => c.digit === code[1]);
  }

  replyById(id: string): ReplyCodeEntry | undefined {
    return this.repliesById.get(id);
  }

  /** Every meaning a reply code has, the core one first. */
  replyMeanings(code: string): readonly ReplyCodeEntry[] {
    return this.repliesByCode.get(code) ?? [];
  }

  /**
   * The meaning of a reply code in context: the entry whose afterCommands names the command it
   * answered wins (251 after ETRN is not 251 after RCPT); otherwise the first (core) entry.
   */
  reply(code: string, afterCommand?: string, text?: string): ReplyCodeEntry | undefined {
    const meanings = this.repliesByCode.get(code);
    if (!meanings) return undefined;
    const verb = afterCommand?.toUpperCase();
    const fitting = verb ? meanings.filter((m) => m.afterCommands.includes(verb)) : [];
    const candidates = fitting.length > 0 ? fitting : meanings.filter((m) => m.afterCommands.includes('*'));
    // Meanings that follow the same commands (530 for AUTH and for STARTTLS) differ in what the
    // server says: the one whose context the reply text names wins.
    if (text && candidates.length > 1) {
      const upper = text.toUpperCase();
      const named = candidates.find((m) => m.id.includes('@') && upper.includes(m.id.split('@')[1]));
      if (named) return named;
    }
    return candidates[0] ?? meanings[0];
  }

  /** What an enhanced code's class, subject and detail mean; the same object for the same code (read only). */
  enhanced(code: string): EnhancedExplanation {
    let known = this.enhancedByCode.get(code);
    if (!known) {
      known = this.explainEnhanced(code);
      // A few dozen codes turn up in practice; a document full of made-up ones does not grow this without end.
      if (this.enhancedByCode.size < 4096) this.enhancedByCode.set(code, known);
    }
    return known;
  }

  private explainEnhanced(code: string): EnhancedExplanation {
    const [cls, subject, detail] = code.split('.');
    return {
      code,
      classEntry: this.data.enhancedClasses.find((c) => c.digit === cls),
      subjectEntry: this.data.enhancedSubjects.find((s) => s.subject === subject),
      detail: detail === undefined ? undefined : this.enhancedById.get(`X.${subject}.${detail}`),
    };
  }

  command(verb: string): CommandEntry | undefined {
    return this.commandsByVerb.get(verb.toUpperCase());
  }

  ehloKeyword(keyword: string): EhloKeywordEntry | undefined {
    return this.keywordsByName.get(keyword.toUpperCase());
  }

  authMechanism(name: string): AuthMechanismEntry | undefined {
    const upper = name.toUpperCase();
    return this.data.authMechanisms.find((m) => m.name === upper);
  }

  parameter(keyword: string): ParameterEntry | undefined {
    return this.parametersByName.get(keyword.toUpperCase());
  }

  /** Every blocklist the catalog knows. */
  blocklists(): readonly BlocklistEntry[] {
    return this.data.blocklists;
  }

  blocklist(id: string): BlocklistEntry | undefined {
    return this.data.blocklists.find((b) => b.id === id);
  }

  /** Every mailbox provider the catalog knows, in data/providers.json order. */
  providers(): readonly ProviderEntry[] {
    return this.data.providers;
  }

  /** A provider's rule by its id ("microsoft-banned-ip"), with its provider. */
  providerRule(id: string): { provider: ProviderEntry; rule: ProviderRuleEntry } | undefined {
    for (const provider of this.data.providers) {
      const rule = provider.rules.find((r) => r.id === id);
      if (rule) return { provider, rule };
    }
    return undefined;
  }

  /** A bounce reason by id ("user-unknown"). */
  bounceReason(id: string): BounceReasonEntry | undefined {
    return this.data.bounceReasons.find((r) => r.id === id);
  }

  /** A catalog text in the given language, falling back to English. */
  text(value: LocalizedText, lang: Language): string {
    return value[lang] || value.en;
  }

  /** A UI message by key with {0}, {1} ... filled in; the key itself if the table lacks it. */
  message(key: string, lang: Language, ...args: Array<string | number>): string {
    let out = '';
    for (const part of this.template(key, lang)) {
      if (typeof part === 'string') out += part;
      else {
        const value = args[part.index];
        out += value === undefined ? part.written : String(value);
      }
    }
    return out;
  }

  /**
   * A message's text split at its {n} places, once per key and language: a large document gives
   * tens of thousands of findings from a few dozen templates.
   */
  private template(key: string, lang: Language): ReadonlyArray<string | TemplatePlace> {
    let byKey = this.templates.get(lang);
    if (!byKey) {
      byKey = new Map();
      this.templates.set(lang, byKey);
    }
    let parts = byKey.get(key);
    if (!parts) {
      const entry = this.data.messages[key];
      const text = entry ? this.text(entry, lang) : key;
      const found: Array<string | TemplatePlace> = [];
      const place = /\{(\d+)\}/g;
      let last = 0;
      for (let m = place.exec(text); m; m = place.exec(text)) {
        if (m.index > last) found.push(text.slice(last, m.index));
        found.push({ index: Number(m[1]), written: m[0] });
        last = m.index + m[0].length;
      }
      if (last < text.length) found.push(text.slice(last));
      parts = found;
      byKey.set(key, parts);
    }
    return parts;
  }
}

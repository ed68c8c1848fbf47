import type { BounceKind, Catalog, Language } from '../catalog';
import { blocklistMentions } from '../analyze/log/blocklists';
import type { BounceRecipient, BounceReport, MailMessage, MessageModel } from '../parse/message/model';
import { classifyMessage, reportReason, type ClassifiedRecipient } from './classify';

/**
 * How far a record can be trusted: `high` when a delivery-status part's own fields name the
 * recipient, `medium` when the text of a bounce format we know does, `low` when the generic reader
 * guessed from a notice no specific reader claims.
 */
export type Confidence = 'high' | 'medium' | 'low';

/** A blocklist a refusal names, and where its operator lets a listed sender out. */
export interface RecordBlocklist {
  id: string;
  name: string;
  /** Where to ask for removal (or look the sender up first). */
  url: string;
  /** How delisting works there. */
  delisting: string;
}

/** One line of `smtp-lens bounce`: a recipient of a bounce and what happened to it. */
export interface BounceRecord {
  /** 0-based index of the message in the file (mbox). */
  message: number;
  /** 1-based line of the recipient's report in the file. */
  line: number;
  recipient: string;
  action: string;
  status: string | null;
  replyCode: string | null;
  command: string | null;
  remoteMta: string | null;
  reason: string;
  /** The same reason under Sisimai's name (data/bounce-reasons.json `sisimai`), for systems built on Sisimai. */
  sisimaiReason: string;
  reasonName: string;
  bounce: BounceKind;
  diagnostic: string;
  /** Who wrote the bounce, when its text tells ("Postfix", "Exim", "Gmail" ...); "dsn" or "generic" when it does not. */
  agent: string | null;
  confidence: Confidence;
  /** The blocklist the refusal names, when it names one. */
  blocklist?: RecordBlocklist;
  /** The mailbox provider whose own reply this is (data/providers.json), when the table knows it. */
  provider?: RecordProvider;
}

/** A provider's reply: which provider, which of its rules, and where to go about it. */
export interface RecordProvider {
  id: string;
  name: string;
  rule: string;
  title: string;
  url: string;
}

export interface RecordOptions {
  /** Also delivered, relayed and expanded recipients, feedback reports and auto-replies. */
  all?: boolean;
  language?: Language;
}

/** The recipients of every bounce in a document, failed and delayed ones (or all with `all`). */
export function bounceRecords(model: MessageModel, catalog: Catalog, options: RecordOptions = {}): BounceRecord[] {
  return recordsOf(model.messages, catalog, options, (message) => classifyMessage(message, catalog));
}

/** What a record is made of: a message of the document and what it says about delivery. */
export type RecordSource = Pick<MailMessage, 'index' | 'startLine' | 'from' | 'subject' | 'bounce'>;

/**
 * The records of messages however they were read: from the editor's model (`bounceRecords`) or by
 * the bounce command's own reader (`bounce/read-records.ts`), which must give the same.
 */
export function recordsOf<M extends RecordSource>(messages: Iterable<M>, catalog: Catalog, options: RecordOptions,
  classify: (message: M) => readonly ClassifiedRecipient[]): BounceRecord[] {
  const lang = options.language ?? 'en';
  const records: BounceRecord[] = [];
  for (const message of messages) {
    const agent = message.bounce ? message.bounce.agent ?? message.bounce.format : null;
    for (const { recipient, classification } of classify(message)) {
      if (!options.all && recipient.action !== 'failed' && recipient.action !== 'delayed') continue;
      records.push({
        message: message.index,
        line: (recipient.addressSpan?.line ?? recipient.startLine) + 1,
        recipient: recipient.address,
        action: recipient.action,
        status: recipient.status ?? null,
        replyCode: recipient.replyCode ?? null,
        command: recipient.command ?? null,
        remoteMta: recipient.remoteMta ?? null,
        reason: classification.reason.id,
        sisimaiReason: classification.reason.sisimai,
        reasonName: catalog.text(classification.reason.name, lang),
        bounce: classification.bounce,
        diagnostic: recipient.diagnostic,
        agent,
        confidence: confidenceOf(recipient, message.bounce),
      });
      const listed = blocklistOf(recipient.diagnostic, catalog, lang);
      if (listed) records[records.length - 1].blocklist = listed;
      const known = classification.provider ? catalog.providerRule(classification.provider) : undefined;
      if (known) {
        records[records.length - 1].provider = {
          id: known.provider.id, name: catalog.text(known.provider.name, lang), rule: known.rule.id, title: catalog.text(known.rule.title, lang),
          url: (known.rule.pointer ?? known.provider.postmaster).url,
        };
      }
    }
    const report = reportReason(message, catalog);
    if (!options.all || !report || !message.bounce) continue;
    const line = (message.bounce.feedback?.span.line ?? message.bounce.autoReply?.span.line ?? message.startLine) + 1;
    const who = message.bounce.feedback ? message.bounce.feedback.recipients : [message.from ?? ''];
    for (const recipient of who.length > 0 ? who : ['']) {
      records.push({
        message: message.index, line, recipient, action: 'delivered', status: null, replyCode: null, command: null, remoteMta: null,
        reason: report.id, sisimaiReason: report.sisimai, reasonName: catalog.text(report.name, lang), bounce: 'none',
        diagnostic: message.bounce.feedback ? `feedback-type: ${message.bounce.feedback.feedbackType}` : message.subject ?? '',
        agent, confidence: 'high',
      });
    }
  }
  return records;
}

function confidenceOf(recipient: BounceRecipient, bounce: BounceReport | undefined): Confidence {
  if (recipient.dsn) return 'high';
  return bounce?.format === 'generic' ? 'low' : 'medium';
}

/** The first blocklist a diagnostic names, with its removal (or lookup) page. */
function blocklistOf(diagnostic: string, catalog: Catalog, lang: Language): RecordBlocklist | undefined {
  if (!diagnostic) return undefined;
  const entry = blocklistMentions(diagnostic, catalog)[0]?.entry;
  if (!entry) return undefined;
  return { id: entry.id, name: entry.name, url: entry.removal ?? entry.lookup, delisting: catalog.text(entry.delisting, lang) };
}

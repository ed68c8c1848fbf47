/** The samples of the Getting Started walkthrough: files of examples/, shipped in the package. Plain data, so tests read it too. */
export interface Sample {
  id: 'transcript' | 'problems' | 'bounce' | 'log';
  file: string;
  language: 'smtp' | 'eml' | 'maillog';
  /** 1-based line and column of what to hover; the hover shows when the sample opens. */
  hoverAt?: { line: number; column: number };
  /** Show the Problems panel too. */
  problems?: boolean;
}

export const SAMPLES: readonly Sample[] = [
  // The pipelined 550: its hover names the RCPT TO it answers, five lines up.
  { id: 'transcript', file: 'swaks-pipelined-relay-denied.smtp', language: 'smtp', hoverAt: { line: 24, column: 5 } },
  { id: 'problems', file: 'auth-and-forwarding.smtp', language: 'smtp', problems: true, hoverAt: { line: 22, column: 4 } },
  { id: 'bounce', file: 'bounce-postfix.eml', language: 'eml', hoverAt: { line: 50, column: 24 } },
  { id: 'log', file: 'mainlog', language: 'maillog' },
];

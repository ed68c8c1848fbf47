/** The languages the server reads, by id: SMTP transcripts, .eml messages and mail logs. */
export const LANGUAGE_IDS = ['smtp', 'eml', 'maillog'] as const;

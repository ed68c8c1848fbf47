/** The languages the server reads, by id: SMTP transcripts, .eml messages and mail logs. */
export { LANGUAGE_IDS } from '../../protocol';

/** The verb numbers of the store's command column, for rules that read the columns (see codes.ts). */
export {
  VERB_OTHER as OTHER, VERB_HELO as HELO, VERB_EHLO as EHLO, VERB_LHLO as LHLO, VERB_MAIL as MAIL, VERB_RCPT as RCPT,
  VERB_DATA as DATA, VERB_BDAT as BDAT, VERB_RSET as RSET, VERB_VRFY as VRFY, VERB_EXPN as EXPN, VERB_QUIT as QUIT,
  VERB_STARTTLS as STARTTLS, VERB_AUTH as AUTH, VERB_BURL as BURL,
} from './codes';
export { opensTransaction } from './codes';

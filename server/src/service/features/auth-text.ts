import type { Catalog, Language } from '../catalog';
import { SECRET_MASK, type AuthField, type AuthStep } from '../parse/auth';

/** "user: alice, password: ••••••••", secrets masked unless revealed. */
export function authFieldsText(fields: readonly AuthField[], catalog: Catalog, lang: Language, reveal: boolean): string {
  return fields.map((f) => `${catalog.message(`auth.${f.label}`, lang)}: ${f.secret && !reveal ? SECRET_MASK : printable(f.value)}`).join(', ');
}

/** Control characters shown as escapes, so a decoded NUL or newline stays visible and harmless. */
export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One line saying what an AUTH step is, for hovers. */
export function authStepSummary(step: AuthStep, catalog: Catalog, lang: Language, reveal: boolean): string {
  switch (step.state) {
    case 'invalid': return catalog.message('auth.invalid', lang);
    case 'masked': return catalog.message('auth.masked', lang);
    case 'cancel': return catalog.message('auth.cancel', lang);
    case 'empty': return catalog.message(step.role === 'challenge' ? 'auth.emptyChallenge' : 'auth.empty', lang);
    case 'decoded':
      return authFieldsText(step.fields, catalog, lang, reveal);
  }
}

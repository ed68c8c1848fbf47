import replyCodes from '../../../../data/reply-codes.json';
import enhancedCodes from '../../../../data/enhanced-codes.json';
import commands from '../../../../data/commands.json';
import messages from '../../../../data/messages.json';
import authMechanisms from '../../../../data/auth-mechanisms.json';
import bounceReasons from '../../../../data/bounce-reasons.json';
import bounceRules from '../../../../data/bounce-rules.json';
import blocklists from '../../../../data/blocklists.json';
import providers from '../../../../data/providers.json';
import { Catalog, catalogData, type CatalogData } from './index';

/**
 * The catalog compiled into the bundle: for the CLI and the tests. The language server does not
 * use it: it reads the same files from dist/data at start, so its bundle carries no second copy.
 */
export function loadCatalogData(): CatalogData {
  return catalogData({
    'reply-codes': replyCodes, 'enhanced-codes': enhancedCodes, commands, messages, 'auth-mechanisms': authMechanisms,
    'bounce-reasons': bounceReasons, 'bounce-rules': bounceRules, blocklists, providers,
  });
}

/** A catalog of the bundled data, made anew on each call: the caller keeps the one it makes (no module holds one). */
export function bundledCatalog(): Catalog {
  return new Catalog(loadCatalogData());
}

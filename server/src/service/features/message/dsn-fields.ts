/** The RFC 3464 section that defines each DSN field, for the hover's reference link. */
export const DSN_SECTIONS: Record<string, { section: string; perMessage: boolean }> = {
  'original-envelope-id': { section: '2.2.1', perMessage: true },
  'reporting-mta': { section: '2.2.2', perMessage: true },
  'dsn-gateway': { section: '2.2.3', perMessage: true },
  'received-from-mta': { section: '2.2.4', perMessage: true },
  'arrival-date': { section: '2.2.5', perMessage: true },
  'original-recipient': { section: '2.3.1', perMessage: false },
  'final-recipient': { section: '2.3.2', perMessage: false },
  action: { section: '2.3.3', perMessage: false },
  status: { section: '2.3.4', perMessage: false },
  'remote-mta': { section: '2.3.5', perMessage: false },
  'diagnostic-code': { section: '2.3.6', perMessage: false },
  'last-attempt-date': { section: '2.3.7', perMessage: false },
  'final-log-id': { section: '2.3.8', perMessage: false },
  'will-retry-until': { section: '2.3.9', perMessage: false },
};

export const RFC3464_URL = 'https://www.rfc-editor.org/rfc/rfc3464';

/* global require */
// The baseline of the server benchmarks: a language server that does nothing but what every server
// built on vscode-languageserver does. It keeps the open documents (TextDocuments, incremental sync),
// publishes empty diagnostics for each version, and answers hover with nothing. SMTP Lens's own
// memory and latency are measured above what this costs for the same text.
/* eslint-disable @typescript-eslint/no-require-imports -- a plain script the benchmark runs as it is */
const { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } = require('vscode-languageserver/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, hoverProvider: true } }));
connection.onHover(() => null);
documents.onDidChangeContent(({ document }) => {
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [] });
});
documents.listen(connection);
connection.listen();

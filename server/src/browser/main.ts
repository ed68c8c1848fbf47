import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { startServer } from '../server';

// In a web worker, `self` is the port to the extension host; no Node API is used anywhere below.
// The catalog arrives with `initialize`: the client reads dist/data through VS Code's file system.
type WorkerPort = ConstructorParameters<typeof BrowserMessageReader>[0];
const port = globalThis as unknown as WorkerPort;
startServer(createConnection(ProposedFeatures.all, new BrowserMessageReader(port), new BrowserMessageWriter(port)));

import { parentPort } from 'node:worker_threads';
import { parseMarkdown } from './markdown.js';

/** Parses texts off the core process's event loop (see MarkdownParser). */
parentPort?.on('message', ({ id, msg }: { id: number; msg: string }) => {
  parentPort!.postMessage({ id, md: parseMarkdown(msg) });
});

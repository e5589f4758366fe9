import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { isPlainText, isQuickToParse, parseMarkdown, plainParagraph } from './markdown.js';

/** How long a text may take to parse before it is stored without markup. */
const DEADLINE_MS = 1_000;

interface PendingParse {
  msg: string;
  resolve: (md: unknown[]) => void;
  timer: NodeJS.Timeout;
}

/**
 * `md` for a message. `@rocket.chat/message-parser` costs about a millisecond for ordinary messages but grows
 * quadratically with the length of a word (a 5000-character word takes seconds): short texts are parsed
 * inline; longer ones in a worker thread with a deadline, so that no text can stall the service. Past the
 * deadline the text is stored as one plain paragraph and the worker replaced.
 */
@Injectable()
export class MarkdownParser implements OnModuleDestroy {
  private readonly logger = new Logger(MarkdownParser.name);
  private worker?: Worker;
  private readonly pending = new Map<number, PendingParse>();
  private nextId = 0;

  parse(msg: string): Promise<unknown[]> {
    // Plain text needs no parser at any length (parseMarkdown answers it at once).
    if (isPlainText(msg) || isQuickToParse(msg)) return Promise.resolve(parseMarkdown(msg));
    return new Promise((resolve) => {
      const id = ++this.nextId;
      const timer = setTimeout(() => {
        this.logger.warn(`a ${msg.length}-character text took over ${DEADLINE_MS} ms to parse; stored without markup`);
        this.replaceWorker();
      }, DEADLINE_MS);
      this.pending.set(id, { msg, resolve, timer });
      this.workerThread().postMessage({ id, msg });
    });
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.settleAll();
    await worker?.terminate();
  }

  private workerThread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./markdown.worker.js', import.meta.url));
    worker.unref();
    worker.on('message', ({ id, md }: { id: number; md: unknown[] }) => this.settle(id, md));
    worker.on('error', (error: Error) => {
      this.logger.error(`markdown worker failed: ${error.message}`);
      this.replaceWorker();
    });
    this.worker = worker;
    return worker;
  }

  /** Ends the stuck worker; what it still had to parse is stored without markup. */
  private replaceWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.settleAll();
    void worker?.terminate();
  }

  private settle(id: number, md?: unknown[]): void {
    const job = this.pending.get(id);
    if (!job) return;
    this.pending.delete(id);
    clearTimeout(job.timer);
    job.resolve(md ?? plainParagraph(job.msg));
  }

  private settleAll(): void {
    for (const id of [...this.pending.keys()]) this.settle(id);
  }
}

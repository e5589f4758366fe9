import type { Logger } from '@nestjs/common';
import type { ChangeStream, ChangeStreamDocument, Collection, Document, ResumeToken } from 'mongodb';
import type { DocumentChange } from './change-mapper.js';

/** Where a watcher resumes from, and where it records its progress. */
export interface ResumeTokenStore {
  load(collection: string): Promise<unknown>;
  save(collection: string, token: unknown): Promise<void>;
}

/** Makes sure everything published so far has left this process (NATS flush) before progress is saved. */
export type PublishedBarrier = () => Promise<void>;

const idOf = (change: ChangeStreamDocument<Document>): string | undefined => {
  if (!('documentKey' in change)) return undefined;
  // The document's own id first: the local MongoDB-compatible server reports a wrong documentKey on updates.
  const document = 'fullDocument' in change ? change.fullDocument : undefined;
  const id: unknown = document?._id ?? change.documentKey?._id;
  if (typeof id === 'string') return id;
  // Rocket.Chat's ids are strings; any other (an ObjectId written by another tool) goes by its own toString.
  return id === undefined || id === null ? undefined : (id as { toString(): string }).toString();
};

/**
 * Follows one collection's change stream from the position saved last (or from now, the first time), hands
 * each change to `handle` in order, and saves its position every `saveIntervalMs` once what it published is
 * out. After a crash the events since the last save are published again: at least once, never lost.
 */
export class CollectionWatcher {
  private stream?: ChangeStream<Document>;
  private position?: ResumeToken;
  private savedPosition?: ResumeToken;
  private saveTimer?: NodeJS.Timeout;
  private stopped = false;
  private running?: Promise<void>;

  constructor(
    private readonly collection: Collection<Document>,
    private readonly handle: (change: DocumentChange<never>) => void,
    private readonly tokens: ResumeTokenStore,
    private readonly published: PublishedBarrier,
    private readonly options: { saveIntervalMs: number; retryMs: number },
    private readonly logger: Logger,
  ) {}

  get name(): string {
    return this.collection.collectionName;
  }

  async start(): Promise<void> {
    this.position = await this.tokens.load(this.name);
    this.savedPosition = this.position;
    this.open();
    this.saveTimer = setInterval(() => void this.save(), this.options.saveIntervalMs);
  }

  /** Stops reading and saves the position of the last change handled. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.saveTimer);
    await this.stream?.close().catch(() => undefined);
    await this.running?.catch(() => undefined);
    await this.save();
  }

  private open(): void {
    const stream = this.collection.watch([], {
      fullDocument: 'updateLookup',
      ...(this.position !== undefined && { resumeAfter: this.position }),
    });
    this.stream = stream;
    this.running = this.read(stream).then(
      () => this.reopen('ended'),
      (error: unknown) => this.reopen(`failed: ${String(error)}`),
    );
  }

  /** A change stream that ends or fails is opened again from the last change handled. */
  private reopen(why: string): void {
    if (this.stopped) return;
    this.logger.warn(`change stream of ${this.name} ${why}; reopening`);
    void this.stream?.close().catch(() => undefined);
    setTimeout(() => !this.stopped && this.open(), this.options.retryMs).unref();
  }

  private async read(stream: ChangeStream<Document>): Promise<void> {
    for await (const change of stream) {
      if (this.stopped) return;
      const mapped = this.toDocumentChange(change);
      this.logger.debug(`${this.name}: ${change.operationType} ${mapped?.id ?? ''}`);
      if (mapped) {
        try {
          this.handle(mapped as DocumentChange<never>);
        } catch (error) {
          this.logger.error(`change of ${this.name}/${mapped.id} not published: ${String(error)}`);
        }
      }
      this.position = change._id;
    }
  }

  private toDocumentChange(change: ChangeStreamDocument<Document>): DocumentChange<Document> | undefined {
    const id = idOf(change);
    if (id === undefined) return undefined;
    switch (change.operationType) {
      case 'insert':
      case 'update':
      case 'replace':
        return { operation: change.operationType, id, document: change.fullDocument ?? undefined };
      case 'delete':
        return { operation: 'delete', id };
      default:
        return undefined;
    }
  }

  private async save(): Promise<void> {
    const position = this.position;
    if (position === undefined || position === this.savedPosition) return;
    try {
      await this.published();
      await this.tokens.save(this.name, position);
      this.savedPosition = position;
    } catch (error) {
      this.logger.warn(`position of ${this.name} not saved: ${String(error)}`);
    }
  }
}

import { freePort } from '@rc/local-stack';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it, parsed. */
export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/**
 * A real SMTP server (the `smtp-server` package) on a free loopback port that keeps every message it accepts,
 * for the tests to read what the chat server sent. `refuseRecipients` makes it answer `550` to every
 * recipient (a server that refuses the message while accepting connections).
 */
export class SmtpCapture {
  readonly mails: CapturedMail[] = [];
  refuseRecipients = false;
  private readonly waiters = new Set<{ test: (mail: CapturedMail) => boolean; resolve: (mail: CapturedMail) => void }>();

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpCapture> {
    const port = await freePort();
    const holder: { capture?: SmtpCapture } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (holder.capture?.refuseRecipients) {
          callback(Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 }));
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (parsed) => {
            holder.capture?.receive({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    holder.capture = new SmtpCapture(server, port);
    return holder.capture;
  }

  /** The first message (already received or still to come) that passes `test`. */
  waitFor(test: (mail: CapturedMail) => boolean, timeoutMs = 20_000): Promise<CapturedMail> {
    const found = this.mails.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no such e-mail within ${timeoutMs} ms; received: ${JSON.stringify(this.mails.map((m) => [m.to, m.subject]))}`));
      }, timeoutMs);
      waiter.resolve = (mail) => {
        clearTimeout(timer);
        resolve(mail);
      };
      this.waiters.add(waiter);
    });
  }

  /** The next message to `address` after those already received. */
  next(address: string, timeoutMs?: number): Promise<CapturedMail> {
    const seen = new Set(this.mails);
    return this.waitFor((mail) => !seen.has(mail) && mail.to.includes(address), timeoutMs);
  }

  to(address: string): CapturedMail[] {
    return this.mails.filter((mail) => mail.to.includes(address));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(mail: CapturedMail): void {
    this.mails.push(mail);
    for (const waiter of [...this.waiters]) {
      if (waiter.test(mail)) {
        this.waiters.delete(waiter);
        waiter.resolve(mail);
      }
    }
  }
}

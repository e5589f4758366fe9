import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DomainError, ErrorCode } from '@rc/contracts';
import { MetricsService } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Counter } from 'prom-client';
import { renderEmail, type MailFrame, type RenderedEmail, type TemplateData } from './templating.js';

/** One e-mail to send: its recipient, what it is (a metric label), and its content. */
export interface OutgoingEmail extends RenderedEmail {
  /** One address, or several on one e-mail (each sees the others, as Rocket.Chat's `rooms.export` sends it). */
  to: string | string[];
  /** Where answers go (the sender of messages mailed on their behalf). */
  replyTo?: string;
  kind: string;
  /** `From_Email` alone (Rocket.Chat's 2FA code) instead of `Site_Name <From_Email>` (its account e-mails). */
  bareFrom?: boolean;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

/** How long the mail server may take to answer at each step, so a request never waits on it unbounded. */
const TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 };

/**
 * Sends e-mail through the SMTP server of Rocket.Chat's `SMTP_*` settings (nodemailer), read live: a change of
 * any of them replaces the transport on the next e-mail. Every failure is a `DomainError`
 * (`error-email-send-failed`) whose reason says what went wrong without naming the server.
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger(Mailer.name);
  private readonly sent: Counter<'kind' | 'outcome'>;
  private current?: { key: string; transporter: Transporter };
  /**
   * The environment's SMTP values, read once each: the environment does not change while the server runs, and a
   * `process.env` read is a call into the runtime (`isConfigured` runs for every message's member work).
   */
  private readonly fromEnvironment = new Map<string, string | undefined>();

  constructor(
    private readonly settings: SettingsCache,
    metrics: MetricsService,
  ) {
    this.sent = metrics.counter('emails_sent_total', 'E-mails handed to the SMTP server, by kind and outcome', ['kind', 'outcome']);
  }

  onModuleDestroy(): void {
    this.current?.transporter.close();
    this.current = undefined;
  }

  /** The site and the frame (header, footer) every e-mail is built with. */
  frame(): MailFrame {
    return {
      siteName: this.settings.get<string>('Site_Name') ?? '',
      siteUrl: this.settings.get<string>('Site_Url') ?? '',
      header: this.settings.get<string>('Email_Header') ?? '',
      footer: this.settings.get<string>('Email_Footer') ?? '',
      plainTextOnly: this.settings.get<boolean>('email_plain_text_only') === true,
    };
  }

  /** An e-mail from the subject and body settings named (`Forgot_Password_Email_Subject`, `Forgot_Password_Email`). */
  render(subjectSetting: string, bodySetting: string, data: TemplateData = {}): RenderedEmail {
    return renderEmail(this.frame(), this.settings.get<string>(subjectSetting) ?? '', this.settings.get<string>(bodySetting) ?? '', data);
  }

  /** An e-mail from templates given here (`{Key}` translated, placeholders filled), framed as the others. */
  renderTemplates(subjectTemplate: string, bodyTemplate: string, data: TemplateData = {}): RenderedEmail {
    return renderEmail(this.frame(), subjectTemplate, bodyTemplate, data);
  }

  /** A link on the site: `Site_Url` + path. */
  siteLink(path: string): string {
    return `${(this.settings.get<string>('Site_Url') ?? '').replace(/\/?$/, '/')}${path}`;
  }

  /** Whether an SMTP server and a sender are set (what `send` first checks). */
  isConfigured(): boolean {
    return Boolean(this.smtp('SMTP_Host').trim()) && ADDRESS.test(this.smtp('From_Email').trim());
  }

  /** Checks that the SMTP server answers and accepts the credentials, without sending anything. */
  async verify(): Promise<void> {
    const transporter = this.transporter();
    try {
      await transporter.verify();
    } catch (error) {
      this.logger.warn(`SMTP server check failed: ${describe(error)}`);
      throw sendFailed(error);
    }
  }

  async send(email: OutgoingEmail): Promise<void> {
    const recipients = [email.to].flat();
    if (recipients.length === 0 || !recipients.every((to) => ADDRESS.test(to))) {
      throw new DomainError(ErrorCode.EmailSendFailed, 'Error trying to send email: invalid email');
    }
    const transporter = this.transporter();
    const address = this.smtp('From_Email').trim();
    const siteName = this.settings.get<string>('Site_Name') ?? '';
    try {
      await transporter.sendMail({
        from: email.bareFrom || !siteName ? address : { name: siteName, address },
        to: email.to,
        ...(email.replyTo && { replyTo: email.replyTo }),
        subject: email.subject,
        text: email.text,
        ...(email.html !== undefined && { html: email.html }),
      });
      this.sent.inc({ kind: email.kind, outcome: 'sent' });
    } catch (error) {
      this.sent.inc({ kind: email.kind, outcome: 'failed' });
      this.logger.warn(`${email.kind} e-mail not sent: ${describe(error)}`);
      throw sendFailed(error);
    }
  }

  /**
   * An SMTP setting, or the environment variable of its name when set (Rocket.Chat's `env: true` settings;
   * `SMTP_HOST`-style upper case too, as the Helm chart passes them): the environment wins.
   */
  private smtp(id: string): string {
    return this.environment(id) ?? this.settings.get<string>(id) ?? '';
  }

  private smtpFlag(id: string): boolean {
    const fromEnv = this.environment(id);
    return fromEnv !== undefined ? fromEnv === 'true' : this.settings.get<boolean>(id) === true;
  }

  /** The environment variable of a setting's name (as is, or upper case); undefined when unset or empty. */
  private environment(id: string): string | undefined {
    if (!this.fromEnvironment.has(id)) {
      const value = process.env[id] ?? process.env[id.toUpperCase()];
      this.fromEnvironment.set(id, value === '' ? undefined : value);
    }
    return this.fromEnvironment.get(id);
  }

  /** The transport for the current settings; rebuilt (the old pool closed) when any of them changed. */
  private transporter(): Transporter {
    if (!this.smtp('SMTP_Host').trim()) {
      throw new DomainError(ErrorCode.EmailSendFailed, 'Error trying to send email: SMTP is not configured');
    }
    if (!ADDRESS.test(this.smtp('From_Email').trim())) {
      throw new DomainError(ErrorCode.EmailSendFailed, 'Error trying to send email: Invalid from address', { setting: 'From_Email' });
    }
    const options = this.transportOptions();
    const key = JSON.stringify(options);
    if (this.current?.key !== key) {
      this.current?.transporter.close();
      this.current = { key, transporter: nodemailer.createTransport(options) };
    }
    return this.current.transporter;
  }

  /** Rocket.Chat's MAIL_URL, as nodemailer options: `smtps` is TLS from the start; `smtp` upgrades unless `SMTP_IgnoreTLS`. */
  private transportOptions() {
    const secure = this.smtp('SMTP_Protocol') === 'smtps';
    const port = Number.parseInt(this.smtp('SMTP_Port'), 10);
    const user = this.smtp('SMTP_Username').trim();
    const pool = this.smtpFlag('SMTP_Pool');
    return {
      host: this.smtp('SMTP_Host').trim(),
      port: Number.isInteger(port) && port > 0 ? port : secure ? 465 : 587,
      secure,
      ignoreTLS: !secure && this.smtpFlag('SMTP_IgnoreTLS'),
      ...(user && { auth: { user, pass: this.smtp('SMTP_Password') } }),
      ...(pool ? { pool: true as const } : {}),
      ...TIMEOUTS,
    };
  }
}

type SmtpError = Error & { code?: string; responseCode?: number };

/** What went wrong, for the log (the server's own answer included). */
function describe(error: unknown): string {
  const e = error as SmtpError;
  return [e?.code, e?.responseCode, e?.message].filter(Boolean).join(' ');
}

/** The client's error: what kind of failure, never the server's address or answer. */
function sendFailed(error: unknown): DomainError {
  const e = error as SmtpError;
  const reason =
    e?.code === 'EAUTH'
      ? 'the mail server refused the credentials'
      : e?.code === 'EENVELOPE' || (e?.responseCode !== undefined && e.responseCode >= 400)
        ? 'the mail server refused the message'
        : 'the mail server could not be reached';
  return new DomainError(ErrorCode.EmailSendFailed, `Error trying to send email: ${reason}`);
}

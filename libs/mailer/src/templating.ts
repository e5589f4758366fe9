import { convert } from 'html-to-text';
import { EMAIL_STRINGS } from './email-strings.js';

/** Values for a template's `[Name]` / `__Name__` placeholders. */
export type TemplateData = Record<string, string | undefined>;

/** What every e-mail knows: the site, and the frame around an HTML body. */
export interface MailFrame {
  siteName: string;
  siteUrl: string;
  /** `Email_Header` / `Email_Footer`: the HTML before and after the body. */
  header: string;
  footer: string;
  /** `email_plain_text_only`: no HTML part. */
  plainTextOnly: boolean;
}

export interface RenderedEmail {
  subject: string;
  html?: string;
  text: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Rocket.Chat's `{Key …}` → the key's text (the first word names the key; the rest is ignored, as its
 * `replaceVariables` does). An unknown key stays as its name.
 */
export function translate(template: string, strings: Readonly<Record<string, string>> = EMAIL_STRINGS): string {
  return template.replace(/\{ *([^{} ]+)[^{}]*\}/g, (_match, key: string) => strings[key] ?? key);
}

/** Rocket.Chat's `replacekey`: every `[Name]` and `__Name__`, case-insensitively. */
export function replaceKey(template: string, key: string, value = ''): string {
  // A function replacement: `$` in the value is taken literally.
  return template.replace(new RegExp(`(\\[${escapeRegExp(key)}\\]|__${escapeRegExp(key)}__)`, 'gim'), () => value);
}

/**
 * Rocket.Chat's `Mailer.replace`: translates the `{Key}`s, then fills the placeholders — the site's
 * (`Site_Name`, `Site_URL`, `Site_URL_Slash`), `fname` / `lname` from `name`, and the data's own.
 */
export function fill(template: string, frame: Pick<MailFrame, 'siteName' | 'siteUrl'>, data: TemplateData = {}): string {
  if (!template) return '';
  const values: TemplateData = {
    Site_Name: frame.siteName,
    Site_URL: frame.siteUrl,
    Site_URL_Slash: frame.siteUrl.replace(/\/?$/, '/'),
    ...(data.name && {
      fname: data.name.split(' ')[0],
      lname: data.name.includes(' ') ? data.name.slice(data.name.lastIndexOf(' ') + 1) : data.name,
    }),
    ...data,
  };
  return Object.entries(values).reduce((text, [key, value]) => replaceKey(text, key, value ?? ''), translate(template));
}

/**
 * An e-mail from a subject and a body template, as Rocket.Chat's `Mailer.send` builds it: the subject filled
 * in; the HTML body framed by the header and footer with every value HTML-escaped (the site's included); the
 * text part the same body, unframed, as plain text. With `plainTextOnly`, no HTML part.
 */
export function renderEmail(frame: MailFrame, subjectTemplate: string, bodyTemplate: string, data: TemplateData = {}): RenderedEmail {
  const escaped = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, value === undefined ? undefined : escapeHtml(value)]),
  );
  const escapedFrame = { siteName: escapeHtml(frame.siteName), siteUrl: escapeHtml(frame.siteUrl) };
  const subject = fill(subjectTemplate, frame, data)
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const text = convert(fill(bodyTemplate, frame, data), {
    wordwrap: false,
    selectors: [{ selector: 'a', options: { hideLinkHrefIfSameAsText: true } }],
  });
  if (frame.plainTextOnly) return { subject, text };
  const html = fill(`${frame.header}${bodyTemplate}${frame.footer}`, escapedFrame, escaped);
  return { subject, html, text };
}

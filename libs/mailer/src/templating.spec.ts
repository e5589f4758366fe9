import { describe, expect, it } from '@jest/globals';
import { SETTING_DEFINITIONS } from '@rc/settings';
import { escapeHtml, fill, renderEmail, replaceKey, translate, type MailFrame } from './templating.js';

const setting = (id: string) => SETTING_DEFINITIONS.find((s) => s._id === id)?.packageValue as string;

const frame: MailFrame = {
  siteName: 'Acme <Chat>',
  siteUrl: 'https://chat.example.com',
  header: '<html><title>[Site_Name]</title><body>',
  footer: '<footer><a href="[Site_URL]">[Site_Name]</a></footer></body></html>',
  plainTextOnly: false,
};

describe('e-mail templating (Rocket.Chat syntax)', () => {
  it('translates {Key …} by its first word and leaves unknown keys as their name', () => {
    expect(translate('<h2>{Forgot_password}</h2><p>{Welcome_to Site_Name}</p>')).toBe(
      '<h2>Forgot your password?</h2><p>Welcome to __Site_Name__</p>',
    );
    expect(translate('{No_Such_Key}')).toBe('No_Such_Key');
    expect(translate('{ Reset }')).toBe('Reset');
  });

  it('replaces [Key] and __Key__ case-insensitively, taking values literally', () => {
    expect(replaceKey('[name] and __NAME__ and [Name]', 'name', 'Ann')).toBe('Ann and Ann and Ann');
    expect(replaceKey('pay [amount]', 'amount', '$& $1')).toBe('pay $& $1');
  });

  it('fills the site values, fname and lname, and the data (the data wins)', () => {
    const site = { siteName: 'Acme', siteUrl: 'https://chat.example.com' };
    expect(fill('[Site_Name] [Site_URL] [Site_URL_Slash] [fname]/[lname]', site, { name: 'Ann Marie Lee' })).toBe(
      'Acme https://chat.example.com https://chat.example.com/ Ann/Lee',
    );
    expect(fill('[Site_Name]', site, { Site_Name: 'Other' })).toBe('Other');
    expect(fill('', site)).toBe('');
  });

  it('renders the forgot-password e-mail: subject filled, HTML framed and escaped, text with the link', () => {
    const link = 'https://chat.example.com/reset-password/abc?x=1&y=2';
    const email = renderEmail(frame, setting('Forgot_Password_Email_Subject'), setting('Forgot_Password_Email'), {
      name: '<b>Ann</b>',
      Forgot_Password_Url: link,
    });
    expect(email.subject).toBe('Acme <Chat> - Password Recovery');
    expect(email.html).toContain('<title>Acme &lt;Chat&gt;</title>');
    expect(email.html).toContain('<a class="btn" href="https://chat.example.com/reset-password/abc?x=1&amp;y=2">Reset</a>');
    expect(email.html).toContain("<h2>Forgot your password?</h2><p>Let's get you a new one!</p>");
    expect(email.html).toMatch(/<footer>.*<\/footer><\/body><\/html>$/);
    expect(email.text).toContain(link);
    expect(email.text).toContain('FORGOT YOUR PASSWORD?');
    expect(email.text).not.toContain('<');
  });

  it('renders the verification and welcome e-mails with the user and site', () => {
    const verify = renderEmail(frame, setting('Verification_Email_Subject'), setting('Verification_Email'), {
      name: 'Ann <script>',
      Verification_Url: 'https://chat.example.com/verify-email/tok',
    });
    expect(verify.subject).toBe('Acme <Chat> - Email address verification');
    expect(verify.html).toContain('<h2>Hi Ann &lt;script&gt;</h2>');
    expect(verify.html).toContain('href="https://chat.example.com/verify-email/tok"');
    const welcome = renderEmail(frame, setting('Accounts_Enrollment_Email_Subject'), setting('Accounts_Enrollment_Email'), { name: 'Ann' });
    expect(welcome.subject).toBe('Welcome to Acme <Chat>');
    expect(welcome.html).toContain('Visit https://chat.example.com and try the best open source chat solution available today!');
  });

  it('plain text only: no HTML part; a subject never spans lines', () => {
    const email = renderEmail({ ...frame, plainTextOnly: true }, 'Hi\r\nBcc: someone@else', '<p>[code]</p>', { code: '123-456' });
    expect(email.html).toBeUndefined();
    expect(email.text).toBe('123-456');
    expect(email.subject).toBe('Hi Bcc: someone@else');
  });

  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;');
  });
});

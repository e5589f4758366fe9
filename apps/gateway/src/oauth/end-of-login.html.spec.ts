import { describe, expect, it } from '@jest/globals';
import { renderEndOfLogin, renderLoginError } from './end-of-login.html.js';

const configOf = (html: string) => {
  const text = /<div id="config" style="display:none;">([^<]*)<\/div>/.exec(html)![1];
  return JSON.parse(
    text
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  ) as Record<string, unknown>;
};

describe("Meteor's end-of-login page", () => {
  it('popup: the credential for the opener or localStorage, and the popup script', () => {
    const html = renderEndOfLogin({ loginStyle: 'popup', credentialToken: 'tok', credentialSecret: 'sec' });
    expect(html).toContain('src="/packages/oauth/end_of_popup_response.js"');
    expect(html).not.toMatch(/<script>[^<]/);
    expect(configOf(html)).toEqual({
      setCredentialToken: true,
      credentialToken: 'tok',
      credentialSecret: 'sec',
      storagePrefix: 'Meteor.oauth.credentialSecret-',
      isCordova: false,
    });
  });

  it('redirect: back to the page that started the login; markup in values stays text', () => {
    const redirectUrl = 'https://chat.example.com/home?x=</div><script>alert(1)</script>';
    const html = renderEndOfLogin({ loginStyle: 'redirect', credentialToken: 'tok', credentialSecret: 'sec', redirectUrl });
    expect(html).toContain('src="/packages/oauth/end_of_redirect_response.js"');
    expect(html).not.toContain('<script>alert');
    expect(configOf(html).redirectUrl).toBe(redirectUrl);
    expect(renderLoginError('<b>no</b>')).toContain('&lt;b&gt;no&lt;/b&gt;');
  });
});

import type { OAuthCompletion } from '@rc/contracts';
import { escapeHtml } from '../front-page/front-page.html.js';

/** Where Meteor's client looks for the secret of a credential token (`OAuth._storageTokenPrefix`). */
export const STORAGE_PREFIX = 'Meteor.oauth.credentialSecret-';

/** Only our own scripts, no inline code, nothing from elsewhere. */
export const END_OF_LOGIN_CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'";

/**
 * Meteor's end-of-login page (`OAuth._endOfLoginResponse`): a hidden `#config` with the credential, read by
 * `/packages/oauth/end_of_<popup|redirect>_response.js`. Popup: the secret goes to the opener (or to
 * localStorage, where Meteor's client looks after the popup closed) and the window closes. Redirect: the
 * secret goes to sessionStorage and the browser back to the page that started the login, where Meteor's
 * client finishes with `login({oauth: {credentialToken, credentialSecret}})`.
 */
export function renderEndOfLogin(completion: OAuthCompletion): string {
  const redirect = completion.loginStyle === 'redirect';
  const config = {
    setCredentialToken: true,
    credentialToken: completion.credentialToken,
    credentialSecret: completion.credentialSecret,
    storagePrefix: STORAGE_PREFIX,
    isCordova: completion.isCordova === true,
    ...(redirect && { redirectUrl: completion.redirectUrl ?? '/' }),
  };
  const script = redirect ? 'end_of_redirect_response.js' : 'end_of_popup_response.js';
  return `<!DOCTYPE html>
<html>
<body>
  <p id="completedText" style="display:none;">Login completed. <a href="#" id="loginCompleted">Click here</a> to close this window.</p>
  <div id="config" style="display:none;">${escapeHtml(JSON.stringify(config))}</div>
  <script type="text/javascript" src="/packages/oauth/${script}"></script>
</body>
</html>
`;
}

/** A refused login (forged or replayed state, a provider's error, an id token that does not verify). */
export function renderLoginError(reason: string): string {
  return `<!DOCTYPE html>
<html>
<head><title>Login failed</title></head>
<body>
  <h1>Login failed</h1>
  <p>${escapeHtml(reason)}</p>
</body>
</html>
`;
}

export const END_OF_POPUP_SCRIPT = `(function () {
  var config = JSON.parse(document.getElementById('config').textContent);
  if (config.setCredentialToken) {
    var token = config.credentialToken;
    var secret = config.credentialSecret;
    if (config.isCordova) window.location.hash = JSON.stringify({ credentialToken: token, credentialSecret: secret });
    var opener = window.opener;
    if (opener && opener.Package && opener.Package.oauth) {
      opener.Package.oauth.OAuth._handleCredentialSecret(token, secret);
    } else {
      try { localStorage[config.storagePrefix + token] = secret; } catch (err) {}
    }
  }
  if (!config.isCordova) {
    document.getElementById('completedText').style.display = 'block';
    document.getElementById('loginCompleted').onclick = function () { window.close(); };
    window.close();
  }
})();
`;

export const END_OF_REDIRECT_SCRIPT = `(function () {
  var config = JSON.parse(document.getElementById('config').textContent);
  if (config.setCredentialToken) {
    try { sessionStorage[config.storagePrefix + config.credentialToken] = config.credentialSecret; } catch (err) {}
  }
  window.location = config.redirectUrl;
})();
`;

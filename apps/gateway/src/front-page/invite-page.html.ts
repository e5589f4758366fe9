import { escapeHtml } from './front-page.html.js';

/** What `/invite/<token>` shows: the site, whether the invitation can be used, and how to use it. */
export interface InvitePageView {
  siteName: string;
  /** The address the page was opened with (the server URL the apps are given). */
  serverUrl: string;
  token: string;
  valid: boolean;
}

/**
 * The invitation page: plain HTML with inline CSS, no script, nothing loaded from elsewhere, every value escaped.
 * Rocket.Chat's server answers its web client there, which validates the token, has the visitor log in and then
 * calls `useInviteToken`; this server serves no web client, so the page says what to do in Rocket.Chat's apps: the
 * mobile app's deep link (`rocketchat://invite?host=…&path=invite/<token>`, what Rocket.Chat's go.rocket.chat
 * link opens), or the server URL to add and the token any client hands to `useInviteToken`.
 */
export function renderInvitePage(view: InvitePageView): string {
  const name = escapeHtml(view.siteName);
  const url = escapeHtml(view.serverUrl);
  const host = view.serverUrl.replace(/^https?:\/\//, '');
  const deepLink = escapeHtml(`rocketchat://invite?host=${encodeURIComponent(host)}&path=${encodeURIComponent(`invite/${view.token}`)}`);
  const body = view.valid
    ? `<section aria-labelledby="join">
  <h2 id="join">You are invited to join a room on ${name}</h2>
  <p><a id="open-app" href="${deepLink}">Open the invitation in Rocket.Chat's mobile app</a></p>
  <p>Or, in Rocket.Chat's mobile or desktop app, add a workspace with this server URL and log in:</p>
  <p><code id="server-url">${url}</code></p>
  <p>then accept the invitation with its token: <code id="invite-token">${escapeHtml(view.token)}</code>
  (<code>POST ${url}/api/v1/useInviteToken</code> for bots and scripts).</p>
</section>`
    : `<section aria-labelledby="invalid">
  <h2 id="invalid">This invitation is not valid</h2>
  <p>The link has expired, has been used as many times as it allows, or was removed. Ask for a new one.</p>
  <p><a href="/">${name}</a></p>
</section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${view.valid ? 'Invitation' : 'Invalid invitation'} — ${name}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1f2329; }
  main { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  header { background: #f5455c; color: #fff; padding: 1.5rem 2rem; border-radius: .5rem .5rem 0 0; }
  header h1 { margin: 0; font-size: 1.8rem; }
  section { background: #fff; padding: 1rem 2rem 1.5rem; border-radius: 0 0 .5rem .5rem; }
  h2 { font-size: 1.1rem; margin: .5rem 0; }
  code { background: #eef0f2; padding: .1rem .4rem; border-radius: .25rem; font-size: 1rem; word-break: break-all; }
  a { color: #1d74f5; }
</style>
</head>
<body>
<main>
<header><h1>${name}</h1></header>
${body}
</main>
</body>
</html>
`;
}

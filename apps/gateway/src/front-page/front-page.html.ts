/** What the front page shows: only what `/api/info` and `settings.public` already tell anyone, plus readiness. */
export interface FrontPageView {
  siteName: string;
  /** major.minor, as `/api/info` answers anonymously. */
  version: string;
  /** The URL Rocket.Chat's mobile and desktop apps are given ("Add workspace"). */
  serverUrl: string;
  services: Array<{ name: string; ready: number; instances: number }>;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values are escaped: the site name and the Host header are not ours to trust. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function serviceRow({ name, ready, instances }: FrontPageView['services'][number]): string {
  const state = instances === 0 ? 'down' : ready === instances ? 'ready' : ready === 0 ? 'down' : 'degraded';
  const label = instances === 0 ? 'no instance answered' : `${ready} of ${instances} instance${instances === 1 ? '' : 's'} ready`;
  return `<tr class="${state}"><td>${escapeHtml(name)}</td><td><span class="dot"></span>${escapeHtml(label)}</td></tr>`;
}

/** The server's front page: plain HTML with inline CSS, no script, nothing loaded from elsewhere. */
export function renderFrontPage(view: FrontPageView): string {
  const name = escapeHtml(view.siteName);
  const url = escapeHtml(view.serverUrl);
  const allReady = view.services.every((s) => s.instances > 0 && s.ready === s.instances);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1f2329; }
  main { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  header { background: #f5455c; color: #fff; padding: 1.5rem 2rem; border-radius: .5rem .5rem 0 0; }
  header h1 { margin: 0; font-size: 1.8rem; }
  header p { margin: .25rem 0 0; opacity: .9; }
  section { background: #fff; padding: 1rem 2rem 1.5rem; border-bottom: 1px solid #e4e7ea; }
  section:last-of-type { border-radius: 0 0 .5rem .5rem; border-bottom: 0; }
  h2 { font-size: 1.1rem; margin: .5rem 0; }
  code { background: #eef0f2; padding: .1rem .4rem; border-radius: .25rem; font-size: 1rem; }
  table { border-collapse: collapse; width: 100%; }
  td { padding: .35rem 0; border-bottom: 1px solid #f0f1f3; }
  td:first-child { font-family: ui-monospace, monospace; width: 40%; }
  .dot { display: inline-block; width: .7rem; height: .7rem; border-radius: 50%; margin-right: .5rem; background: #2de0a5; }
  .degraded .dot { background: #ffd031; }
  .down .dot { background: #f5455c; }
  ul { padding-left: 1.2rem; margin: .25rem 0; }
  a { color: #1d74f5; }
</style>
</head>
<body>
<main>
<header>
  <h1>${name}</h1>
  <p>Rocket.Chat-compatible server, version ${escapeHtml(view.version)}</p>
</header>
<section aria-labelledby="connect">
  <h2 id="connect">Connect</h2>
  <p>In Rocket.Chat's mobile or desktop app, add a workspace with this server URL:</p>
  <p><code id="server-url">${url}</code></p>
  <p>Bots and integrations use the REST API under <code>${url}/api/v1</code> and DDP at <code>${url.replace(/^http/, 'ws')}/websocket</code>.</p>
</section>
<section aria-labelledby="health">
  <h2 id="health">Services ${allReady ? '— all ready' : '— not all ready'}</h2>
  <table id="services">${view.services.map(serviceRow).join('')}</table>
</section>
<section aria-labelledby="links">
  <h2 id="links">Links</h2>
  <ul>
    <li><a href="/api/info">/api/info</a> — version, as clients read it</li>
    <li><a href="/metrics">/metrics</a> — this gateway's Prometheus metrics</li>
    <li><a href="/README.md">README</a> — running, configuring and deploying the server</li>
    <!-- Livechat widget demo page: linked here once the Livechat widget is served (not built yet). -->
  </ul>
</section>
</main>
</body>
</html>
`;
}

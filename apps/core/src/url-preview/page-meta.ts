import { Parser } from 'htmlparser2';

/** `og:title` → `ogTitle`, `twitter:image:src` → `twitterImageSrc`, `description` stays (Rocket.Chat's meta keys). */
export function metaKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[:_.-]+([a-z0-9])/g, (_all, next: string) => next.toUpperCase());
}

/**
 * The meta tags of an HTML page as Rocket.Chat's OEmbed parser keys them: each `<meta property|name|itemprop
 * content>` once (the first wins), and the `<title>` as `pageTitle`. Entities decoded; nothing else kept.
 */
export function pageMeta(html: string): Record<string, string> {
  const meta: Record<string, string> = {};
  let inTitle = false;
  let titleSeen = false;
  let title = '';
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'title' && !titleSeen) inTitle = true;
        if (name !== 'meta') return;
        const key = attributes.property ?? attributes.name ?? attributes.itemprop;
        if (!key || attributes.content === undefined) return;
        const camel = metaKey(key);
        if (camel && !(camel in meta)) meta[camel] = attributes.content;
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) [inTitle, titleSeen] = [false, true];
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  if (title.trim()) meta.pageTitle = title.trim();
  return meta;
}

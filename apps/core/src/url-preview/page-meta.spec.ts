import { describe, expect, it } from '@jest/globals';
import { metaKey, pageMeta } from './page-meta.js';

describe('pageMeta (chat.getURLPreview)', () => {
  it('keys Open Graph, Twitter and plain meta tags as Rocket.Chat does, with the page title', () => {
    const html = `<!doctype html><html><head><title> A &amp; B </title>
      <meta property="og:title" content="The title"><meta property="og:title" content="second">
      <meta name="twitter:image:src" content="https://x.test/i.png"><meta name="description" content="Hello &lt;world&gt;">
      <meta charset="utf-8"></head><body><title>not this</title></body></html>`;
    expect(pageMeta(html)).toEqual({
      ogTitle: 'The title',
      twitterImageSrc: 'https://x.test/i.png',
      description: 'Hello <world>',
      pageTitle: 'A & B',
    });
  });

  it.each([
    ['og:image:width', 'ogImageWidth'],
    ['article:published_time', 'articlePublishedTime'],
    ['Description', 'description'],
  ])('%s → %s', (name, key) => {
    expect(metaKey(name)).toBe(key);
  });
});

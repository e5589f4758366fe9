/** What a shield shows: an optional label on the left (`name`), a text on a colour on the right. */
export interface Shield {
  readonly name?: string;
  readonly text: string;
  readonly color: string;
  readonly hideIcon: boolean;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const escape = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/**
 * Rocket.Chat's `shield.svg` drawing (a badge in the style of shields.io): widths from the text lengths (6 px a
 * character), the server's icon unless hidden, every text escaped.
 */
export function shieldSvg({ name, text, color, hideIcon }: Shield): string {
  const iconSize = hideIcon ? 7 : 24;
  const leftSize = name ? name.length * 6 + 7 + iconSize : iconSize;
  const rightSize = text.length * 6 + 20;
  const width = leftSize + rightSize;
  const height = 20;
  const label = name ? escape(name) : '';
  const value = escape(text);
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}">
  <linearGradient id="b" x2="0" y2="100%">
    <stop offset="0" stop-color="#bbb" stop-opacity=".1"/>
    <stop offset="1" stop-opacity=".1"/>
  </linearGradient>
  <mask id="a">
    <rect width="${width}" height="${height}" rx="3" fill="#fff"/>
  </mask>
  <g mask="url(#a)">
    <path fill="#555" d="M0 0h${leftSize}v${height}H0z"/>
    <path fill="${color}" d="M${leftSize} 0h${rightSize}v${height}H${leftSize}z"/>
    <path fill="url(#b)" d="M0 0h${width}v${height}H0z"/>
  </g>
  ${hideIcon ? '' : '<image x="5" y="3" width="14" height="14" xlink:href="/assets/favicon.svg"/>'}
  <g fill="#fff" font-family="DejaVu Sans,Verdana,Geneva,sans-serif" font-size="11">
    ${name ? `<text x="${iconSize}" y="15" fill="#010101" fill-opacity=".3">${label}</text>\n    <text x="${iconSize}" y="14">${label}</text>` : ''}
    <text x="${leftSize + 7}" y="15" fill="#010101" fill-opacity=".3">${value}</text>
    <text x="${leftSize + 7}" y="14">${value}</text>
  </g>
</svg>
`;
}

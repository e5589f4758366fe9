import { createHash } from 'node:crypto';

/** Rocket.Chat's palette for generated avatars; a name always gets the same colour. */
const PALETTE = [
  '#F44336',
  '#E91E63',
  '#9C27B0',
  '#673AB7',
  '#3F51B5',
  '#2196F3',
  '#03A9F4',
  '#00BCD4',
  '#009688',
  '#4CAF50',
  '#8BC34A',
  '#CDDC39',
  '#FFC107',
  '#FF9800',
  '#FF5722',
  '#795548',
  '#9E9E9E',
  '#607D8B',
];

export const DEFAULT_AVATAR_SIZE = 200;

/** `?size=`: a whole number of pixels within 16–1024, else the default. */
export function avatarSize(value: unknown): number {
  const size = typeof value === 'string' ? Number.parseInt(value, 10) : NaN;
  return Number.isFinite(size) ? Math.min(1024, Math.max(16, size)) : DEFAULT_AVATAR_SIZE;
}

/** The colour of a name: as Rocket.Chat, picked by the name's length. */
export const avatarColor = (name: string): string => PALETTE[name.length % PALETTE.length];

/** The first letter or digit of a name, upper-cased (`@`, `.`, emoji and the like are skipped); `?` for none. */
export function initialOf(name: string): string {
  const match = /[\p{L}\p{N}]/u.exec(name);
  return match ? match[0].toLocaleUpperCase() : '?';
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The generated avatar: the initial in white on the name's colour, as an SVG of `size` pixels, and its ETag. */
export function initialsAvatar(name: string, size: number): { svg: string; etag: string } {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">` +
    `<rect width="100%" height="100%" fill="${avatarColor(name)}"/>` +
    `<text x="50%" y="50%" dy="0.35em" text-anchor="middle" fill="#ffffff" font-family="Helvetica, Arial, sans-serif" ` +
    `font-size="${Math.round(size * 0.6)}">${escapeXml(initialOf(name))}</text></svg>`;
  return { svg, etag: `"${createHash('sha1').update(svg).digest('hex').slice(0, 20)}"` };
}

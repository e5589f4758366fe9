import exifBeGone from 'exif-be-gone';
import type { Transform } from 'node:stream';

/**
 * `exif-be-gone`'s streaming transform, which removes EXIF and XMP segments from JPEG, PNG and WebP without
 * decoding the image (Rocket.Chat's `Media.stripExifFromBuffer` uses it too). The package is CommonJS: its
 * class is the module itself at run time, its types say `default`.
 */
const Transformer = ((exifBeGone as unknown as { default?: unknown }).default ?? exifBeGone) as new () => Transform;

export const ExifTransformer = Transformer;

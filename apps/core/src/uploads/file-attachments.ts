import type { FileProp, IUpload, MessageAttachment } from '@rc/contracts';

/** Where clients fetch a stored body: `/file-upload/<id>/<name>` (Rocket.Chat's `FileUpload.getPath`). */
export const fileUrl = (upload: Pick<IUpload, '_id' | 'name'>): string => `/file-upload/${upload._id}/${encodeURI(upload.name)}`;

/** The part of a file name after its last dot (Rocket.Chat's `getFileExtension`), lower-cased. */
export function fileExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const fileProp = (upload: IUpload): FileProp => ({
  _id: upload._id,
  name: upload.name,
  type: upload.type,
  size: upload.size,
  format: upload.identify?.format ?? '',
  ...(upload.typeGroup && { typeGroup: upload.typeGroup }),
});

/**
 * A message's `files` and `attachments` for an upload, as Rocket.Chat's `parseFileIntoMessageAttachments`: an
 * image shows its thumbnail (when one was made) with the thumbnail's dimensions and a preview, audio and video their own
 * players, anything else a download link with its extension as `format`.
 */
export function fileMessageParts(
  upload: IUpload,
  thumbnail?: IUpload,
  /** `image_preview`: a tiny blurred JPEG, base64 (ImagePreviews). */
  preview?: string,
): { files: FileProp[]; attachments: MessageAttachment[] } {
  const url = fileUrl(upload);
  const common = { title: upload.name, type: 'file', description: upload.description, title_link: url, title_link_download: true };
  const files = [fileProp(upload)];
  const [group] = upload.type.split('/');
  if (group === 'image') {
    const image: MessageAttachment = {
      ...common,
      image_url: url,
      image_type: upload.type,
      image_size: upload.size,
      ...(upload.identify?.size && { image_dimensions: upload.identify.size }),
      ...(preview && { image_preview: preview }),
      fileId: upload._id,
    };
    if (thumbnail) {
      files.push(fileProp(thumbnail));
      Object.assign(image, {
        image_url: fileUrl({ _id: thumbnail._id, name: upload.name }),
        image_type: thumbnail.type,
        ...(thumbnail.identify?.size && { image_dimensions: thumbnail.identify.size }),
      });
    }
    return { files, attachments: [image] };
  }
  if (group === 'audio' || group === 'video') {
    return {
      files,
      attachments: [
        { ...common, [`${group}_url`]: url, [`${group}_type`]: upload.type, [`${group}_size`]: upload.size, fileId: upload._id },
      ],
    };
  }
  return { files, attachments: [{ ...common, format: fileExtension(upload.name), size: upload.size, fileId: upload._id }] };
}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { customSoundsStartUpload, customSoundsUploaded, DomainError, ErrorCode } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { fileTypeFromBuffer } from 'file-type';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { UserMethodContext } from '../ddp/methods/method-context.js';
import { args, defineMethod, MethodRegistry } from '../ddp/methods/method-registry.js';
import { FileStorageService } from '../uploads/file-storage.service.js';

/** What Rocket.Chat's admin sends as `soundData`: the sound `insertOrUpdateSound` recorded (its `_id` is what counts). */
const SoundData = z.looseObject({ _id: z.string().min(1).max(64) });

const notSound = () => new DomainError(ErrorCode.InvalidFileType, 'File type is not accepted.');

/**
 * Rocket.Chat's DDP `uploadCustomSound(binaryContent, contentType, soundData)` (`manage-sounds`), served here so
 * that the body goes from the DDP frame straight into the file storage, as uploads and custom emoji do, and never
 * crosses NATS: core answers a ticket (permission, the sound exists, where its body goes, the size limit), the
 * body is sniffed as audio (the claimed type is ignored) and written under the sound's `_id`, then core records
 * its size and announces `updateCustomSound`. The largest sound is what one DDP frame carries (EJSON base64 within
 * `DDP_MAX_FRAME_BYTES`) and `FileUpload_MaxFileSize` allows.
 */
@Injectable()
export class CustomSoundUploadMethods implements OnModuleInit {
  constructor(
    private readonly registry: MethodRegistry,
    private readonly rpc: RpcClient,
    private readonly storage: FileStorageService,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      defineMethod({
        name: 'uploadCustomSound',
        params: args(z.instanceof(Uint8Array), z.string().max(100), SoundData),
        run: async (ctx, [body, , soundData]) => {
          await this.upload(ctx, body, soundData._id);
          return undefined;
        },
      }),
    );
  }

  private async upload(ctx: UserMethodContext, body: Uint8Array, soundId: string): Promise<void> {
    const actor = { userId: ctx.userId, username: ctx.username };
    const ticket = await this.rpc.request(customSoundsStartUpload, { actor, soundId });
    if (body.length === 0) throw notSound();
    if (body.length > ticket.maxBytes) throw new DomainError(ErrorCode.FileTooLarge, 'File size exceeds the allowed limit.');
    const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const sniffed = await fileTypeFromBuffer(bytes);
    if (!sniffed?.mime.startsWith('audio/')) throw notSound();
    const driver = await this.storage.driverFor(ticket.storage);
    // A new body replaces the sound's old one under the same key (as Rocket.Chat's: the old file goes first).
    await driver.delete(ticket.key);
    const size = await driver.write(ticket.key, Readable.from([bytes]), { contentType: sniffed.mime });
    await this.rpc.request(customSoundsUploaded, { actor, soundId, size, type: sniffed.mime });
  }
}

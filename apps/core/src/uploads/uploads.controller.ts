import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  uploadsConfirm,
  uploadsDeleteFileMessage,
  uploadsDiscard,
  uploadsForDownload,
  uploadsImages,
  uploadsList,
  uploadsRegister,
  uploadsStart,
  uploadsStartForVisitor,
  uploadsRegisterForVisitor,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { UploadsService } from './uploads.service.js';

type Req<C> = RpcParsedRequest<C>;

/** Rocket.Chat's Upload service over NATS (metadata only: bodies go from the gateway to the file storage). */
@Controller()
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @RpcHandler(uploadsStart)
  start(@Payload() { actor, rid }: Req<typeof uploadsStart>) {
    return this.uploads.start(actor, rid);
  }

  @RpcHandler(uploadsRegister)
  register(@Payload() { actor, rid, uploads, temporary }: Req<typeof uploadsRegister>) {
    return this.uploads.register(actor, rid, uploads, temporary);
  }

  @RpcHandler(uploadsStartForVisitor)
  startForVisitor(@Payload() { rid, visitorToken }: Req<typeof uploadsStartForVisitor>) {
    return this.uploads.startForVisitor(rid, visitorToken);
  }

  @RpcHandler(uploadsRegisterForVisitor)
  registerForVisitor(@Payload() { rid, visitorToken, uploads, description }: Req<typeof uploadsRegisterForVisitor>) {
    return this.uploads.registerForVisitor(rid, visitorToken, uploads, description);
  }

  @RpcHandler(uploadsConfirm)
  confirm(@Payload() request: Req<typeof uploadsConfirm>) {
    return this.uploads.confirm(request);
  }

  @RpcHandler(uploadsDiscard)
  discard(@Payload() { actor, fileIds }: Req<typeof uploadsDiscard>) {
    return this.uploads.discard(actor, fileIds);
  }

  @RpcHandler(uploadsDeleteFileMessage)
  deleteFileMessage(@Payload() { actor, fileId }: Req<typeof uploadsDeleteFileMessage>) {
    return this.uploads.deleteFileMessage(actor, fileId);
  }

  @RpcHandler(uploadsList)
  list(@Payload() { actor, roomId, roomName, t, name, typeGroup, type, offset, count, sort, fields }: Req<typeof uploadsList>) {
    return this.uploads.list(actor, { roomId, roomName, t }, { name, typeGroup, type }, { offset, count, sort, fields });
  }

  @RpcHandler(uploadsImages)
  images(@Payload() { actor, roomId, startingFromId, offset, count }: Req<typeof uploadsImages>) {
    return this.uploads.images(actor, roomId, startingFromId, { offset, count });
  }

  @RpcHandler(uploadsForDownload)
  forDownload(@Payload() { userId, fileId }: Req<typeof uploadsForDownload>) {
    return this.uploads.forDownload(userId, fileId);
  }
}

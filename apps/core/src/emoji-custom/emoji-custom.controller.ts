import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  customSoundsDelete,
  customSoundsForServe,
  customSoundsGetOne,
  customSoundsList,
  customSoundsPage,
  customSoundsSave,
  customSoundsStartUpload,
  customSoundsUploaded,
  emojiCustomDelete,
  emojiCustomForServe,
  emojiCustomList,
  emojiCustomPage,
  emojiCustomSave,
  emojiCustomStart,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { CustomSoundsService } from './custom-sounds.service.js';
import { EmojiCustomService } from './emoji-custom.service.js';

type Req<C> = RpcParsedRequest<C>;

@Controller()
export class EmojiCustomController {
  constructor(
    private readonly emojis: EmojiCustomService,
    private readonly sounds: CustomSoundsService,
  ) {}

  @RpcHandler(emojiCustomList)
  list(@Payload() { actor: _actor, ...request }: Req<typeof emojiCustomList>) {
    return this.emojis.list(request);
  }

  @RpcHandler(emojiCustomPage)
  page(@Payload() { actor: _actor, ...request }: Req<typeof emojiCustomPage>) {
    return this.emojis.page(request);
  }

  @RpcHandler(emojiCustomStart)
  start(@Payload() { actor }: Req<typeof emojiCustomStart>) {
    return this.emojis.start(actor);
  }

  @RpcHandler(emojiCustomSave)
  save(@Payload() { actor, ...request }: Req<typeof emojiCustomSave>) {
    return this.emojis.save(actor, request);
  }

  @RpcHandler(emojiCustomDelete)
  delete(@Payload() { actor, emojiId }: Req<typeof emojiCustomDelete>) {
    return this.emojis.delete(actor, emojiId);
  }

  @RpcHandler(emojiCustomForServe)
  forServe(@Payload() { name }: Req<typeof emojiCustomForServe>) {
    return this.emojis.forServe(name);
  }

  @RpcHandler(customSoundsList)
  listSounds() {
    return this.sounds.list();
  }

  @RpcHandler(customSoundsPage)
  pageSounds(@Payload() { actor: _actor, ...request }: Req<typeof customSoundsPage>) {
    return this.sounds.page(request);
  }

  @RpcHandler(customSoundsSave)
  saveSound(@Payload() { actor, ...request }: Req<typeof customSoundsSave>) {
    return this.sounds.save(actor, request);
  }

  @RpcHandler(customSoundsStartUpload)
  startSoundUpload(@Payload() { actor, soundId }: Req<typeof customSoundsStartUpload>) {
    return this.sounds.startUpload(actor, soundId);
  }

  @RpcHandler(customSoundsUploaded)
  soundUploaded(@Payload() { actor, ...request }: Req<typeof customSoundsUploaded>) {
    return this.sounds.uploaded(actor, request);
  }

  @RpcHandler(customSoundsDelete)
  deleteSound(@Payload() { actor, soundId }: Req<typeof customSoundsDelete>) {
    return this.sounds.delete(actor, soundId);
  }

  @RpcHandler(customSoundsGetOne)
  getSound(@Payload() { _id }: Req<typeof customSoundsGetOne>) {
    return this.sounds.getOne(_id);
  }

  @RpcHandler(customSoundsForServe)
  soundForServe(@Payload() { _id }: Req<typeof customSoundsForServe>) {
    return this.sounds.forServe(_id);
  }
}

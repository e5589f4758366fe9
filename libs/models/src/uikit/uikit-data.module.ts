import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UIKIT_TRIGGER_MODEL, UiKitTriggerSchema } from './uikit-trigger.schema.js';
import { UiKitTriggersRepository } from './uikit-triggers.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: UIKIT_TRIGGER_MODEL, schema: UiKitTriggerSchema }])],
  providers: [UiKitTriggersRepository],
  exports: [UiKitTriggersRepository],
})
export class UiKitDataModule {}

import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { BANNER_DISMISS_MODEL, BANNER_MODEL, BannerDismissSchema, BannerSchema } from './banner.schema.js';
import { BannerDismissalsRepository, BannersRepository } from './banners.repository.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: BANNER_MODEL, schema: BannerSchema },
      { name: BANNER_DISMISS_MODEL, schema: BannerDismissSchema },
    ]),
  ],
  providers: [BannersRepository, BannerDismissalsRepository],
  exports: [BannersRepository, BannerDismissalsRepository],
})
export class BannersDataModule {}

import { Module } from '@nestjs/common';
import { FrontPageController } from './front-page.controller.js';
import { FrontPageService } from './front-page.service.js';

@Module({ controllers: [FrontPageController], providers: [FrontPageService] })
export class FrontPageModule {}

import { Module } from '@nestjs/common';
import { FrontPageController } from './front-page.controller.js';
import { FrontPageService } from './front-page.service.js';
import { InvitePageController } from './invite-page.controller.js';

@Module({ controllers: [FrontPageController, InvitePageController], providers: [FrontPageService] })
export class FrontPageModule {}

import { Module } from '@nestjs/common';
import { OAuthController } from './oauth.controller.js';

/** Meteor's `/_oauth/<service>` routes (the login service publication is the DDP module's). */
@Module({ controllers: [OAuthController] })
export class OAuthModule {}

import { Module } from '@nestjs/common';
import { CommonModule } from '../common/common.module.js';
import { VideoConferenceController } from './video-conference.controller.js';

@Module({ imports: [CommonModule], controllers: [VideoConferenceController] })
export class VideoConferenceModule {}

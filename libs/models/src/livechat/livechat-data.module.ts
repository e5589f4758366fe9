import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MESSAGE_MODEL, MessageSchema } from '../messages/message.schema.js';
import { ROOM_MODEL, RoomSchema } from '../rooms/room.schema.js';
import { SUBSCRIPTION_MODEL, SubscriptionSchema } from '../subscriptions/subscription.schema.js';
import { USER_MODEL, UserSchema } from '../users/user.schema.js';
import {
  LIVECHAT_BUSINESS_HOUR_MODEL,
  LIVECHAT_CUSTOM_FIELD_MODEL,
  LIVECHAT_DEPARTMENT_AGENT_MODEL,
  LIVECHAT_DEPARTMENT_MODEL,
  LIVECHAT_INQUIRY_MODEL,
  LIVECHAT_TRIGGER_MODEL,
  LIVECHAT_VISITOR_MODEL,
  LivechatBusinessHourSchema,
  LivechatCustomFieldSchema,
  LivechatDepartmentAgentSchema,
  LivechatDepartmentSchema,
  LivechatInquirySchema,
  LivechatTriggerSchema,
  LivechatVisitorSchema,
} from './livechat.schemas.js';
import {
  LivechatAgentsRepository,
  LivechatConfigRepository,
  LivechatDepartmentsRepository,
  LivechatInquiriesRepository,
  LivechatMessagesRepository,
  LivechatRoomsRepository,
  LivechatSubscriptionsRepository,
  LivechatVisitorsRepository,
} from './livechat.repositories.js';

const repositories = [
  LivechatAgentsRepository,
  LivechatConfigRepository,
  LivechatDepartmentsRepository,
  LivechatInquiriesRepository,
  LivechatMessagesRepository,
  LivechatRoomsRepository,
  LivechatSubscriptionsRepository,
  LivechatVisitorsRepository,
];

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: LIVECHAT_VISITOR_MODEL, schema: LivechatVisitorSchema },
      { name: LIVECHAT_INQUIRY_MODEL, schema: LivechatInquirySchema },
      { name: LIVECHAT_DEPARTMENT_MODEL, schema: LivechatDepartmentSchema },
      { name: LIVECHAT_DEPARTMENT_AGENT_MODEL, schema: LivechatDepartmentAgentSchema },
      { name: LIVECHAT_CUSTOM_FIELD_MODEL, schema: LivechatCustomFieldSchema },
      { name: LIVECHAT_TRIGGER_MODEL, schema: LivechatTriggerSchema },
      { name: LIVECHAT_BUSINESS_HOUR_MODEL, schema: LivechatBusinessHourSchema },
      { name: ROOM_MODEL, schema: RoomSchema },
      { name: MESSAGE_MODEL, schema: MessageSchema },
      { name: SUBSCRIPTION_MODEL, schema: SubscriptionSchema },
      { name: USER_MODEL, schema: UserSchema },
    ]),
  ],
  providers: repositories,
  exports: repositories,
})
export class LivechatDataModule {}

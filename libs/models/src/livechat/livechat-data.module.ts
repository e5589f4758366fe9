import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LivechatBusinessHoursRepository } from './business-hours.repository.js';
import { LivechatContactsRepository } from './contacts.repository.js';
import { LivechatCustomFieldsRepository } from './custom-fields.repository.js';
import { LivechatDepartmentAgentsRepository } from './department-agents.repository.js';
import { LivechatDepartmentsRepository } from './departments.repository.js';
import { LivechatInquiriesRepository } from './inquiries.repository.js';
import {
  LIVECHAT_BUSINESS_HOUR_MODEL,
  LIVECHAT_CONTACT_MODEL,
  LIVECHAT_CUSTOM_FIELD_MODEL,
  LIVECHAT_DEPARTMENT_AGENT_MODEL,
  LIVECHAT_DEPARTMENT_MODEL,
  LIVECHAT_INQUIRY_MODEL,
  LIVECHAT_TRIGGER_MODEL,
  LIVECHAT_VISITOR_MODEL,
  LivechatBusinessHourSchema,
  LivechatContactSchema,
  LivechatCustomFieldSchema,
  LivechatDepartmentAgentSchema,
  LivechatDepartmentSchema,
  LivechatInquirySchema,
  LivechatTriggerSchema,
  LivechatVisitorSchema,
} from './livechat.schemas.js';
import { LivechatTriggersRepository } from './triggers.repository.js';
import { LivechatVisitorsRepository } from './visitors.repository.js';

const repositories = [
  LivechatBusinessHoursRepository,
  LivechatContactsRepository,
  LivechatCustomFieldsRepository,
  LivechatDepartmentAgentsRepository,
  LivechatDepartmentsRepository,
  LivechatInquiriesRepository,
  LivechatTriggersRepository,
  LivechatVisitorsRepository,
];

/**
 * The livechat collections, one repository each. Livechat rooms, messages, agents' subscriptions and agents
 * live in `rocketchat_room`, `rocketchat_message`, `rocketchat_subscription` and `users`: their queries are
 * named methods of those collections' repositories (RoomsDataModule, MessagesDataModule, …).
 */
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
      { name: LIVECHAT_CONTACT_MODEL, schema: LivechatContactSchema },
    ]),
  ],
  providers: repositories,
  exports: repositories,
})
export class LivechatDataModule {}

import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PBX_EVENT_MODEL, PbxEventSchema } from './pbx-event.schema.js';
import { PbxEventsRepository } from './pbx-events.repository.js';
import { SIP_CREDENTIAL_MODEL, SipCredentialSchema } from './sip-credential.schema.js';
import { SipCredentialsRepository } from './sip-credentials.repository.js';
import { VoipCoordinationRepository } from './voip-coordination.repository.js';
import { VOIP_AGENT_LINE_MODEL, VOIP_EVENT_CLAIM_MODEL, VoipAgentLineSchema, VoipEventClaimSchema } from './voip-coordination.schema.js';

/** The VoIP service's own collections; it reads and writes users and rooms through their repositories. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: PBX_EVENT_MODEL, schema: PbxEventSchema },
      { name: SIP_CREDENTIAL_MODEL, schema: SipCredentialSchema },
      { name: VOIP_AGENT_LINE_MODEL, schema: VoipAgentLineSchema },
      { name: VOIP_EVENT_CLAIM_MODEL, schema: VoipEventClaimSchema },
    ]),
  ],
  providers: [PbxEventsRepository, SipCredentialsRepository, VoipCoordinationRepository],
  exports: [PbxEventsRepository, SipCredentialsRepository, VoipCoordinationRepository],
})
export class VoipDataModule {}

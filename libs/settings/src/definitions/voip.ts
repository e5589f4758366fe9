import type { SettingDefinition } from './setting-definition.js';

const group = 'VoIP_Omnichannel';

/**
 * Rocket.Chat's Omnichannel VoIP group (`VoIP_Omnichannel`, ids and defaults as in its call-center settings).
 * The management server is the PBX's management interface: here Kamailio's event API (evapi) on
 * `VoIP_Management_Server_Host:Port`; `VoIP_Server_Websocket_Path` is the SIP-over-WebSocket URL the agents'
 * softphones register through. `VoIP_Queues` is ours (the queues a PBX like Asterisk keeps in its own
 * configuration): a JSON list of `{name, number, members?, timeout?}`; `VoIP_Outbound_Gateway` is ours too.
 */
export const VOIP_SETTINGS: SettingDefinition[] = [
  { _id: 'VoIP_Enabled', type: 'boolean', packageValue: false, public: true, group, section: 'General_Settings' },
  { _id: 'VoIP_JWT_Secret', type: 'password', packageValue: '', public: false, group, section: 'General_Settings' },
  { _id: 'VoIP_Server_Name', type: 'string', packageValue: '', public: true, group, section: 'Voip_Server_Configuration' },
  { _id: 'VoIP_Server_Websocket_Path', type: 'string', packageValue: '', public: true, group, section: 'Voip_Server_Configuration' },
  { _id: 'VoIP_Retry_Count', type: 'int', packageValue: -1, public: true, group, section: 'Voip_Server_Configuration' },
  {
    _id: 'VoIP_Enable_Keep_Alive_For_Unstable_Networks',
    type: 'boolean',
    packageValue: true,
    public: true,
    group,
    section: 'Voip_Server_Configuration',
  },
  { _id: 'VoIP_Management_Server_Host', type: 'string', packageValue: '', public: true, group, section: 'Management_Server' },
  { _id: 'VoIP_Management_Server_Port', type: 'int', packageValue: 0, public: true, group, section: 'Management_Server' },
  { _id: 'VoIP_Management_Server_Name', type: 'string', packageValue: '', public: true, group, section: 'Management_Server' },
  { _id: 'VoIP_Management_Server_Username', type: 'string', packageValue: '', public: true, group, section: 'Management_Server' },
  { _id: 'VoIP_Management_Server_Password', type: 'password', packageValue: '', public: false, group, section: 'Management_Server' },
  { _id: 'VoIP_Queues', type: 'code', packageValue: '[]', public: false, group, section: 'Management_Server' },
  /** Ours: `host:port` of the SIP gateway (trunk) agents' outbound calls to outside numbers go through; empty: none. */
  { _id: 'VoIP_Outbound_Gateway', type: 'string', packageValue: '', public: false, group, section: 'Management_Server' },
];

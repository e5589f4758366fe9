import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';

/**
 * A core instance saying it runs: at its start (`hello`: the others answer at once, so it learns of them too) and
 * every few seconds after. Core gathers the member work of consecutive messages only while it is alone (MemberWork).
 */
export const coreInstanceEvent = defineEvent({ name: 'core.instance', payload: as<{ instanceId: string; hello: boolean }>() });

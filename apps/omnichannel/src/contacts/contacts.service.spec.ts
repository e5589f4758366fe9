import { describe, expect, it } from '@jest/globals';
import type { ILivechatContact, ILivechatContactChannel, ILivechatContactVisitorAssociation, ILivechatVisitor } from '@rc/contracts';
import { visitorContactId } from '@rc/models';
import { ContactsService } from './contacts.service.js';

/** One turn of the event loop, as a database round trip gives: concurrent callers interleave here. */
const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));
const holds = (contact: ILivechatContact, { visitorId, source }: ILivechatContactVisitorAssociation) =>
  (contact.channels ?? []).some((c) => c.visitor.visitorId === visitorId && c.visitor.source.type === source.type);

/**
 * An in-memory `rocketchat_livechat_contact` with MongoDB's guarantees that linking relies on: `_id` unique
 * (`insertWithId` refuses a taken one) and `addChannel` conditional on the channel not being there yet.
 */
function contactsCollection() {
  const docs = new Map<string, ILivechatContact>();
  let next = 0;
  const repository = {
    findByVisitor: async (association: ILivechatContactVisitorAssociation) => {
      await roundTrip();
      return [...docs.values()].find((c) => holds(c, association)) ?? null;
    },
    findPreRegisteredMatching: async (emails: string[], _phones: string[], association: ILivechatContactVisitorAssociation) => {
      await roundTrip();
      return (
        [...docs.values()].find(
          (c) =>
            c.enabled !== false &&
            (c.emails ?? []).some((e) => emails.includes(e.address)) &&
            (!c.channels?.length || holds(c, association)),
        ) ?? null
      );
    },
    addChannel: async (id: string, channel: ILivechatContactChannel) => {
      await roundTrip();
      const contact = docs.get(id)!;
      if (holds(contact, channel.visitor)) return false;
      contact.channels = [...(contact.channels ?? []), channel];
      return true;
    },
    merge: roundTrip,
    findById: async (id: string) => {
      await roundTrip();
      return docs.get(id) ?? null;
    },
    insertWithId: async (contact: ILivechatContact) => {
      await roundTrip();
      if (docs.has(contact._id)) return null;
      docs.set(contact._id, { ...contact });
      return docs.get(contact._id)!;
    },
    insert: async (contact: Omit<ILivechatContact, '_id'>) => {
      await roundTrip();
      const _id = `random-${++next}`;
      docs.set(_id, { ...contact, _id });
      return docs.get(_id)!;
    },
  };
  return { docs, repository };
}

function service(contacts: ReturnType<typeof contactsCollection>['repository']) {
  const none = {} as never;
  const customFields = { findByScope: () => Promise.resolve([]) };
  return new ContactsService(none, none, contacts as never, none, customFields as never, none, none, none, none, none);
}

const visitor = (id: string, email?: string) =>
  ({ _id: id, username: `guest-${id}`, token: `t-${id}`, ...(email && { visitorEmails: [{ address: email }] }) }) as ILivechatVisitor;
const widget = { type: 'widget' };

describe('ContactsService: linking a visitor to a contact when their chat starts', () => {
  it('two first chats at once create one contact, keyed by the visitor and source', async () => {
    const { docs, repository } = contactsCollection();
    const contacts = service(repository);
    const linked = await Promise.all([contacts.contactForChat(visitor('v1'), widget), contacts.contactForChat(visitor('v1'), widget)]);
    expect(linked.map((c) => c._id)).toEqual([
      visitorContactId({ visitorId: 'v1', source: widget }),
      visitorContactId({ visitorId: 'v1', source: widget }),
    ]);
    expect(docs.size).toBe(1);
    expect([...docs.values()][0]).toMatchObject({ unknown: true, channels: [{ visitor: { visitorId: 'v1', source: widget } }] });
  });

  it("two first chats at once link the agent-created contact with the visitor's e-mail once", async () => {
    const { docs, repository } = contactsCollection();
    docs.set('known', { _id: 'known', name: 'Known', emails: [{ address: 'k@x.test' }], channels: [] } as unknown as ILivechatContact);
    const contacts = service(repository);
    const linked = await Promise.all([
      contacts.contactForChat(visitor('v2', 'k@x.test'), widget),
      contacts.contactForChat(visitor('v2', 'k@x.test'), widget),
    ]);
    expect(linked.map((c) => c._id)).toEqual(['known', 'known']);
    expect(docs.size).toBe(1);
    expect(docs.get('known')!.channels).toHaveLength(1);
  });

  it('keyed ids differ by visitor and source; a deleted keyed contact gives way to a new one', async () => {
    expect(visitorContactId({ visitorId: 'v3', source: widget })).toMatch(/^[23456789A-HJ-NP-Za-km-z]{17}$/);
    expect(visitorContactId({ visitorId: 'v3', source: widget })).not.toBe(visitorContactId({ visitorId: 'v3', source: { type: 'sms' } }));
    const { docs, repository } = contactsCollection();
    const keyed = visitorContactId({ visitorId: 'v3', source: widget });
    docs.set(keyed, { _id: keyed, enabled: false } as unknown as ILivechatContact);
    const contact = await service(repository).contactForChat(visitor('v3'), widget);
    expect(contact._id).not.toBe(keyed);
    expect(contact.channels).toEqual([expect.objectContaining({ visitor: { visitorId: 'v3', source: widget } })]);
  });
});

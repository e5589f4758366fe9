/**
 * Every write waits until a majority of the replica set has it in its journal (MongoDB's `w: majority`,
 * `j: true`): an acknowledged message survives the loss of the primary and a crash of any member. Set on the
 * connection so that no repository can forget it; a `w`/`journal` option in MONGO_URL does not weaken it.
 * The local database (tools/mongo-server) gives the same promise on one machine: it fsyncs before it answers.
 */
export const WRITE_CONCERN = { w: 'majority', journal: true } as const;

/**
 * Options every collection schema uses: Rocket.Chat's collection name, string `_id`s (Meteor's random ids),
 * no `__v`, `_updatedAt` kept by mongoose on every write (also by `updateOne`/`findOneAndUpdate`), and
 * fields outside the schema kept (documents written by Rocket.Chat itself carry many more).
 */
export function collectionOptions(collection: string) {
  return {
    collection,
    versionKey: false,
    timestamps: { createdAt: false, updatedAt: '_updatedAt' },
    strict: false,
    minimize: false,
  } as const;
}

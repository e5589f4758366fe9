/**
 * `users.autocomplete`'s `selector.conditions`, as Rocket.Chat's `isValidQuery(conditions, ['*'], ['$or', '$and'])`
 * lets them through: field equalities, combined with `$or` / `$and`; any other operator (`$ne`, `$regex`, …) is
 * refused. Here the fields are also limited to what every user may see of another, so no condition can probe a
 * hidden field (e-mail addresses, services).
 */
export const CONDITION_FIELDS = ['_id', 'username', 'name', 'nickname', 'type', 'active', 'status', 'roles', 'federated', 'bio'];

export type UserConditions = Record<string, unknown>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** Whether the conditions are ones Rocket.Chat would take and this server allows; nested at most 4 deep. */
export function validUserConditions(conditions: unknown, depth = 0): conditions is UserConditions {
  if (!isRecord(conditions) || depth > 4) return false;
  return Object.entries(conditions).every(([key, value]) => {
    if (key === '$or' || key === '$and') {
      return Array.isArray(value) && value.length > 0 && value.length <= 20 && value.every((v) => validUserConditions(v, depth + 1));
    }
    return CONDITION_FIELDS.includes(key) && isScalar(value) && (typeof value !== 'string' || value.length <= 256);
  });
}

/**
 * A compile-time-only type marker: `as<User>()` carries the type `User` in a contract without any runtime
 * schema. Used for responses, which the sending service produces and nobody needs to re-validate.
 */
export type Phantom<T> = { readonly __type?: T };

export function as<T>(): Phantom<T> {
  return {};
}

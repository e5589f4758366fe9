/** One entry of a comma-separated list: `image/png` exactly, or `image/*` for a whole group. */
function listed(type: string, list: string): boolean {
  const [group] = type.split('/');
  return list
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .some((entry) => entry === type || entry === `${group}/*`);
}

/**
 * Rocket.Chat's `fileUploadIsValidContentType`: a type on the black list is refused; with a white list, only
 * the types on it are accepted; with none, everything else is.
 */
export function isAcceptedMediaType(type: string, whiteList: string, blackList: string): boolean {
  const normalized = type.toLowerCase();
  if (listed(normalized, blackList)) return false;
  return whiteList.trim() === '' || listed(normalized, whiteList);
}

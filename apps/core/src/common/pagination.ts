/** Rocket.Chat's `API_Upper_Count_Limit`: no page is larger, whatever `count` asks. */
export const MAX_PAGE_SIZE = 100;

/** `count` as the page size actually served; 0 means "the default page". */
export function cappedCount(count: number, defaultCount = 50): number {
  if (count <= 0) return defaultCount;
  return Math.min(count, MAX_PAGE_SIZE);
}

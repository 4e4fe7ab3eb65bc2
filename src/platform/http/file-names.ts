/**
 * Words someone chose (a course's or a plan's title) as part of a download's file name: lower
 * case, letters and digits joined by hyphens, at most 80 characters; '' when nothing is left.
 */
export const slugOf = (words: string) =>
  words
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 80)
    .replace(/^-|-$/g, '');

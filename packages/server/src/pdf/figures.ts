/**
 * A GPA as a document prints it: rounded half up to three places, with the exact fraction it
 * comes from, so the printed figure is the API's to the last digit (numerator ÷ count is the
 * API's number) and a reader can check the rounding. Integer arithmetic: no binary rounding.
 */
export function printedGpa(numerator: number, count: number): string {
  if (count === 0) return '—';
  const thousandths = Math.floor((numerator * 2000 + count) / (2 * count));
  return `${Math.floor(thousandths / 1000)}.${String(thousandths % 1000).padStart(3, '0')} (${numerator}/${count})`;
}

/** Credits as the district writes them: whole numbers bare, fractions as given (2.5). */
export const printedCredits = (credits: number): string => String(credits);

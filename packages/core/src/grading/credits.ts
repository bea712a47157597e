// Credits are added exactly: 2.5 + 2.5 must be 5, and 0.1 + 0.2 must be 0.3. Every credit figure
// is turned once into an integer count of millionths of a credit ("credit units"), summed as
// integers, and turned back into a number only when a document is written.

/** Credit units per credit: six decimal places, far more than any district uses (5, 2.5, 0.25). */
export const CREDIT_SCALE = 1_000_000;

/**
 * The exact credit units of a credit figure given as a JS number. The number's own decimal
 * writing is what the district meant (0.1 is one tenth, not the double nearest to it), so the
 * nearest unit is taken; figures with more than six decimals are rounded to the nearest unit.
 */
export function toCreditUnits(credits: number): number {
  return Math.round(credits * CREDIT_SCALE);
}

/** The number written in a document for a sum of credit units: an integer when whole. */
export function fromCreditUnits(units: number): number {
  // Dividing two exact integers gives the double nearest to the exact decimal, which JSON
  // writes in its shortest form (5, 2.5, 0.3).
  return units / CREDIT_SCALE;
}

/**
 * The state's codes for why a student left a school and how they came in. California's CALPADS
 * codes are the default: a withdrawal names one of these, so the state report never meets a code
 * it does not know.
 */
export interface StateCode {
  code: string;
  description: string;
}

export const CALPADS_EXIT_CODES: readonly StateCode[] = [
  { code: 'T160', description: 'Transferred to another California public school' },
  { code: 'T180', description: 'Transferred to a private school in California' },
  { code: 'T200', description: 'Moved outside the United States' },
  { code: 'T240', description: 'Moved to another state' },
  { code: 'T270', description: 'Transferred to an adult education program' },
  { code: 'T280', description: 'Transferred to college' },
  { code: 'E130', description: 'Died' },
  { code: 'E140', description: 'No known enrollment (truant)' },
  { code: 'E150', description: 'Mid-year enrollment update' },
  { code: 'E155', description: 'Year-end enrollment exit' },
  { code: 'E230', description: 'Completer exit (graduated or completed)' },
  { code: 'E400', description: 'Expelled' },
  { code: 'E410', description: 'Medical reasons' },
  { code: 'N420', description: 'No show: a continuing student who never attended' },
  { code: 'N470', description: 'No show: a new student who never attended' },
];

/** The exit code of a transfer between two of the district's schools. */
export const TRANSFER_EXIT_CODE = 'T160';

/**
 * Entry codes: E1 a first enrollment in a California public school, E2 an enrollment in a
 * different school than the last one, E3 a re-enrollment in the same school.
 */
export const ENTRY_CODES = { first: 'E1', otherSchool: 'E2', sameSchool: 'E3' } as const;

/** How a student enters a school, from where they were last enrolled. */
export function entryCodeFor(previousSchoolId: number | null, schoolId: number): string {
  if (previousSchoolId === null) return ENTRY_CODES.first;
  return previousSchoolId === schoolId ? ENTRY_CODES.sameSchool : ENTRY_CODES.otherSchool;
}

export const isExitCode = (code: string, codes: readonly StateCode[] = CALPADS_EXIT_CODES) => codes.some((c) => c.code === code);

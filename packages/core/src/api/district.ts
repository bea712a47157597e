import { z } from 'zod';

/** The district at a glance: public figures and schools (the contract of the district routes). */
export const district = z.strictObject({
  code: z.string(),
  name: z.string(),
  state: z.string().nullable(),
  timeZone: z.string().nullable(),
  schoolYear: z.string().nullable(),
  figures: z.strictObject({ schools: z.number().int(), students_enrolled: z.number().int(), sections: z.number().int(), courses: z.number().int(), staff: z.number().int() }),
});

export const school = z.strictObject({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  grades: z.strictObject({ low: z.number().int().nullable(), high: z.number().int().nullable() }),
  enrolled: z.number().int(),
});

/** total is null when a search makes counting every match too dear. */
export const schoolPage = z.strictObject({ items: z.array(school), limit: z.number().int(), offset: z.number().int(), total: z.number().int().nullable() });

/** For load balancers and the help desk; also the body of the 503. */
export const health = z.strictObject({
  status: z.enum(['ok', 'migrations-pending', 'database-unreachable']),
  database: z.union([z.strictObject({ reachable: z.literal(true), latencyMs: z.number() }), z.strictObject({ reachable: z.literal(false), error: z.string() })]),
  migrations: z.strictObject({ applied: z.number().int(), pending: z.array(z.string()) }).optional(),
});

/** For load balancers: send this server traffic? (503 while it warms up or shuts down.) */
export const readiness = z.strictObject({
  status: z.enum(['ready', 'warming-up', 'shutting-down']),
  warmUpMs: z.number().int().nullable(),
});

/** A teacher's sections today; a user who is no teacher of record gets none and no grading periods. */
export const mySections = z.strictObject({
  date: z.iso.date(),
  items: z.array(
    z.strictObject({
      id: z.number().int(),
      code: z.string(),
      course: z.strictObject({ code: z.string(), title: z.string() }),
      school: z.strictObject({ id: z.number().int(), name: z.string() }),
      periods: z.array(z.string()),
      students: z.number().int(),
    }),
  ),
  gradingPeriods: z
    .array(z.strictObject({ id: z.number().int(), code: z.string(), name: z.string(), final: z.boolean(), due: z.iso.date().nullable(), ends: z.iso.date() }))
    .optional(),
});

export type District = z.output<typeof district>;
export type School = z.output<typeof school>;
export type SchoolPage = z.output<typeof schoolPage>;
export type MySections = z.output<typeof mySections>;

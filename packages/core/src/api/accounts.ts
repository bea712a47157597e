import { z } from 'zod';

/** The contract of account administration and of background jobs. */
const id = z.number().int();
const instant = z.iso.datetime({ offset: true });

export const apiTokens = z.strictObject({
  /** The scopes a token may be given, with what each allows. */
  scopes: z.array(z.strictObject({ name: z.string(), description: z.string() })),
  tokens: z.array(
    z.strictObject({
      id,
      name: z.string(),
      scopes: z.array(z.string()),
      createdBy: z.strictObject({ id, username: z.string().nullable() }).nullable(),
      createdAt: instant,
      lastUsedAt: instant.nullable(),
      revokedAt: instant.nullable(),
      expiresAt: instant,
      /** A token answers only while the account that issued it is active. */
      issuerDisabled: z.boolean(),
    }),
  ),
});

/** The secret is in this answer only. */
export const issuedApiToken = z.strictObject({ id, name: z.string(), scopes: z.array(z.string()), expiresAt: instant, token: z.string() });

export const userAccounts = z.strictObject({
  users: z.array(
    z.strictObject({
      id,
      username: z.string(),
      displayName: z.string(),
      /** As stored: a role this version does not know still shows. */
      roles: z.array(z.strictObject({ role: z.string(), schoolId: id.nullable() })),
      disabled: z.boolean(),
      lockedUntil: instant.nullable(),
      signsInWithDistrictAccount: z.boolean(),
      hasPassword: z.boolean(),
    }),
  ),
});

export const unlockedAccount = z.strictObject({ userId: id, username: z.string(), wasLocked: z.boolean() });

export const passwordReset = z.strictObject({ userId: id, username: z.string(), sessionsEnded: z.number().int() });

/** A background job, queued: follow it at url. */
export const queuedJob = z.strictObject({ jobId: id, status: z.string(), url: z.string() });

/** A background job's status, progress and outcome; params and result are the job kind's own. */
export const job = z.strictObject({
  id,
  kind: z.string(),
  status: z.string(),
  progress: z.number(),
  params: z.unknown(),
  result: z.unknown(),
  error: z.string().nullable(),
  requested_at: instant,
  started_at: instant.nullable(),
  finished_at: instant.nullable(),
});

/** A staff member given an account and a role at a school (#17). */
export const createdStaffAccount = z.strictObject({ userId: id, staffId: id, username: z.string(), role: z.string(), schoolId: id });
export type CreatedStaffAccount = z.output<typeof createdStaffAccount>;

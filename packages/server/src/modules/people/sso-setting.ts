import type { Kysely } from 'kysely';
import { z } from 'zod';
import { claimRefusal, type SsoSetting } from '@homeroom/core/api/people';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing, servesWholeDistrict } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { Problem, staleVersion } from '../../http/problem.ts';
import { invalid } from '../../http/validate.ts';
import type { LinkingClaims } from '../auth/sign-in-with-sso.ts';
import { insertSsoSetting, ssoSettingForUpdate, ssoSettingOf, updateSsoSetting } from './people.repository.ts';

const claim = z.string().trim().min(1).max(100).nullable();

export const ssoSettingInput = z.strictObject({
  employeeIdClaim: claim.describe("The ID-token claim that carries the staff member's employee number; null: staff are not linked by a claim"),
  studentIdClaim: claim.describe("The ID-token claim that carries the student's student number; null: students are not linked by a claim"),
});

/** What the single sign-on of this deployment is, as the route knows it. */
export interface SsoDeployment {
  enabled: boolean;
  fromEnvironment: LinkingClaims;
}

function requireDistrictAdmin(actor: Actor) {
  if (!servesWholeDistrict(actor)) throw new Problem(403, 'forbidden', 'Only a district administrator sets how accounts are linked', 'Ask a district administrator.');
}

async function describe(trx: Handle, actor: Actor, deployment: SsoDeployment): Promise<SsoSetting> {
  const saved = await ssoSettingOf(trx, actor.districtId);
  return {
    ssoEnabled: deployment.enabled,
    saved: saved !== undefined,
    employeeIdClaim: saved ? saved.employee_id_claim : deployment.fromEnvironment.employeeIdClaim,
    studentIdClaim: saved ? saved.student_id_claim : deployment.fromEnvironment.studentIdClaim,
    fromEnvironment: deployment.fromEnvironment,
    version: saved?.version ?? 0,
    updatedAt: saved?.updated_at.toISOString() ?? null,
    updatedBy: saved?.updated_by ?? null,
  };
}

export async function viewSsoSetting(db: Kysely<Database>, actor: Actor, deployment: SsoDeployment): Promise<SsoSetting> {
  requireDistrictAdmin(actor);
  return db.transaction().execute((trx) => describe(trx, actor, deployment));
}

/**
 * Which ID-token claim links a person's district account to their Homeroom account on their
 * first sign-in, against the version seen (0 before the first save). A claim a person can change
 * (their e-mail, their name) is refused: it would let anyone claim another's account. Accounts
 * already linked stay linked to the identity they first signed in with.
 */
export async function changeSsoSetting(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, deployment: SsoDeployment, input: z.output<typeof ssoSettingInput>, expectedVersion: number): Promise<SsoSetting> {
  requireDistrictAdmin(actor);
  refuseWhileViewing(actor);
  const errors = (['employeeIdClaim', 'studentIdClaim'] as const).flatMap((field) => {
    const refusal = input[field] === null ? null : claimRefusal(input[field]);
    return refusal ? [{ field: `body.${field}`, message: refusal }] : [];
  });
  if (errors.length > 0) throw invalid(errors);
  return db.transaction().execute(async (trx) => {
    const values = { employee_id_claim: input.employeeIdClaim, student_id_claim: input.studentIdClaim, updated_by: actor.userId };
    const before = await ssoSettingForUpdate(trx, actor.districtId);
    const saved = before ? await updateSsoSetting(trx, actor.districtId, expectedVersion, values) : expectedVersion === 0 ? await insertSsoSetting(trx, actor.districtId, values) : undefined;
    if (!saved) throw staleVersion('the sign-in setting', 'the page');
    await writeAudit(trx, actor, origin, {
      action: before ? 'update' : 'create', entity: 'sso-setting', entityId: actor.districtId,
      details: { from: before ? { employeeIdClaim: before.employee_id_claim, studentIdClaim: before.student_id_claim } : null, to: { employeeIdClaim: input.employeeIdClaim, studentIdClaim: input.studentIdClaim } },
    });
    return describe(trx, actor, deployment);
  });
}

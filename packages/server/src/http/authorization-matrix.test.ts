import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import { issueApiToken } from '../auth/sessions.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { openTestDatabase } from '../db/testing.ts';
import { routeTable } from '../routes.ts';
import { signInAs } from '../testing/http.ts';
import { createSmallDistrict } from '../testing/small-district.ts';

/**
 * The authorization matrix, generated from the route table: every route, every role, a student in
 * scope and one out of it. A new route fails here until it is public on purpose or its path
 * parameters have a place in SCOPES.
 */
const PUBLIC_ROUTES = [
  'GET /api/health',
  'POST /api/auth/sign-in',
  'GET /api/district',
  'GET /api/schools',
  // Single sign-on: the sign-in page asks whether it is on, and the browser is signed in by the provider's redirect.
  'GET /api/auth/sso',
  'GET /api/auth/sso/start',
  'GET /api/auth/sso/callback',
];

type World = Awaited<ReturnType<typeof createSmallDistrict>>;
type StudentName = keyof World['students'];

/** For each role's demo user: a student they serve and one they do not (null: they serve all). */
const SCOPES: Record<Role, { user: string; inScope: StudentName | null; outOfScope: StudentName | null }> = {
  'district-admin': { user: 'admin', inScope: 'casey', outOfScope: null },
  'school-admin': { user: 'principal', inScope: 'casey', outOfScope: 'devon' },
  counselor: { user: 'counselor', inScope: 'devon', outOfScope: 'avery' },
  teacher: { user: 'teacher', inScope: 'blake', outOfScope: 'casey' },
  'attendance-clerk': { user: 'clerk', inScope: 'avery', outOfScope: 'devon' },
  'help-desk': { user: 'helpdesk', inScope: null, outOfScope: 'avery' },
  student: { user: 'student', inScope: 'avery', outOfScope: 'blake' },
  guardian: { user: 'parent', inScope: 'avery', outOfScope: 'blake' },
};

/** For each role's demo user: the school (and its sections and runs) they work with, and one they do not. */
const SECTION_SCOPES: Record<Role, { inScope: 'north' | 'south' | null; outOfScope: 'north' | 'south' | null }> = {
  'district-admin': { inScope: 'north', outOfScope: null },
  'school-admin': { inScope: 'north', outOfScope: 'south' },
  counselor: { inScope: 'south', outOfScope: 'north' },
  teacher: { inScope: 'north', outOfScope: 'south' },
  'attendance-clerk': { inScope: 'north', outOfScope: 'south' },
  'help-desk': { inScope: null, outOfScope: 'north' },
  student: { inScope: null, outOfScope: 'north' },
  guardian: { inScope: null, outOfScope: 'north' },
};

describe('the authorization matrix', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: World;
  let tokenId: number;
  beforeAll(async () => {
    handle = await openTestDatabase('embedded');
    world = await createSmallDistrict(handle.db);
    ({ id: tokenId } = await issueApiToken(handle.db, { districtId: world.districtId, name: 'matrix', scopes: ['oneroster.read'], createdBy: world.users.admin! }));
    app = await buildApp({ db: handle.db });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('lists every public route on purpose', () => {
    expect(routeTable.filter((r) => r.access.kind === 'public').map((r) => `${r.method} ${r.url}`).sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  const signedInRoutes = routeTable.filter((r) => r.access.kind === 'signed-in');
  const sectionId = (which: 'north' | 'south' | null) => String(which === 'south' ? world.southSection : world.section);
  const fill = (url: string, student: StudentName | null, section: 'north' | 'south' | null = null) =>
    url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      if (name === 'sectionId') return sectionId(section);
      if (name === 'schoolId') return String(world.schools[section ?? 'north']);
      if (name === 'runId' || name === 'otherRunId') return String(world.schedulingRuns[section ?? 'north']);
      if (name === 'gradingPeriodId') return String(world.gradingPeriods.final);
      if (name === 'studentId') return String(world.students[student ?? 'avery']);
      // An entry of the same student, so that scope is decided by the student it belongs to.
      if (name === 'entryId') return String(world.transcriptEntries[student ?? 'avery']);
      if (name === 'jobId') return String(world.job);
      if (name === 'requestId') return String(world.courseRequests[student ?? 'avery']);
      // Administration routes: "in scope" simply means allowed. The user is one no role of the
      // matrix signs in as, so resetting its password does not end the matrix's own sessions.
      if (name === 'tokenId') return String(tokenId);
      if (name === 'userId') return String(world.users['south-principal']);
      throw new Error(`the authorization matrix does not know path parameter :${name}: add it to SCOPES`);
    });

  describe.each(signedInRoutes.map((r) => [`${r.method} ${r.url}`, r] as const))('%s', (_name, definition) => {
    const access = definition.access as Extract<typeof definition.access, { kind: 'signed-in' }>;
    // A fresh session for every call: the matrix also walks sign-out routes.
    const inject = async (role: Role | null, student: StudentName | null, section: 'north' | 'south' | null = null) =>
      app.inject({
        method: definition.method,
        url: fill(definition.url, student, section),
        headers: { ...(role ? (await signInAs(app, SCOPES[role].user)).headers : {}), ...(definition.example?.headers ?? {}) },
        ...(definition.example?.body !== undefined ? { payload: definition.example.body as object } : {}),
      });

    it('refuses an anonymous caller with 401', async () => {
      const response = await inject(null, null);
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('sign-in-required');
    });

    it.each(ROLES)('as %s', async (role) => {
      const allowed = access.roles === 'any' || access.roles.includes(role);
      const scope = SCOPES[role];
      const touchesStudent = definition.url.includes(':studentId');
      if (/:(sectionId|schoolId|runId)\b/.test(definition.url)) {
        const sections = SECTION_SCOPES[role];
        if (!allowed) {
          expect((await inject(role, null, sections.inScope ?? 'north')).statusCode).toBe(403);
          return;
        }
        if (sections.outOfScope) {
          const outside = await inject(role, null, sections.outOfScope);
          expect(outside.statusCode, `${role} must not reach the ${sections.outOfScope} section: ${outside.body}`).toBe(404);
        }
        if (sections.inScope) {
          const inside = await inject(role, null, sections.inScope);
          expect([401, 403, 404], `${role} should reach the ${sections.inScope} section: ${inside.body}`).not.toContain(inside.statusCode);
          expect(inside.statusCode).toBeLessThan(500);
        }
        return;
      }
      if (!allowed) {
        const response = await inject(role, scope.inScope);
        expect(response.statusCode, response.body).toBe(403);
        return;
      }
      if (touchesStudent && scope.outOfScope) {
        const before = await handle.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<string>().as('n')).where('student_id', '=', world.students[scope.outOfScope]).executeTakeFirstOrThrow();
        const outside = await inject(role, scope.outOfScope);
        expect(outside.statusCode, `${role} must not reach ${scope.outOfScope}: ${outside.body}`).toBe(404);
        const after = await handle.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<string>().as('n')).where('student_id', '=', world.students[scope.outOfScope]).executeTakeFirstOrThrow();
        expect(after.n).toBe(before.n);
      }
      if (!touchesStudent || scope.inScope) {
        const inside = await inject(role, scope.inScope);
        expect([401, 403, 404], `${role} should reach ${scope.inScope ?? 'the route'}: ${inside.body}`).not.toContain(inside.statusCode);
        expect(inside.statusCode).toBeLessThan(500);
        if (touchesStudent && definition.method === 'GET') {
          const audited = await handle.db.selectFrom('audit_event').select('id').where('student_id', '=', world.students[scope.inScope!]).where('user_id', '=', world.users[scope.user]!).executeTakeFirst();
          expect(audited, `${role}'s read of a student must be audited`).toBeDefined();
        }
      }
    });
  });
});

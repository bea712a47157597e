import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { auditIsAbout } from '../audit/audit.repository.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import { issueApiToken } from '../auth/sessions.ts';
import { API_TOKEN_SCOPE_NAMES, ONEROSTER_SCOPE_NAMES } from '../auth/api-token-scopes.ts';
import { registerOAuthClient } from '../modules/oauth/oauth-clients.ts';
import { insertTicket } from '../modules/help-desk/help-desk.repository.ts';
import { openTestDatabase } from '../db/testing.ts';
import { routeTable } from '../routes.ts';
import type { RouteDefinition } from './route.ts';
import { signInAs } from '../testing/http.ts';
import { createSmallDistrict, SCHOOL_WEEK, TEST_PASSWORD } from '../testing/small-district.ts';

/**
 * The authorization matrix, generated from the route table: every route, every role, a student in
 * scope and one out of it. A new route fails here until it is public on purpose or its path
 * parameters have a place in SCOPES.
 */
const PUBLIC_ROUTES = [
  'GET /api/health',
  // For load balancers: whether this server has warmed up.
  'GET /api/ready',
  'POST /api/auth/sign-in',
  'GET /api/district',
  'GET /api/schools',
  // Single sign-on: the sign-in page asks whether it is on, and the browser is signed in by the provider's redirect.
  'GET /api/auth/sso',
  'GET /api/auth/sso/start',
  'GET /api/auth/sso/callback',
  // OAuth 2.0's token endpoint: the client authenticates with its id and secret, not a session.
  'POST /oauth/token',
];

/** Routes whose success has no JSON body: nothing, a redirect, a file. */
const NO_JSON_BODY = [
  'POST /api/auth/sign-out',
  'DELETE /api/auth/view-as',
  'DELETE /api/admin/api-tokens/:tokenId',
  'DELETE /api/admin/oauth-clients/:oauthClientId',
  'GET /api/auth/sso/start',
  'GET /api/auth/sso/callback',
  'GET /api/audit-events/export',
  'GET /api/jobs/transcript-batches/:jobId/transcripts.zip',
  'GET /api/jobs/report-card-batches/:jobId/report-cards.zip',
  'GET /api/oneroster-exports/:jobId/oneroster.zip',
];

type World = Awaited<ReturnType<typeof createSmallDistrict>>;
type StudentName = keyof World['students'];
type SectionName = keyof World['sections'];
type SchoolName = keyof World['schools'];

/**
 * For each role's demo user: a student, a section and a school they serve and ones they do not
 * (null: they serve all). Roles a route refuses are tried with the in-scope ones.
 */
const SCOPES: Record<
  Role,
  {
    user: string;
    inScope: StudentName | null;
    outOfScope: StudentName | null;
    sections: { inScope: SectionName; outOfScope: SectionName | null };
    schools: { inScope: SchoolName; outOfScope: SchoolName | null };
  }
> = {
  'district-admin': { user: 'admin', inScope: 'casey', outOfScope: null, sections: { inScope: 'taught', outOfScope: null }, schools: { inScope: 'north', outOfScope: null } },
  'school-admin': { user: 'principal', inScope: 'casey', outOfScope: 'devon', sections: { inScope: 'northOther', outOfScope: 'south' }, schools: { inScope: 'north', outOfScope: 'south' } },
  counselor: { user: 'counselor', inScope: 'devon', outOfScope: 'avery', sections: { inScope: 'south', outOfScope: 'taught' }, schools: { inScope: 'south', outOfScope: 'north' } },
  // A teacher's other-scope section is at their own school: teaching there is not teaching it.
  teacher: { user: 'teacher', inScope: 'blake', outOfScope: 'casey', sections: { inScope: 'taught', outOfScope: 'northOther' }, schools: { inScope: 'north', outOfScope: 'south' } },
  'attendance-clerk': { user: 'clerk', inScope: 'avery', outOfScope: 'devon', sections: { inScope: 'taught', outOfScope: 'south' }, schools: { inScope: 'north', outOfScope: 'south' } },
  'help-desk': { user: 'helpdesk', inScope: null, outOfScope: 'avery', sections: { inScope: 'taught', outOfScope: 'taught' }, schools: { inScope: 'north', outOfScope: 'north' } },
  student: { user: 'student', inScope: 'avery', outOfScope: 'blake', sections: { inScope: 'taught', outOfScope: 'taught' }, schools: { inScope: 'north', outOfScope: 'north' } },
  guardian: { user: 'parent', inScope: 'avery', outOfScope: 'blake', sections: { inScope: 'taught', outOfScope: 'taught' }, schools: { inScope: 'north', outOfScope: 'north' } },
};

/** Path parameters that name a record whose scope the use-case checks (a run belongs to its school). */
const SCOPED_PARAMETERS = ['studentId', 'sectionId', 'schoolId', 'runId'] as const;

describe('the authorization matrix', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: World;
  let tokenId: number;
  let oauthClientId: number;
  let alertId: number;
  /** Each student's latest enrollment: an enrollment's scope is its student's. */
  const enrollmentOf: Record<string, number> = {};
  /** Records the OneRoster paths name, by their sourcedIds. */
  const sourced: Record<string, string> = {};
  /** One API token per scope, each with that scope alone, issued by the district administrator. */
  const tokens = new Map<string, string>();
  /** One OAuth client per OneRoster scope: its bearer token. */
  const clientTokens = new Map<string, string>();
  /** A help-desk ticket reported by each role's user: a reporter's own ticket is in scope. */
  const tickets = {} as Record<Role, number>;
  /** A guardian and a contact of each role's student of its own: the matrix ends links and removes contacts. */
  const familyOf = {} as Record<Role, { guardianId: number; contactId: number }>;
  /** A room, a period and a bell schedule of each school: school setup's routes name them under their school. */
  const places = {} as Record<SchoolName, { roomId: number; periodId: number; bellScheduleId: number }>;
  /** People and accounts: a teacher at North no role of the matrix signs in as, whom North's office keeps. */
  const people = { staffId: 0, assignmentId: 0, accountId: 0, grantId: 0, guardianId: 0 };
  beforeAll(async () => {
    handle = await openTestDatabase('embedded');
    world = await createSmallDistrict(handle.db);
    ({ id: tokenId } = await issueApiToken(handle.db, { districtId: world.districtId, name: 'matrix', scopes: ['oneroster.read'], createdBy: world.users.admin! }));
    for (const scope of API_TOKEN_SCOPE_NAMES) tokens.set(scope, (await issueApiToken(handle.db, { districtId: world.districtId, name: `matrix ${scope}`, scopes: [scope], createdBy: world.users.admin! })).token);
    app = await buildApp({ db: handle.db });
    // An alert at North, which its principal and the district's administrator may see to.
    ({ id: alertId } = await handle.db.insertInto('alert').values({ district_id: world.districtId, rule: 'students-without-schedule', subject_key: 'matrix', subject_kind: 'school', subject_id: world.schools.north, subject_name: 'North High', school_id: world.schools.north, title: 'North High: 11 students without a class', figure: '{}', link: null }).returning('id').executeTakeFirstOrThrow());
    const first = async (table: 'term' | 'section_roster' | 'section_teacher' | 'school_year', column: 'id' | 'staff_id') =>
      String((await handle.db.selectFrom(table).select(`${column} as id` as 'id').where('district_id', '=', world.districtId).orderBy(column).executeTakeFirstOrThrow()).id);
    const teacher = await first('section_teacher', 'staff_id');
    Object.assign(sourced, {
      orgs: `dist-${world.districtId}`, schools: `sch-${world.schools.north}`, academicSessions: `year-${await first('school_year', 'id')}`, terms: `term-${await first('term', 'id')}`,
      gradingPeriods: `gp-${world.gradingPeriods.final}`, courses: `course-${world.course}`, classes: `class-${world.sections.taught}`, users: `stu-${world.students.avery}`,
      students: `stu-${world.students.avery}`, teachers: `staff-${teacher}`, enrollments: `enr-${await first('section_roster', 'id')}`, demographics: `stu-${world.students.avery}`,
    });
    for (const [name, studentId] of Object.entries(world.students)) {
      enrollmentOf[name] = Number((await handle.db.selectFrom('enrollment').select('id').where('student_id', '=', studentId).orderBy('id', 'desc').executeTakeFirstOrThrow()).id);
    }
    // The client the matrix disables is one of its own, not one whose token it calls with.
    ({ id: oauthClientId } = await registerOAuthClient(handle.db, null, { ip: null }, world.districtId, { name: 'matrix: to disable', scopes: [...ONEROSTER_SCOPE_NAMES], requestsPerMinute: 10 }));
    for (const scope of ONEROSTER_SCOPE_NAMES) {
      const client = await registerOAuthClient(handle.db, null, { ip: null }, world.districtId, { name: `matrix ${scope}`, scopes: [scope], requestsPerMinute: 100_000 });
      const answer = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret } });
      clientTokens.set(scope, answer.json().access_token);
    }
    for (const [name, schoolId] of Object.entries(world.schools) as Array<[SchoolName, number]>) {
      const d = world.districtId;
      const { id: roomId } = await handle.db.insertInto('room').values({ district_id: d, school_id: schoolId, code: '101', capacity: 34 }).returning('id').executeTakeFirstOrThrow();
      const { id: bellScheduleId } = await handle.db.insertInto('bell_schedule').values({ district_id: d, school_id: schoolId, name: 'Regular day', is_default: true }).returning('id').executeTakeFirstOrThrow();
      const { id: periodId } = await handle.db.selectFrom('period').select('id').where('district_id', '=', d).where('school_id', '=', schoolId).executeTakeFirstOrThrow();
      places[name] = { roomId, periodId, bellScheduleId };
    }
    for (const role of ROLES) {
      const studentId = world.students[SCOPES[role].inScope ?? 'avery'];
      const { id: guardianId } = await handle.db.insertInto('guardian').values({ district_id: world.districtId, first_name: role, last_name: 'Matrix' }).returning('id').executeTakeFirstOrThrow();
      await handle.db.insertInto('student_guardian').values({ district_id: world.districtId, student_id: studentId, guardian_id: guardianId, relationship: 'guardian' }).execute();
      const { id: contactId } = await handle.db.insertInto('student_contact').values({ district_id: world.districtId, student_id: studentId, first_name: role, last_name: 'Matrix', relationship: 'neighbor', phone: '(213) 555-0100' }).returning('id').executeTakeFirstOrThrow();
      familyOf[role] = { guardianId: Number(guardianId), contactId: Number(contactId) };
    }
    {
      const d = world.districtId;
      const year = await handle.db.selectFrom('school_year').select('id').where('district_id', '=', d).where('is_current', '=', true).executeTakeFirstOrThrow();
      people.staffId = (await handle.db.insertInto('staff').values({ district_id: d, local_id: 'MATRIX-1', first_name: 'Matrix', last_name: 'Teacher' }).returning('id').executeTakeFirstOrThrow()).id;
      people.assignmentId = (await handle.db.insertInto('staff_assignment').values({ district_id: d, staff_id: people.staffId, school_id: world.schools.north, school_year_id: year.id, role: 'teacher', start_date: '2026-08-10' }).returning('id').executeTakeFirstOrThrow()).id;
      people.accountId = (await handle.db.insertInto('app_user').values({ district_id: d, username: 'matrix-teacher', display_name: 'Matrix Teacher', staff_id: people.staffId }).returning('id').executeTakeFirstOrThrow()).id;
      people.grantId = (await handle.db.insertInto('user_role').values({ district_id: d, user_id: people.accountId, role: 'teacher', school_id: world.schools.north }).returning('id').executeTakeFirstOrThrow()).id;
      people.guardianId = (await handle.db.selectFrom('app_user').select('guardian_id').where('id', '=', world.users.parent!).executeTakeFirstOrThrow()).guardian_id!;
    }
    for (const role of ROLES) {
      const context = { screen: '/', records: [], failedRequests: [], userAgent: null };
      tickets[role] = (await insertTicket(handle.db, { districtId: world.districtId, reporterId: world.users[SCOPES[role].user]!, whatHappened: 'matrix', context, priority: 'normal', priorityReason: 'Reported' })).id;
    }
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('lists every public route on purpose', () => {
    expect(routeTable.filter((r) => r.access.kind === 'public').map((r) => `${r.method} ${r.url}`).sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('declares the response schema of every route that answers JSON', () => {
    const without = routeTable.filter((r) => !r.response?.schema).map((r) => `${r.method} ${r.url}`);
    expect(without.sort()).toEqual([...NO_JSON_BODY].sort());
  });

  /**
   * Tokens: the routes that take them. A loop over this list proves nothing when it is empty, so
   * its emptiness fails first; and a scope no route takes is one an administrator could issue for nothing.
   */
  const scopedRoutes = routeTable.filter((r) => r.access.kind === 'signed-in' && (r.access.tokenScopes?.length ?? 0) > 0);
  it('has routes that API tokens and OAuth clients may call, every scope admitting at least one, and only reads', () => {
    expect(scopedRoutes.length).toBeGreaterThan(0);
    const named = new Set(scopedRoutes.flatMap((r) => (r.access.kind === 'signed-in' ? [...(r.access.tokenScopes ?? [])] : [])));
    for (const scope of [...API_TOKEN_SCOPE_NAMES, ...ONEROSTER_SCOPE_NAMES]) expect(named, `no route takes the scope ${scope}`).toContain(scope);
    expect([...named].filter((scope) => !(API_TOKEN_SCOPE_NAMES as string[]).includes(scope) && !(ONEROSTER_SCOPE_NAMES as string[]).includes(scope))).toEqual([]);
    expect(scopedRoutes.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('answers the public routes as their response schemas say', async () => {
    for (const url of ['/api/health', '/api/ready', '/api/district', '/api/schools', '/api/auth/sso']) {
      const definition = routeTable.find((r) => r.method === 'GET' && r.url === url)!;
      expectTheContract(definition, await app.inject({ method: 'GET', url }));
    }
    const signIn = routeTable.find((r) => r.url === '/api/auth/sign-in')!;
    const response = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: SCOPES.teacher.user, password: TEST_PASSWORD } });
    expect(response.statusCode, response.body).toBe(200);
    expectTheContract(signIn, response);
  });

  const signedInRoutes = routeTable.filter((r) => r.access.kind === 'signed-in');
  type Side = 'inScope' | 'outOfScope';
  const fill = (url: string, role: Role | null, side: Side) =>
    url.replace(/([A-Za-z]+)\/:([A-Za-z]+)/g, (whole, collection: string, name: string) => {
      // OneRoster's paths name records by sourcedId: the collection before the parameter says of what.
      if (name === 'sourcedId' || name.endsWith('SourcedId')) return `${collection}/${sourced[collection] ?? `unknown-${collection}`}`;
      return whole;
    }).replace(/:([A-Za-z]+)/g, (_, name: string) => {
      const scope = role ? SCOPES[role] : null;
      if (name === 'studentId') return String(world.students[(scope?.[side] as StudentName | null) ?? 'avery']);
      if (name === 'sectionId') return String(world.sections[scope?.sections[side] ?? 'taught']);
      if (name === 'schoolId') return String(world.schools[scope?.schools[side] ?? 'north']);
      if (name === 'date') return SCHOOL_WEEK[3]!;
      if (name === 'runId' || name === 'otherRunId') return String(world.schedulingRuns[scope?.schools[side] ?? 'north']);
      if (name === 'gradingPeriodId') return String(world.gradingPeriods.final);
      // A transcript entry or a course request of the same student: scope is decided by the student it belongs to.
      if (name === 'entryId') return String(world.transcriptEntries[(scope?.[side] as StudentName | null) ?? 'avery']);
      if (name === 'requestId') return String(world.courseRequests[(scope?.[side] as StudentName | null) ?? 'avery']);
      if (name === 'jobId') return String(world.job);
      if (name === 'enrollmentId') return String(enrollmentOf[(scope?.[side] as StudentName | null) ?? 'avery']);
      if (name === 'schoolYearId') return String(world.schoolYears.next);
      if (name === 'courseId') return String(world.course);
      if (name === 'roomId' || name === 'periodId' || name === 'bellScheduleId') return String(places[scope?.schools[side] ?? 'north'][name]);
      // Administration routes: "in scope" simply means allowed. The user is one no role of the
      // matrix signs in as, so resetting its password does not end the matrix's own sessions.
      if (name === 'tokenId') return String(tokenId);
      if (name === 'oauthClientId') return String(oauthClientId);
      if (name === 'alertId') return String(alertId);
      if (name === 'rule') return 'job-failed';
      if (name === 'userId') return String(world.users['south-principal']);
      if (name === 'ticketId') return String(tickets[role ?? 'district-admin']);
      // A guardian of the account routes is the matrix's own parent; of the family routes, one of
      // the role's own student (outside its scope the student decides).
      if (name === 'guardianId') return String(url.startsWith('/api/people/') ? people.guardianId : familyOf[role ?? 'district-admin'].guardianId);
      if (name === 'contactId') return String(familyOf[role ?? 'district-admin'].contactId);
      if (name === 'staffId' || name === 'assignmentId' || name === 'accountId' || name === 'grantId') return String(people[name]);
      throw new Error(`the authorization matrix does not know path parameter :${name}: add it to SCOPES`);
    });
  /** Whether the role has a record of this route's kind outside its scope, to be refused as not found. */
  const hasOutside = (url: string, role: Role) => {
    const scope = SCOPES[role];
    if (url.includes(':studentId')) return scope.outOfScope !== null;
    if (url.includes(':sectionId')) return scope.sections.outOfScope !== null;
    if (url.includes(':schoolId') || url.includes(':runId')) return scope.schools.outOfScope !== null;
    return false;
  };
  /**
   * The audit trail as a request about a student (or, for a section or school route, about anything)
   * finds it: the refusals, and every other row (beyond the sign-in of the fresh session).
   */
  const auditCounts = async (url: string, studentId: number | null) => {
    let query = handle.db
      .selectFrom('audit_event')
      .select((eb) => [eb.fn.countAll<string>().filterWhere('action', '=', 'refused').as('refused'), eb.fn.countAll<string>().filterWhere('action', '<>', 'refused').as('other')])
      .where('action', '<>', 'sign-in');
    if (url.includes(':studentId') && studentId !== null) query = query.where(auditIsAbout(studentId));
    const { refused, other } = await query.executeTakeFirstOrThrow();
    return { refused: Number(refused), other: Number(other) };
  };

  const codeOf = (response: LightMyRequestResponse): string => response.json().code ?? response.json().imsx_CodeMinor?.imsx_codeMinorField?.[0]?.imsx_codeMinorFieldValue;

  /**
   * Every success with a JSON body is what the route's response schema says, to the field: the web
   * app's types come from these schemas, so one that disagrees with the server fails here.
   */
  const expectTheContract = (definition: RouteDefinition, response: LightMyRequestResponse) => {
    if (response.statusCode < 200 || response.statusCode >= 300 || !/^application\/json/.test(String(response.headers['content-type'] ?? ''))) return;
    const schema = definition.response?.schema;
    expect(schema, `${definition.method} ${definition.url} answers JSON but declares no response schema`).toBeDefined();
    const parsed = schema!.safeParse(response.json());
    expect(parsed.success ? [] : parsed.error.issues, `${definition.method} ${definition.url} answered what its response schema does not say: ${response.body.slice(0, 500)}`).toEqual([]);
  };

  describe.each(signedInRoutes.map((r) => [`${r.method} ${r.url}`, r] as const))('%s', (_name, definition) => {
    const access = definition.access as Extract<typeof definition.access, { kind: 'signed-in' }>;
    // A fresh session for every call: the matrix also walks sign-out routes.
    const inject = async (role: Role | null, side: Side) =>
      app.inject({
        method: definition.method,
        url: fill(definition.url, role, side),
        headers: { ...(role ? (await signInAs(app, SCOPES[role].user)).headers : {}), ...(definition.example?.headers ?? {}) },
        ...(definition.example?.body !== undefined ? { payload: definition.example.body as object } : {}),
      });

    it('refuses an anonymous caller with 401', async () => {
      const response = await inject(null, 'inScope');
      expect(response.statusCode).toBe(401);
      // OneRoster's paths answer in the binding's shape (imsx), the rest as problem documents.
      expect(codeOf(response)).toBe(definition.url.startsWith('/ims/') ? 'unauthorisedrequest' : 'sign-in-required');
    });

    it.each(ROLES)('as %s', async (role) => {
      const allowed = access.roles === 'any' || access.roles.includes(role);
      const scope = SCOPES[role];
      const touchesStudent = definition.url.includes(':studentId');
      const scoped = SCOPED_PARAMETERS.some((p) => definition.url.includes(`:${p}`));
      if (!allowed) {
        const response = await inject(role, 'inScope');
        expect(response.statusCode, response.body).toBe(403);
        return;
      }
      if (scoped && hasOutside(definition.url, role)) {
        // Nothing of the student is read or changed, and the attempt itself is on the record.
        const probed = scope.outOfScope === null ? null : world.students[scope.outOfScope]!;
        const before = await auditCounts(definition.url, probed);
        const outside = await inject(role, 'outOfScope');
        expect(outside.statusCode, `${role} must not reach ${fill(definition.url, role, 'outOfScope')}: ${outside.body}`).toBe(404);
        expect(await auditCounts(definition.url, probed)).toEqual({ refused: before.refused + 1, other: before.other });
      }
      if (!touchesStudent || scope.inScope) {
        // Rows of this read, not of an earlier one: counted before and after.
        const readsOfStudent = async () =>
          Number(
            (
              await handle.db
                .selectFrom('audit_event')
                .select((eb) => eb.fn.countAll<string>().as('n'))
                .where(auditIsAbout(world.students[scope.inScope!]!))
                .where('user_id', '=', world.users[scope.user]!)
                .where('action', '<>', 'refused')
                .executeTakeFirstOrThrow()
            ).n,
          );
        const auditedRead = touchesStudent && definition.method === 'GET';
        const before = auditedRead ? await readsOfStudent() : 0;
        const inside = await inject(role, 'inScope');
        expect([401, 403, 404], `${role} should reach ${fill(definition.url, role, 'inScope')}: ${inside.body}`).not.toContain(inside.statusCode);
        expect(inside.statusCode).toBeLessThan(500);
        expectTheContract(definition, inside);
        if (auditedRead) expect(await readsOfStudent(), `${role}'s read of a student must be audited`).toBeGreaterThan(before);
      }
    });

    const bearer = (token: string) =>
      app.inject({
        method: definition.method,
        url: fill(definition.url, 'district-admin', 'inScope'),
        headers: { ...(definition.example?.headers ?? {}), authorization: `Bearer ${token}` },
        ...(definition.example?.body !== undefined ? { payload: definition.example.body as object } : {}),
      });

    it.each([...API_TOKEN_SCOPE_NAMES, ...ONEROSTER_SCOPE_NAMES])('with a token of scope %s', async (scope) => {
      const token = tokens.get(scope) ?? clientTokens.get(scope)!;
      const response = await bearer(token);
      if (!access.tokenScopes?.includes(scope)) {
        expect(response.statusCode, response.body).toBe(403);
        expect(codeOf(response)).toBe(definition.url.startsWith('/ims/') ? 'forbidden' : 'token-scope');
        return;
      }
      expect([401, 403], `a token of scope ${scope} should reach ${definition.url}: ${response.body}`).not.toContain(response.statusCode);
      expect(response.statusCode, response.body).toBeLessThan(500);
      expectTheContract(definition, response);
    });
  });
});

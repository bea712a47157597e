import type { Kysely } from 'kysely';
import { validateMasterInput } from '@homeroom/core/formats/master';
import type { SectioningJudgement } from '@homeroom/core/scheduling/master-builder';
import { writeAudit, writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { applyPlacements, type SectionPlacement } from './placements.repository.ts';
import { RUN_ROLES } from './commit-scheduling-run.ts';
import { buildMasterInput, placementsFrom, proposalRuleBreaks, type ProposalRuleBreak } from './master-build-input.ts';
import { loadMasterSchedule, masterScheduleFingerprint } from './master-schedule.repository.ts';
import { buildMasterInWorker } from './run-master-build-in-worker.ts';
import { claimRun, discardRun, failRun, findRun, findRunWithYear, finishRun, insertRunPlacements, lockSchoolSections, markRunCommitted, runPlacements, setRunProgress, studentsInSections } from './scheduling-run.repository.ts';

export interface MasterBuildSummary {
  sections: number;
  locksKept: number;
  /** Whether every section kept its teacher (only times and rooms were built). */
  keepTeachers: boolean;
  students: number;
  /** The student scheduler's result on the school's master schedule as it stands, and on the proposal. */
  current: SectioningJudgement | null;
  proposed: SectioningJudgement | null;
  /** How many more students the proposal gives a complete schedule than the schedule as it stands (negative: fewer); null when either was not judged. */
  moreStudentsComplete: number | null;
  /** What no master schedule can beat for these requests, and how far the proposal is from it (the builder's, when it computed them). */
  bound: { studentsComplete: number; requiredMet: number; requiredTotal: number } | null;
  sectionsMoved: number;
  teachersChanged: number;
  roomsChanged: number;
  /** Students enrolled in a section the proposal moves to another time. */
  studentsAffected: number;
  chosen: string;
  /** Locks kept only in part, with why. */
  notes: string[];
  seconds: number;
  /** The master schedule the build started from; a commit refuses when it changed since. */
  fingerprint: string;
}

/**
 * Builds a master schedule for a school's year off the main thread and keeps it as a proposal,
 * with the student scheduler's figures on it beside those on the schedule as it stands. An input
 * no schedule can satisfy fails with the builder's reasons; nothing is half-built, and the
 * school's sections change only when an administrator commits.
 */
export async function executeMasterBuild(db: Kysely<Database>, districtId: number, runId: number, options: { keepTeachers: boolean } = { keepTeachers: false }): Promise<void> {
  const started = performance.now();
  const run = await findRunWithYear(db, districtId, runId);
  if (!run) throw new Error(`master build ${runId} does not exist`);
  if (!(await claimRun(db, districtId, runId))) return;
  try {
    const year = { name: run.school_year_name };
    const built = await buildMasterInput(db, districtId, run.school_id, run.school_year_id, `build ${runId} ${year.name}`, options);
    if (built.units.length === 0) throw new Error(`the school has no sections in ${year.name} to place: copy last year's master schedule or add sections first`);
    const valid = validateMasterInput(built.input);
    if (!valid.ok) throw new Error(`the school's data cannot be built from: ${valid.errors.slice(0, 5).join('; ')}`);
    const limit = run.time_limit_seconds ?? 20;
    let lastWrite = 0;
    const outcome = await buildMasterInWorker(built.input, built.current, {
      seed: run.seed,
      timeLimitSeconds: limit,
      onProgress: (p) => {
        if (Date.now() - lastWrite < 1000) return;
        lastWrite = Date.now();
        void setRunProgress(db, districtId, runId, Math.min(0.95, 0.05 + p.seconds / limit)).catch(() => undefined);
      },
    });
    if (outcome.build.status === 'infeasible') throw new Error(`no master schedule keeps every rule: ${outcome.build.reasons.join('; ')}`);
    const placements = placementsFrom(built, outcome.build.instance);
    // The builder checks its own schedule; this checks it once more as the school's sections will take it.
    const breaks = proposalRuleBreaks(built, placements);
    if (breaks.length > 0) throw new Error(`the proposal breaks hard rules, so it was not kept: ${describeBreaks(breaks)}`);
    const before = new Map(built.data.sections.map((s) => [s.id, s]));
    const periodCode = new Map(built.data.periods.map((p) => [p.id, p.code]));
    const termCode = new Map(built.data.terms.map((t) => [t.id, t.code]));
    const moved = placements.filter((p) => p.meetings.map((m) => `${termCode.get(m.termId)}-${periodCode.get(m.periodId)}`).sort().join() !== [...before.get(p.sectionId)!.slots].sort().join());
    const summary: MasterBuildSummary = {
      sections: placements.length,
      locksKept: built.input.locks?.filter((l) => l.id?.startsWith('L')).length ?? 0,
      keepTeachers: options.keepTeachers,
      students: built.input.students.length,
      current: outcome.currentJudgement,
      proposed: outcome.build.stats.judgement,
      moreStudentsComplete: outcome.currentJudgement && outcome.build.stats.judgement ? outcome.build.stats.judgement.studentsComplete - outcome.currentJudgement.studentsComplete : null,
      bound: outcome.build.stats.bound ?? null,
      sectionsMoved: moved.length,
      teachersChanged: placements.filter((p) => p.staffId !== p.previousStaffId).length,
      roomsChanged: placements.filter((p) => p.roomId !== before.get(p.sectionId)!.roomId).length,
      studentsAffected: moved.reduce((sum, p) => sum + before.get(p.sectionId)!.enrolled, 0),
      chosen: outcome.build.stats.chosen,
      notes: built.notes,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      fingerprint: built.fingerprint,
    };
    await db.transaction().execute(async (trx) => {
      await finishRun(trx, districtId, runId, summary);
      const rows = placements.flatMap((p) => p.meetings.map((m) => ({ ...m, sectionId: p.sectionId, staffId: p.staffId, roomId: p.roomId })));
      await insertRunPlacements(trx, districtId, runId, rows);
    });
  } catch (error) {
    await failRun(db, districtId, runId, error);
  }
}

/** A master build the actor may work on (a student scheduling run is not one). */
export async function masterBuildFor(db: Kysely<Database>, actor: Actor, runId: number, roles: readonly ('school-admin' | 'district-admin' | 'counselor')[], forUpdate = false) {
  const run = await findRun(db, actor.districtId, runId, { forUpdate });
  if (!run) throw notFound('This master-schedule build');
  await requireSchool(db, actor, run.school_id, roles);
  if (run.kind !== 'master') throw new Problem(409, 'not-a-master-build', 'This is a student scheduling run, not a master-schedule build', `Follow it at /api/scheduling-runs/${run.id}.`);
  return run;
}

/**
 * Makes a previewed build the school's master schedule, all at once: every section's period,
 * teacher and room in one transaction, refused if the master schedule changed since the build
 * started (a hand move, a lock, a new section), since the proposal was made from what was there.
 */
export async function commitMasterBuild(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, runId: number) {
  return db.transaction().execute(async (trx) => {
    const run = await masterBuildFor(trx, actor, runId, RUN_ROLES, true);
    if (run.status !== 'preview' || !run.summary) throw new Problem(409, 'run-not-in-preview', `This build is ${run.status}`, 'Only a build in preview can be committed.');
    const summary = run.summary as MasterBuildSummary;
    await lockSchoolSections(trx, actor.districtId, run.school_id, run.school_year_id);
    const data = await loadMasterSchedule(trx, actor.districtId, run.school_id, run.school_year_id, actor.today);
    if (masterScheduleFingerprint(data) !== summary.fingerprint) {
      throw new Problem(409, 'master-schedule-changed', 'The master schedule changed since this build started', 'Someone moved, locked or added a section after the build began, so its proposal is out of date. Discard it and build again; nothing was changed.');
    }
    const rows = await runPlacements(trx, actor.districtId, runId);
    const current = new Map(data.sections.map((s) => [s.id, s]));
    const placements = new Map<number, SectionPlacement>();
    for (const r of rows) {
      const p = placements.get(r.section_id) ?? { sectionId: r.section_id, meetings: [], staffId: r.staff_id, roomId: r.room_id, previousStaffId: current.get(r.section_id)?.staffId ?? null };
      p.meetings.push({ termId: r.term_id, periodId: r.period_id });
      placements.set(r.section_id, p);
    }
    // A proposal kept before the builder checked its own schedules may break a hard rule (a
    // 34-seat section in a 30-seat room): checked again here, on the data it would change.
    const school = await buildMasterInput(trx, actor.districtId, run.school_id, run.school_year_id, `commit of build ${runId}`, { keepTeachers: summary.keepTeachers });
    const breaks = proposalRuleBreaks(school, [...placements.values()]);
    if (breaks.length > 0) {
      throw new Problem(409, 'build-breaks-rules', 'This build breaks hard rules of the master schedule', `${describeBreaks(breaks)}. Nothing was changed: discard it and build again.`, {
        sections: [...new Set(breaks.flatMap((b) => b.sections))],
        breaks,
      });
    }
    const slotOf = (m: { termId: number; periodId: number }) => `${data.terms.find((t) => t.id === m.termId)?.code}-${data.periods.find((p) => p.id === m.periodId)?.code}`;
    const moved = [...placements.values()].filter((p) => p.meetings.map(slotOf).sort().join() !== [...(current.get(p.sectionId)?.slots ?? [])].sort().join()).map((p) => p.sectionId);
    await applyPlacements(trx, actor.districtId, run.school_year_id, [...placements.values()], actor.today);
    await markRunCommitted(trx, actor.districtId, runId, actor.userId);
    await writeAudit(trx, actor, origin, { action: 'update', entity: 'master-schedule', entityId: `build ${runId}`, schoolId: run.school_id, reason: 'master-schedule build committed', details: { sections: placements.size, sectionsMoved: moved.length } });
    const students = await studentsInSections(trx, actor.districtId, moved);
    await writeAuditForStudents(trx, actor, origin, { action: 'update', entity: 'schedule', entityId: `master build ${runId}`, schoolId: run.school_id, reason: 'master-schedule build committed' }, students);
    return { runId, status: 'committed' as const, sections: placements.size, studentsAffected: summary.studentsAffected };
  });
}

/** The first few broken rules, for a message a person reads; the problem document lists them all. */
function describeBreaks(breaks: ProposalRuleBreak[]): string {
  const shown = breaks.slice(0, 5).map((b) => b.rule);
  return breaks.length > shown.length ? `${shown.join('; ')}; and ${breaks.length - shown.length} more` : shown.join('; ');
}

export async function discardMasterBuild(db: Kysely<Database>, actor: Actor, runId: number) {
  return db.transaction().execute(async (trx) => {
    const run = await masterBuildFor(trx, actor, runId, RUN_ROLES, true);
    if (run.status === 'committed') throw new Problem(409, 'run-committed', 'This build is already committed', 'A committed build is part of the master schedule\'s history; build again to change it.');
    await discardRun(trx, actor.districtId, runId, 'master');
    return { runId, status: 'discarded' as const };
  });
}

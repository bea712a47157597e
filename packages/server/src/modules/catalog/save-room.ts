import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem, staleVersion } from '../../http/problem.ts';
import { describeRoom, type RoomInput } from './school-places.ts';
import { insertRoom, schoolCodeTaken, roomForUpdate, schoolRooms, sectionsLargerThan, updateRoom } from './school-places.repository.ts';
import { SETUP_KEEPERS } from './setup-access.ts';

const codeTaken = (code: string, school: string) => new Problem(409, 'room-code-taken', `${school} already has a room ${code}`, `Choose another room number; nothing was saved.`, { field: 'body.code' });

async function saved(trx: Parameters<typeof schoolRooms>[0], districtId: number, schoolId: number, roomId: number) {
  return describeRoom((await schoolRooms(trx, districtId, schoolId, roomId))[0]!);
}

/** Adds a room to a school: its number, kind and how many it seats. */
export async function createRoom(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, input: RoomInput) {
  return db.transaction().execute(async (trx) => {
    const school = await requireSchool(trx, actor, schoolId, SETUP_KEEPERS);
    if (await schoolCodeTaken(trx, 'room', actor.districtId, schoolId, input.code, null)) throw codeTaken(input.code, school.name);
    const roomId = await insertRoom(trx, actor.districtId, schoolId, input);
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'room', entityId: roomId, schoolId, reason: 'school setup: rooms', details: { ...input } });
    return saved(trx, actor.districtId, schoolId, roomId);
  });
}

/**
 * Changes a room against the version seen. A room may not seat fewer than a section meeting in it
 * has seats: the refusal names those sections.
 */
export async function changeRoom(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, roomId: number, input: RoomInput, expectedVersion: number) {
  return db.transaction().execute(async (trx) => {
    const school = await requireSchool(trx, actor, schoolId, SETUP_KEEPERS);
    const before = await roomForUpdate(trx, actor.districtId, schoolId, roomId);
    if (!before) throw notFound('This room');
    if (before.version !== expectedVersion) throw staleVersion(`room ${before.code}`, 'the rooms');
    if (await schoolCodeTaken(trx, 'room', actor.districtId, schoolId, input.code, roomId)) throw codeTaken(input.code, school.name);
    if (input.capacity < before.capacity) {
      const larger = await sectionsLargerThan(trx, actor.districtId, roomId, input.capacity);
      if (larger.length) {
        throw new Problem(409, 'room-too-small-for-sections', `Room ${before.code} holds sections with more seats`, `${larger.map((s) => `${s.code} (${s.capacity} seats)`).join(', ')} ${larger.length === 1 ? 'meets' : 'meet'} in room ${before.code}: it must seat at least ${Math.max(...larger.map((s) => s.capacity))}. Nothing was saved.`, { field: 'body.capacity', dependents: { sections: larger.length }, named: { sections: larger.map((s) => s.code) } });
      }
    }
    await updateRoom(trx, actor.districtId, roomId, expectedVersion, input);
    await writeAudit(trx, actor, origin, { action: 'update', entity: 'room', entityId: roomId, schoolId, reason: 'school setup: rooms', details: { from: { code: before.code, capacity: before.capacity }, to: input } });
    return saved(trx, actor.districtId, schoolId, roomId);
  });
}

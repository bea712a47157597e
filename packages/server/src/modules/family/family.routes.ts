import { z } from 'zod';
import { endedGuardianLink, guardianMatches, removedContact, studentContact, studentFamily, studentGuardian } from '@homeroom/core/api/family';
import { requiredIfMatch } from '../../http/etag.ts';
import { route } from '../../http/route.ts';
import { schoolText } from '../../http/text.ts';
import { addContact } from './add-contact.ts';
import { addGuardian, addGuardianInput } from './add-guardian.ts';
import { changeContact } from './change-contact.ts';
import { changeGuardianDetails } from './change-guardian-details.ts';
import { changeGuardianLink } from './change-guardian-link.ts';
import { endGuardianLink } from './end-guardian-link.ts';
import { contactInput, FAMILY_OFFICE, FAMILY_READERS, guardianDetailsInput, guardianRightsInput } from './family-office.ts';
import { findGuardianMatches, guardianSearchInput } from './find-guardians.ts';
import { removeContact } from './remove-contact.ts';
import { viewFamily } from './view-family.ts';

const positive = z.coerce.number().int().positive();
const studentParams = z.strictObject({ studentId: positive });
const guardianParams = z.strictObject({ studentId: positive, guardianId: positive });
const contactParams = z.strictObject({ studentId: positive, contactId: positive });
const reasonQuery = z.strictObject({ reason: schoolText(500, 3).optional() });
const exampleRights = { relationship: 'grandmother', livesWith: false, custody: false, educationalRights: false, accessRestricted: false, mayPickUp: true, emergencyContact: true, contactOrder: 3 };
const exampleContact = { firstName: 'Lena', lastName: 'Example', relationship: 'aunt', phone: '(213) 555-0142', contactOrder: 1, mayPickUp: true };

/** A student's family: guardians, their relationship and rights, and emergency contacts. */
export const familyRoutes = [
  route({
    method: 'GET',
    url: '/api/students/:studentId/family',
    operationId: 'viewStudentFamily',
    summary: "A student's guardians with their rights (educational rights, custody, pick-up, court restrictions) and emergency contacts, with each one's version",
    tag: 'family',
    access: { kind: 'signed-in', roles: FAMILY_READERS },
    params: studentParams,
    response: { description: 'The guardians and contacts, in the order the office calls them', schema: studentFamily },
    handler: ({ db, actor, origin, params }) => viewFamily(db, actor, origin, params.studentId),
  }),
  route({
    method: 'GET',
    url: '/api/students/:studentId/guardian-matches',
    operationId: 'findGuardianMatches',
    summary: 'Guardians the district already has (a sibling’s parent), by last name and optionally first name, email or phone, to link to this student',
    tag: 'family',
    access: { kind: 'signed-in', roles: FAMILY_OFFICE },
    params: studentParams,
    query: guardianSearchInput,
    response: { description: 'At most 20 guardians, with the students of theirs you may see', schema: guardianMatches },
    handler: ({ db, actor, origin, params, query }) => findGuardianMatches(db, actor, origin, params.studentId, query),
  }),
  route({
    method: 'POST',
    url: '/api/students/:studentId/guardians',
    operationId: 'addGuardian',
    summary: 'Add a guardian to a student with their rights: link one the district has, or create one; a likely second record of the same guardian is refused with the records it matches',
    tag: 'family',
    access: { kind: 'signed-in', roles: FAMILY_OFFICE },
    params: studentParams,
    body: addGuardianInput,
    example: { body: { guardian: { firstName: 'Rosa', lastName: 'Example', phone: '(213) 555-0199' }, ...exampleRights } },
    response: { status: 201, description: 'The guardian as linked', schema: studentGuardian },
    async handler({ db, actor, origin, params, body, reply }) {
      const added = await addGuardian(db, actor, origin, params.studentId, body);
      reply.code(201);
      return added;
    },
  }),
  route({
    method: 'PUT',
    url: '/api/students/:studentId/guardians/:guardianId/details',
    operationId: 'changeGuardianDetails',
    summary: "Change a guardian's name, email, phone or language (If-Match: the guardian's version); the change shows on every student linked to them",
    tag: 'family',
    access: { kind: 'signed-in', roles: FAMILY_OFFICE },
    params: guardianParams,
    body: guardianDetailsInput,
    example: { body: { firstName: 'Morgan', lastName: 'Stone', email: 'morgan.stone@mail.example', phone: '(213) 555-0100' }, headers: { 'if-match': '"1"' } },
    response: { description: 'The guardian as saved', schema: studentGuardian },
    handler: ({ db, actor, origin, params, body, request }) => changeGuardianDetails(db, actor, origin, params.studentId, params.guardianId, requiredIfMatch(request), body),
  }),
  route({
    method: 'PUT',
    url: '/api/students/:studentId/guardians/:guardianId',
    operationId: 'changeGuardianLink',
    summary: "Change a guardian's relationship to the student and rights: educational rights, custody, lives with, access restricted by a court order, pick-up, emergency contact, contact order (If-Match: the link's version)",
    tag: 'family',
    access: { kind: 'signed-in', roles: FAMILY_OFFICE },
    params: guardianParams,
    body: guardianRightsInput,
    example: { body: exampleRights, headers: { 'if-match': '"1"' } },
    response: { description: 'The link as saved', schema: studentGuardian },
    handler: ({ db, actor, origin, params, body, request }) => changeGuardianLink(db, actor, origin, params.studentId, params.guardianId, requiredIfMatch(request), body),
  }),
  route({
    method: 'DELETE',
    url: '/api/students/:studentId/guardians/:guardianId',
    operationId: 'endGuardianLink',
    summary: "End a guardian's link to the student (If-Match: the link's version); the link stays in the student's history and the guardian record stays",
    tag: 'family',
    access: { kind: 'signed-in', roles: FAMILY_OFFICE },
    params: guardianParams,
    query: reasonQuery,
    example: { headers: { 'if-match': '"1"' } },
    response: { description: 'The link ended, and how many other students the guardian keeps', schema: endedGuardianLink },
    handler: ({ db, actor, origin, params, query, request }) => endGuardianLink(db, actor, origin, params.studentId, params.guardianId, requiredIfMatch(request), query.reason ?? null),
  }),
  route({
    method: 'POST',
    url: '/api/students/:studentId/contacts',
    operationId: 'addStudentContact',
    summary: 'Add an emergency contact who is not a guardian, with whether they may pick the student up',
    tag: 'family',
    access: { kind: 'signed-in', roles: FAMILY_OFFICE },
    params: studentParams,
    body: contactInput,
    example: { body: exampleContact },
    response: { status: 201, description: 'The contact as saved', schema: studentContact },
    async handler({ db, actor, origin, params, body, reply }) {
      const added = await addContact(db, actor, origin, params.studentId, body);
      reply.code(201);
      return added;
    },
  }),
  route({
    method: 'PUT',
    url: '/api/students/:studentId/contacts/:contactId',
    operationId: 'changeStudentContact',
    summary: "Change an emergency contact (If-Match: the contact's version)",
    tag: 'family',
    access: { kind: 'signed-in', roles: FAMILY_OFFICE },
    params: contactParams,
    body: contactInput,
    example: { body: exampleContact, headers: { 'if-match': '"1"' } },
    response: { description: 'The contact as saved', schema: studentContact },
    handler: ({ db, actor, origin, params, body, request }) => changeContact(db, actor, origin, params.studentId, params.contactId, requiredIfMatch(request), body),
  }),
  route({
    method: 'DELETE',
    url: '/api/students/:studentId/contacts/:contactId',
    operationId: 'removeStudentContact',
    summary: "Remove an emergency contact (If-Match: the contact's version); it stays in the student's history",
    tag: 'family',
    access: { kind: 'signed-in', roles: FAMILY_OFFICE },
    params: contactParams,
    query: reasonQuery,
    example: { headers: { 'if-match': '"1"' } },
    response: { description: 'The contact removed', schema: removedContact },
    handler: ({ db, actor, origin, params, query, request }) => removeContact(db, actor, origin, params.studentId, params.contactId, requiredIfMatch(request), query.reason ?? null),
  }),
];

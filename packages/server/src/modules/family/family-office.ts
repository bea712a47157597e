// What every change to a student's family checks the same way: who may make it, what a guardian's
// details, a link's rights and a contact look like, and how each is shown.
import { z } from 'zod';
import { ATTENDANCE_OFFICE } from '../../auth/access.ts';
import { hasRole, schoolsWhere, type Actor, type Role } from '../../auth/roles.ts';
import type { Handle } from '../../db/handle.ts';
import { notFound, Problem, staleVersion } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { currentSchoolsOf, type ContactOfStudent, type GuardianOfStudent } from './family.repository.ts';

/** The office of the student's school keeps the family: its administrators and office staff, and the district's administrators. */
export const FAMILY_OFFICE: readonly Role[] = ATTENDANCE_OFFICE;
/**
 * Staff who may read a family: whoever the student record's scope lets see the student (a teacher
 * their students, a counselor their caseload). The help desk reads it viewing as one of them.
 */
export const FAMILY_READERS: readonly Role[] = ['district-admin', 'school-admin', 'attendance-clerk', 'counselor', 'teacher'];

/** The court order itself is for the office and counselors; a teacher sees that the guardian is restricted, and asks the office. */
export const maySeeCourtOrders = (actor: Actor) => hasRole(actor, 'district-admin', 'school-admin', 'attendance-clerk', 'counselor');

/** Whether the actor's office serves a school where the student is enrolled today. */
export async function keepsFamilyOf(db: Handle, actor: Actor, studentId: number): Promise<boolean> {
  const schools = schoolsWhere(actor, ...FAMILY_OFFICE);
  if (schools === 'all') return true;
  if (schools.length === 0) return false;
  const enrolledAt = await currentSchoolsOf(db, actor.districtId, studentId, actor.today);
  return enrolledAt.some((school) => schools.includes(school));
}

/** A change by someone who may see the student but does not keep their family (a teacher, another school's clerk). */
export async function requireFamilyOffice(db: Handle, actor: Actor, studentId: number): Promise<void> {
  if (!(await keepsFamilyOf(db, actor, studentId))) {
    throw new Problem(403, 'not-your-student', 'You do not keep this student’s family', 'Guardians and contacts are kept by the office of the school where the student is enrolled, and by the district’s administrators.');
  }
}

const PHONE = /^[0-9+().\-\s]*(?:(?:x|ext\.?)\s*[0-9]{1,6})?$/i;
const phone = z.string().trim().max(40).refine((p) => PHONE.test(p) && p.replace(/[^0-9]/g, '').length >= 7, {
  message: 'must be a phone number such as (213) 555-0142: at least 7 digits, with spaces, + ( ) . - and an extension such as x123',
});
const optionalText = (max: number) => schoolText(max).nullable().optional().transform((v) => v ?? null);

export const guardianDetailsInput = z.strictObject({
  firstName: schoolText(60),
  lastName: schoolText(60),
  email: z.email('must be an email address such as name@example.org').trim().max(120).nullable().optional().transform((v) => v ?? null),
  phone: phone.nullable().optional().transform((v) => v ?? null),
  preferredLanguage: schoolText(40, 2).optional(),
});

const courtOrderInput = z.strictObject({
  note: optionalText(500),
  issued: z.iso.date().nullable().optional().transform((v) => v ?? null),
  expires: z.iso.date().nullable().optional().transform((v) => v ?? null),
});

/** A link's relationship and rights: each named, none assumed, because each decides who gets the child or the record. */
export const guardianRightsShape = {
  relationship: schoolText(40, 2),
  livesWith: z.boolean(),
  custody: z.boolean(),
  educationalRights: z.boolean(),
  accessRestricted: z.boolean(),
  courtOrder: courtOrderInput.nullable().optional().transform((v) => v ?? null),
  mayPickUp: z.boolean(),
  emergencyContact: z.boolean(),
  contactOrder: z.number().int().min(1).max(99),
};

type Rights = { accessRestricted: boolean; mayPickUp: boolean; courtOrder: { issued: string | null; expires: string | null } | null };
/** The rules between rights: a restricted guardian does not pick the child up; an order ends after it is issued. */
export function checkRights(rights: Rights, ctx: z.RefinementCtx): void {
  if (rights.accessRestricted && rights.mayPickUp) {
    ctx.addIssue({ code: 'custom', path: ['mayPickUp'], message: 'a guardian whose access a court order restricts may not pick the student up' });
  }
  const order = rights.courtOrder;
  if (order?.issued && order.expires && order.expires < order.issued) {
    ctx.addIssue({ code: 'custom', path: ['courtOrder', 'expires'], message: `is before the order was issued (${order.issued})` });
  }
}

export const guardianRightsInput = z.strictObject(guardianRightsShape).superRefine(checkRights);
export type GuardianRightsInput = z.output<typeof guardianRightsInput>;

export const contactInput = z.strictObject({
  firstName: schoolText(60),
  lastName: schoolText(60),
  relationship: schoolText(40, 2),
  phone,
  alternatePhone: phone.nullable().optional().transform((v) => v ?? null),
  contactOrder: z.number().int().min(1).max(99),
  mayPickUp: z.boolean(),
});
export type ContactInput = z.output<typeof contactInput>;

/** The columns of a link's rights, as an input gives them. */
export function linkColumns(rights: GuardianRightsInput) {
  return {
    relationship: rights.relationship,
    lives_with: rights.livesWith,
    has_custody: rights.custody,
    educational_rights: rights.educationalRights,
    access_restricted: rights.accessRestricted,
    may_pick_up: rights.mayPickUp && !rights.accessRestricted,
    emergency_contact: rights.emergencyContact,
    contact_order: rights.contactOrder,
    court_order_note: rights.courtOrder?.note ?? null,
    court_order_issued: rights.courtOrder?.issued ?? null,
    court_order_expires: rights.courtOrder?.expires ?? null,
  };
}

export function contactColumns(contact: ContactInput) {
  return {
    first_name: contact.firstName, last_name: contact.lastName, relationship: contact.relationship, phone: contact.phone,
    alternate_phone: contact.alternatePhone, contact_order: contact.contactOrder, may_pick_up: contact.mayPickUp,
  };
}

export function describeGuardian(row: GuardianOfStudent, showCourtOrder: boolean) {
  const hasOrder = row.court_order_note !== null || row.court_order_issued !== null || row.court_order_expires !== null;
  return {
    guardian: {
      id: row.id, name: { first: row.first_name, last: row.last_name }, email: row.email, phone: row.phone, preferredLanguage: row.preferred_language,
      version: row.version, otherStudents: row.other_students,
    },
    link: {
      relationship: row.relationship, livesWith: row.lives_with, custody: row.has_custody, educationalRights: row.educational_rights,
      accessRestricted: row.access_restricted,
      ...(showCourtOrder ? { courtOrder: hasOrder ? { note: row.court_order_note, issued: row.court_order_issued, expires: row.court_order_expires } : null } : {}),
      // Rows from before the office kept pick-up (an import, the generator) may say true: a restriction wins.
      mayPickUp: row.may_pick_up && !row.access_restricted,
      emergencyContact: row.emergency_contact, contactOrder: row.contact_order, version: row.link_version,
    },
  };
}

export function describeContact(row: ContactOfStudent) {
  return {
    id: row.id, name: { first: row.first_name, last: row.last_name }, relationship: row.relationship, phone: row.phone, alternatePhone: row.alternate_phone,
    contactOrder: row.contact_order, mayPickUp: row.may_pick_up, version: row.version,
  };
}

export const staleGuardian = () => staleVersion('this guardian', 'the student');
export const staleContact = () => staleVersion('this contact', 'the student');
export const guardianNotLinked = () => notFound('This guardian of the student');
export const contactNotFound = () => notFound('This contact of the student');

import type { AttendanceMark } from './attendance-api.ts';

/**
 * Marks a teacher took but the server has not confirmed, kept in this browser until it does: a
 * closed laptop, a lost connection or a crashed server must never lose a class's attendance. The
 * idempotency key is kept with them, so a retry after reopening the page lands once. A draft is
 * its author's: on a shared computer, the next person to open the class neither sees nor sends it.
 */
export interface AttendanceDraft {
  /** Whose marks these are (see draftOwner). */
  owner: string;
  sectionId: string;
  date: string;
  idempotencyKey: string;
  marks: AttendanceMark[];
  /** 'sending': a save was started and not confirmed, so it is resent with the same key. */
  state: 'unsaved' | 'sending';
  updatedAt: string;
}

// v1 drafts named no user: they are never read, and sign-out removes them with the rest.
const PREFIX = 'homeroom.attendance.v2';
const EVERY_VERSION = 'homeroom.attendance.';

/**
 * The person at the keyboard: the signed-in user, or a help-desk agent and the user they view as
 * (whose marks the server refuses, and which stay the agent's).
 */
export function draftOwner(user: { userId: number; viewedBy: { userId: number } | null }): string {
  return user.viewedBy ? `${user.viewedBy.userId}-as-${user.userId}` : String(user.userId);
}

export function draftKey(owner: string, sectionId: string, date: string): string {
  return `${PREFIX}:${owner}:${sectionId}:${date}`;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadDraft(owner: string, sectionId: string, date: string): AttendanceDraft | null {
  const raw = storage()?.getItem(draftKey(owner, sectionId, date));
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw) as AttendanceDraft;
    return Array.isArray(draft.marks) && typeof draft.idempotencyKey === 'string' && draft.owner === owner ? draft : null;
  } catch {
    return null;
  }
}

export function saveDraft(draft: AttendanceDraft): void {
  try {
    storage()?.setItem(draftKey(draft.owner, draft.sectionId, draft.date), JSON.stringify(draft));
  } catch {
    // A full or disabled storage must not stop the save itself; the screen still shows "not saved".
  }
}

export function clearDraft(owner: string, sectionId: string, date: string): void {
  storage()?.removeItem(draftKey(owner, sectionId, date));
}

/**
 * At sign-out: every draft in this browser, of any user and any version, goes. Marks and student
 * ids must not outlive the session on a shared computer, nor be sent later under someone else.
 */
export function clearAllDrafts(): void {
  const store = storage();
  if (!store) return;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(EVERY_VERSION)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}

export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export function sameMarks(a: AttendanceMark[], b: AttendanceMark[]): boolean {
  if (a.length !== b.length) return false;
  const byStudent = new Map(a.map((m) => [m.studentId, m.code]));
  return b.every((m) => byStudent.get(m.studentId) === m.code);
}

import type { AttendanceMark } from './attendance-api.ts';

/**
 * Marks a teacher took but the server has not confirmed, kept in this browser until it does: a
 * closed laptop, a lost connection or a crashed server must never lose a class's attendance. The
 * idempotency key is kept with them, so a retry after reopening the page lands once.
 */
export interface AttendanceDraft {
  sectionId: string;
  date: string;
  idempotencyKey: string;
  marks: AttendanceMark[];
  /** 'sending': a save was started and not confirmed, so it is resent with the same key. */
  state: 'unsaved' | 'sending';
  updatedAt: string;
}

const PREFIX = 'homeroom.attendance.v1';

export function draftKey(sectionId: string, date: string): string {
  return `${PREFIX}:${sectionId}:${date}`;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadDraft(sectionId: string, date: string): AttendanceDraft | null {
  const raw = storage()?.getItem(draftKey(sectionId, date));
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw) as AttendanceDraft;
    return Array.isArray(draft.marks) && typeof draft.idempotencyKey === 'string' ? draft : null;
  } catch {
    return null;
  }
}

export function saveDraft(draft: AttendanceDraft): void {
  try {
    storage()?.setItem(draftKey(draft.sectionId, draft.date), JSON.stringify(draft));
  } catch {
    // A full or disabled storage must not stop the save itself; the screen still shows "not saved".
  }
}

export function clearDraft(sectionId: string, date: string): void {
  storage()?.removeItem(draftKey(sectionId, date));
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

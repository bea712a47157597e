import { describe, expect, it } from 'vitest';
import type { SectioningInstance } from '@homeroom/core/formats/sectioning';
import { scheduleStudents } from '@homeroom/core/scheduling/sectioning-engine';
import { sectionInWorker } from './run-in-worker.ts';

const school = (capacity: number): SectioningInstance => ({
  format: 'homeroom.sectioning/v1',
  name: 'worker',
  slots: ['S1-P1', 'S1-P2'],
  courses: [{ id: 'ENG9' }, { id: 'ALG1' }],
  sections: [
    { id: 'E1', course: 'ENG9', slots: ['S1-P1'], capacity },
    { id: 'A1', course: 'ALG1', slots: ['S1-P2'], capacity },
  ],
  students: ['a', 'b', 'c'].map((id) => ({ id, requests: [{ course: 'ENG9', required: true, alternates: [] }, { course: 'ALG1', required: false, alternates: [] }], unavailableSlots: [], fixed: [] })),
});

describe('sectionInWorker', () => {
  it('gives what the engine gives in process, run after run on the kept thread, and goes on after a run that failed', async () => {
    for (const capacity of [3, 2]) {
      const inThread = await sectionInWorker(school(capacity), { seed: 1, timeLimitSeconds: 5 });
      const here = scheduleStudents(school(capacity), { seed: 1, timeLimitSeconds: 5, now: () => performance.now() });
      expect(inThread.assignments).toEqual(here.assignments);
      expect(inThread.unmet).toEqual(here.unmet);
    }
    await expect(sectionInWorker({ ...school(2), students: null } as unknown as SectioningInstance, { seed: 1, timeLimitSeconds: 5 })).rejects.toThrow();
    expect((await sectionInWorker(school(3), { seed: 1, timeLimitSeconds: 5 })).assignments).toHaveLength(6);
  });
});

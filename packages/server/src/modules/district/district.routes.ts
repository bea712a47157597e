import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { notFound } from '../../http/problem.ts';
import { parseRequest } from '../../http/validate.ts';
import { currentSchoolYear, districtFigures, findDistrict, listSchools } from './district.repository.ts';

const schoolListQuery = z.strictObject({
  kind: z.enum(['elementary', 'middle', 'high', 'span', 'continuation']).optional(),
  search: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The district at a glance: figures and schools, no student's record. */
export async function districtRoutes(app: FastifyInstance, { db }: AppContext): Promise<void> {
  async function district() {
    const found = await findDistrict(db);
    if (!found) throw notFound('The district (run `homeroom seed` to load one)');
    return { district: found, year: await currentSchoolYear(db, found.id) };
  }

  app.get('/api/district', async () => {
    const { district: d, year } = await district();
    return { code: d.code, name: d.name, state: d.state, timeZone: d.time_zone, schoolYear: year?.name ?? null, figures: await districtFigures(db, d.id, year?.id ?? null) };
  });

  app.get('/api/schools', async (request) => {
    const query = parseRequest(schoolListQuery, request.query, 'query');
    const { district: d, year } = await district();
    const { rows, total } = await listSchools(db, d.id, year?.id ?? null, query);
    return {
      items: rows.map((s) => ({ id: s.id, code: s.code, name: s.name, kind: s.kind, grades: { low: s.low_grade, high: s.high_grade }, enrolled: Number(s.enrolled) })),
      limit: query.limit,
      offset: query.offset,
      total: total ?? null,
    };
  });
}

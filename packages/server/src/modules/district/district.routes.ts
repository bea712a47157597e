import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../http/problem.ts';
import { route } from '../../http/route.ts';
import { currentSchoolYear, districtFigures, findDistrict, listSchools } from './district.repository.ts';
import { schoolText } from '../../http/text.ts';
import { district as districtAnswer, schoolPage } from '@homeroom/core/api/district';

const schoolListQuery = z.strictObject({
  kind: z.enum(['elementary', 'middle', 'high', 'span', 'continuation']).optional(),
  search: schoolText(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

async function district(db: Kysely<Database>) {
  const found = await findDistrict(db);
  if (!found) throw notFound('The district (run `homeroom seed` to load one)');
  return { district: found, year: await currentSchoolYear(db, found.id) };
}

/** The district at a glance: public figures and schools, no student's record. */
export const districtRoutes = [
  route({
    method: 'GET',
    url: '/api/district',
    operationId: 'viewDistrict',
    summary: 'The district, its current school year and its figures',
    tag: 'district',
    access: { kind: 'public' },
    response: { description: 'District figures', schema: districtAnswer },
    async handler({ db }) {
      const { district: d, year } = await district(db);
      return { code: d.code, name: d.name, state: d.state, timeZone: d.time_zone, schoolYear: year?.name ?? null, figures: await districtFigures(db, d.id, year?.id ?? null) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/schools',
    operationId: 'listSchools',
    summary: 'Schools with their current enrollment',
    tag: 'district',
    access: { kind: 'public' },
    query: schoolListQuery,
    response: { description: 'A page of schools', schema: schoolPage },
    reads: 'replica',
    async handler({ db, query }) {
      const { district: d, year } = await district(db);
      const { rows, total } = await listSchools(db, d.id, year?.id ?? null, query);
      return {
        items: rows.map((s) => ({ id: s.id, code: s.code, name: s.name, kind: s.kind, grades: { low: s.low_grade, high: s.high_grade }, enrolled: Number(s.enrolled) })),
        limit: query.limit,
        offset: query.offset,
        total: total ?? null,
      };
    },
  }),
];

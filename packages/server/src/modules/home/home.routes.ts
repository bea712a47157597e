import { homeFigures } from '@homeroom/core/api/home';
import { route } from '../../http/route.ts';
import { HOME_FIGURE_VIEWERS, homeFiguresQuery, viewHomeFigures } from './view-home-figures.ts';

export const homeRoutes = [
  route({
    method: 'GET',
    url: '/api/home/figures',
    operationId: 'viewHomeFigures',
    summary: "The administrators' home figures for the district, their schools or one school: attendance rate by school day this year, students without a complete schedule by school, seniors at risk by missing requirement, open alerts by rule and help-desk tickets by priority",
    tag: 'home',
    access: { kind: 'signed-in', roles: HOME_FIGURE_VIEWERS },
    query: homeFiguresQuery,
    response: { description: 'The figures behind the home charts', schema: homeFigures },
    reads: 'replica',
    async handler({ db, actor, query }) {
      return viewHomeFigures(db, actor, query);
    },
  }),
];

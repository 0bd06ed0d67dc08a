import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthGuards } from '../../http/auth-guards.js';
import { errorResponses, propertyParams } from '../../http/schemas.js';
import { tipOptionsSchema, tipPeriodQuery, tipReportSchema, tipRulesSchema } from './tips.schemas.js';
import type { TipsService } from './tips.service.js';

/** Who sets a property's tip rules and reads its tip report: its managers and admins. */
const TIP_MANAGERS = ['admin', 'manager'] as const;

export function tipsRoutes(deps: { tips: TipsService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const security = [{ bearer: [] }];
    const managers = { preValidation: deps.guards.staff(TIP_MANAGERS) };
    const rulesPath = '/api/v1/admin/properties/:propertyId/tip-rules';
    const reportPath = '/api/v1/staff/properties/:propertyId/tips/report';

    app.get(
      rulesPath,
      { ...managers, schema: { tags: ['admin'], security, summary: "A property's tip rules", params: propertyParams, response: { 200: tipRulesSchema, ...errorResponses } } },
      (request) => deps.tips.rules(request.staffProperty!.id),
    );

    app.put(
      rulesPath,
      {
        ...managers,
        schema: {
          tags: ['admin'],
          security,
          summary: "Set a property's tip rules: whom guests may tip and how tips are shared out (audit-logged)",
          description: 'Applies to tips from now on for what guests may choose, and to every report from now on for how tips are shared out.',
          params: propertyParams,
          body: tipRulesSchema,
          response: { 200: tipRulesSchema, ...errorResponses },
        },
      },
      (request) => deps.tips.saveRules(request.staffProperty!.id, request.staff!, request.body),
    );

    app.get(
      reportPath,
      {
        ...managers,
        schema: {
          tags: ['staff'],
          security,
          summary: "Tips of a period, per department pool and per staff member, shared out under the property's rule",
          description:
            "Tips taken (succeeded at the payments provider) on the days `from`..`to` of the property's calendar, less what was refunded of them, in the " +
            "property's currency (minor units). Shares of a pool are equal; the remainder cents go one each to the first members by id.",
          params: propertyParams,
          querystring: tipPeriodQuery,
          response: { 200: tipReportSchema, ...errorResponses },
        },
      },
      (request) => deps.tips.report(request.staffProperty!.id, request.query),
    );

    app.get(
      `${reportPath}/payroll.csv`,
      {
        ...managers,
        schema: {
          tags: ['staff'],
          security,
          summary: "The tip report's staff shares as a payroll CSV download",
          description:
            'Columns: staff_id, name, email, period_start, period_end, tips_amount (major units, two decimals), currency; one row per staff member. ' +
            'A cell that a spreadsheet would run as a formula (starting with = + - @) starts with an apostrophe.',
          params: propertyParams,
          querystring: tipPeriodQuery,
          produces: ['text/csv'],
          response: { 200: z.string().describe('text/csv'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { filename, csv } = await deps.tips.payrollCsv(request.staffProperty!.id, request.query);
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(csv);
      },
    );

    app.get(
      '/api/v1/stay/tip-options',
      {
        preValidation: deps.guards.guest(),
        schema: {
          tags: ['guest'],
          security,
          summary: 'Whom the guest may tip at this hotel, and the smallest tip',
          response: { 200: tipOptionsSchema, ...errorResponses },
        },
      },
      (request) => deps.tips.guestOptions(request.guestStay!),
    );
  };
}

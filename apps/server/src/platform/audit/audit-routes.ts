// Reading the ledger: auditors see entries within their regions.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuditListQuery, AuditPage } from '@citygov/contracts';
import { sql } from 'kysely';
import type { AppContext } from '../http/context.ts';
import { scopesFor } from '../auth/principal.ts';

export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext) {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        summary: 'Audit ledger entries in the caller’s regions, newest first',
        tags: ['audit'],
        querystring: AuditListQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => {
      const q = request.query;
      const prefixes = scopesFor(request.principal, 'audit:read').map((s) => s.prefix);
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 50;
      let query = ctx.db
        .selectFrom('audit_log')
        .where((eb) => eb.or(prefixes.map((p) => eb('region_code', 'like', `${p}%`))));
      if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
      if (q.subjectId) query = query.where('subject_id', '=', q.subjectId);
      if (q.action) query = query.where('action', '=', q.action);
      if (q.actorId !== undefined) query = query.where('actor_id', '=', q.actorId);
      if (q.from) query = query.where('at', '>=', new Date(q.from));
      if (q.to) query = query.where('at', '<', new Date(q.to));
      const [rows, total] = await Promise.all([
        query
          .selectAll()
          .orderBy('at', 'desc')
          .orderBy('id', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        total: total.n,
        page,
        pageSize,
        items: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actorKind: r.actor_kind,
          actorName: r.actor_name,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          regionCode: r.region_code,
          purpose: r.purpose,
          data: r.data,
          hash: r.hash,
        })),
      };
    },
  );
}

import { Client } from 'pg';

export interface StorageCost {
  events: number;
  bytesPerEvent: number;
  byTable: { table: string; bytes: number }[];
}

/** Bytes on disk per stored event across every table (indexes and TOAST included), beyond an empty schema. */
export async function storageCost(db: Client, emptyBytes: Map<string, number>): Promise<StorageCost> {
  await db.query(`vacuum analyze`);
  const { rows } = await db.query(
    `select c.relname as table, pg_total_relation_size(c.oid)::bigint as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'r' and n.nspname = 'public' order by 2 desc`,
  );
  const [{ n }] = (await db.query(`select count(*)::int as n from events`)).rows;
  const byTable = rows.map((r) => ({ table: r.table as string, bytes: Number(r.bytes) - (emptyBytes.get(r.table) ?? 0) }));
  const total = byTable.reduce((s, t) => s + t.bytes, 0);
  return { events: n, bytesPerEvent: total / Math.max(1, n), byTable };
}

export async function tableSizes(db: Client): Promise<Map<string, number>> {
  const { rows } = await db.query(
    `select c.relname as table, pg_total_relation_size(c.oid)::bigint as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'r' and n.nspname = 'public'`,
  );
  return new Map(rows.map((r) => [r.table as string, Number(r.bytes)]));
}

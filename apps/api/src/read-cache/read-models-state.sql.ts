import { DataSource } from 'typeorm';

/**
 * Where every read model stands: each reader writes its tables and its checkpoint in one transaction, and a
 * rebuild that replaces a table's content touches its checkpoint too, so an answer built from the read
 * models is the same for as long as this string is.
 */
export async function readModelsState(db: DataSource): Promise<string> {
  const [row] = await db.query(
    `select coalesce(string_agg(name || ':' || transaction_id::text || ':' || global_position || ':' || updated_at, '|' order by name), '') as state
     from checkpoints`,
  );
  return row.state;
}

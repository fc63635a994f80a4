import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations: a case- and accent-insensitive search over name and acronym.
 * `unaccent()` is only STABLE, so an index needs an IMMUTABLE wrapper naming its dictionary (the usual recipe);
 * the trigram index on lower(name) is replaced by one on the folded name + acronym that the directory's `q` uses.
 */
export class Organisations1763900050000 implements MigrationInterface {
  name = 'Organisations1763900050000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL lock_timeout = '10s'`);
    await queryRunner.query(`CREATE FUNCTION search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`);
    await queryRunner.query(`DROP INDEX "public"."IDX_organisation_name_trgm"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_organisation_search_trgm" ON "organisation" USING gin (search_fold("name"::text || ' ' || coalesce("acronym", '')) gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL lock_timeout = '10s'`);
    await queryRunner.query(`DROP INDEX "public"."IDX_organisation_search_trgm"`);
    await queryRunner.query(`CREATE INDEX "IDX_organisation_name_trgm" ON "organisation" USING gin ((lower("name"::text)) gin_trgm_ops)`);
    await queryRunner.query(`DROP FUNCTION search_fold(text)`);
  }
}

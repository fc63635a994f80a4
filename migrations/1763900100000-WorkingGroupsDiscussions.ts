import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Working groups (memberships, subscriptions) and their discussions: threads, posts with seq numbers,
 * revisions, reactions, mentions, read states and subscriptions.
 */
export class WorkingGroupsDiscussions1763900100000 implements MigrationInterface {
  name = 'WorkingGroupsDiscussions1763900100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL lock_timeout = '10s'`);
    await queryRunner.query(`CREATE TABLE "working_group" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" citext NOT NULL, "name" text NOT NULL, "mandate" text NOT NULL, "visibility" text NOT NULL, "join_policy" text NOT NULL, "gcm_objectives" smallint array NOT NULL DEFAULT '{}', "countries" text array NOT NULL DEFAULT '{}', "status" text NOT NULL DEFAULT 'active', "archived_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_b4f7b5a338779a4cefff220da57" UNIQUE ("slug"), CONSTRAINT "CHK_working_group_status" CHECK ("status" IN ('active', 'archived')), CONSTRAINT "CHK_working_group_join_policy" CHECK ("join_policy" IN ('open', 'approval', 'invite_only')), CONSTRAINT "CHK_working_group_visibility" CHECK ("visibility" IN ('public', 'network', 'private')), CONSTRAINT "PK_9cbcc6e96966bec27f605e3c9f4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_working_group_name" ON "working_group"  ("name", "id") `);
    await queryRunner.query(`CREATE TABLE "thread" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "working_group_id" uuid NOT NULL, "title" text NOT NULL, "author_id" uuid, "pinned" boolean NOT NULL DEFAULT false, "locked" boolean NOT NULL DEFAULT false, "is_announcement" boolean NOT NULL DEFAULT false, "post_count" integer NOT NULL DEFAULT '0', "last_post_seq" integer NOT NULL DEFAULT '0', "last_activity_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cabc0f3f27d7b1c70cf64623e02" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "post" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "seq" integer NOT NULL, "parent_id" uuid, "author_id" uuid, "body" text NOT NULL, "body_html" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "edited_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by_id" uuid, CONSTRAINT "UQ_post_thread_seq" UNIQUE ("thread_id", "seq"), CONSTRAINT "PK_be5fda3aac270b134ff9c21cdee" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_post_author" ON "post"  ("author_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_post_parent" ON "post"  ("parent_id") WHERE "parent_id" IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "post_mention" ("post_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_acdb425e8b4a16a03ee2ad4d84c" PRIMARY KEY ("post_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_post_mention_user" ON "post_mention"  ("user_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "post_reaction" ("post_id" uuid NOT NULL, "user_id" uuid NOT NULL, "emoji" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4d27b4494a5ef1f9b47eca6c0e1" PRIMARY KEY ("post_id", "user_id", "emoji"))`);
    await queryRunner.query(`CREATE TABLE "post_revision" ("id" BIGSERIAL NOT NULL, "post_id" uuid NOT NULL, "version" integer NOT NULL, "body" text NOT NULL, "body_html" text NOT NULL, "written_at" TIMESTAMP WITH TIME ZONE NOT NULL, "replaced_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "replaced_by_id" uuid, CONSTRAINT "UQ_post_revision_version" UNIQUE ("post_id", "version"), CONSTRAINT "PK_0fb8b6151edec86b21b1fd40300" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "thread_read_state" ("user_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "last_read_seq" integer NOT NULL DEFAULT '0', "own_posts_after_read" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c7dd41cce287d0bd9955d190d43" PRIMARY KEY ("user_id", "thread_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_thread_read_state_thread" ON "thread_read_state"  ("thread_id") `);
    await queryRunner.query(`CREATE TABLE "thread_subscription" ("user_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "level" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_thread_subscription_level" CHECK ("level" IN ('watching', 'normal', 'muted')), CONSTRAINT "PK_13150594546bc1e58fc166dd2a1" PRIMARY KEY ("user_id", "thread_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_thread_subscription_thread" ON "thread_subscription"  ("thread_id", "level") `);
    await queryRunner.query(`CREATE TABLE "working_group_membership" ("working_group_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL DEFAULT 'member', "state" text NOT NULL, "invited_by_id" uuid, "joined_at" TIMESTAMP WITH TIME ZONE, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_working_group_membership_state" CHECK ("state" IN ('pending', 'invited', 'active', 'left', 'removed')), CONSTRAINT "CHK_working_group_membership_role" CHECK ("role" IN ('chair', 'co_chair', 'member', 'observer')), CONSTRAINT "PK_41968659aab6a37a67289b7e2f2" PRIMARY KEY ("working_group_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_working_group_membership_group_state" ON "working_group_membership"  ("working_group_id", "state", "role") `);
    await queryRunner.query(`CREATE INDEX "IDX_working_group_membership_user" ON "working_group_membership"  ("user_id", "state") `);
    await queryRunner.query(`CREATE TABLE "working_group_subscription" ("user_id" uuid NOT NULL, "working_group_id" uuid NOT NULL, "level" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_working_group_subscription_level" CHECK ("level" IN ('watching', 'normal', 'muted')), CONSTRAINT "PK_bbe705016ed99e5522da0623a04" PRIMARY KEY ("user_id", "working_group_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_working_group_subscription_group" ON "working_group_subscription"  ("working_group_id", "level") `);
    await queryRunner.query(`ALTER TABLE "working_group" ADD CONSTRAINT "FK_07aa11971206e675ea4a66cf584" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "thread" ADD CONSTRAINT "FK_4c5aaf0caf8a4cfc80b53650a90" FOREIGN KEY ("working_group_id") REFERENCES "working_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "thread" ADD CONSTRAINT "FK_6c7b99295a0a8a53cb38f2a553d" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post" ADD CONSTRAINT "FK_34b1af108a2cba82cdbfefaefb1" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post" ADD CONSTRAINT "FK_502b5d7b881d2474c56195acb83" FOREIGN KEY ("parent_id") REFERENCES "post"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post" ADD CONSTRAINT "FK_2f1a9ca8908fc8168bc18437f62" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post_mention" ADD CONSTRAINT "FK_c03144065921fd20a80d8f9856d" FOREIGN KEY ("post_id") REFERENCES "post"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post_mention" ADD CONSTRAINT "FK_53e8e498bfbceca87fab3e12475" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post_reaction" ADD CONSTRAINT "FK_860c24b55da4541f8322a2bdced" FOREIGN KEY ("post_id") REFERENCES "post"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post_reaction" ADD CONSTRAINT "FK_30ae9db858e049c9fcb6f9c2b38" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post_revision" ADD CONSTRAINT "FK_16871ad1d4b765c7db2fb46ee0c" FOREIGN KEY ("post_id") REFERENCES "post"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "post_revision" ADD CONSTRAINT "FK_9d99d2e5336069bc64cb66d0d80" FOREIGN KEY ("replaced_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "thread_read_state" ADD CONSTRAINT "FK_18ec0f2880b4d82920c7482853c" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "thread_read_state" ADD CONSTRAINT "FK_ba845719159b351d55b3373650e" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "thread_subscription" ADD CONSTRAINT "FK_9d64e1bbdbcb59b970c5ad9003c" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "thread_subscription" ADD CONSTRAINT "FK_961e0cf1149ac5f5af2548c6d56" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "working_group_membership" ADD CONSTRAINT "FK_28381202c6113f38a5c3f4ae3a3" FOREIGN KEY ("working_group_id") REFERENCES "working_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "working_group_membership" ADD CONSTRAINT "FK_9f363a11453ac39e896bb0b299f" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "working_group_membership" ADD CONSTRAINT "FK_8aff029486cd7f8b6cefac36b1b" FOREIGN KEY ("invited_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "working_group_subscription" ADD CONSTRAINT "FK_ebd824a7ab1a1040a92273ab62f" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "working_group_subscription" ADD CONSTRAINT "FK_26b5280d477c256864189643628" FOREIGN KEY ("working_group_id") REFERENCES "working_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Indexes TypeORM cannot describe (declared on the entities with synchronize: false).
    await queryRunner.query(`CREATE INDEX "IDX_working_group_gcm_objectives" ON "working_group" USING gin ("gcm_objectives")`);
    await queryRunner.query(`CREATE INDEX "IDX_working_group_countries" ON "working_group" USING gin ("countries")`);
    await queryRunner.query(`CREATE INDEX "IDX_working_group_name_trgm" ON "working_group" USING gin ((lower("name")) gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "IDX_thread_group_listing" ON "thread" ("working_group_id", "pinned" DESC, "last_activity_at" DESC, "id" DESC) WHERE "deleted_at" IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL lock_timeout = '10s'`);
    await queryRunner.query(`DROP INDEX "public"."IDX_thread_group_listing"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_working_group_name_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_working_group_countries"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_working_group_gcm_objectives"`);
    await queryRunner.query(`ALTER TABLE "working_group_subscription" DROP CONSTRAINT "FK_26b5280d477c256864189643628"`);
    await queryRunner.query(`ALTER TABLE "working_group_subscription" DROP CONSTRAINT "FK_ebd824a7ab1a1040a92273ab62f"`);
    await queryRunner.query(`ALTER TABLE "working_group_membership" DROP CONSTRAINT "FK_8aff029486cd7f8b6cefac36b1b"`);
    await queryRunner.query(`ALTER TABLE "working_group_membership" DROP CONSTRAINT "FK_9f363a11453ac39e896bb0b299f"`);
    await queryRunner.query(`ALTER TABLE "working_group_membership" DROP CONSTRAINT "FK_28381202c6113f38a5c3f4ae3a3"`);
    await queryRunner.query(`ALTER TABLE "thread_subscription" DROP CONSTRAINT "FK_961e0cf1149ac5f5af2548c6d56"`);
    await queryRunner.query(`ALTER TABLE "thread_subscription" DROP CONSTRAINT "FK_9d64e1bbdbcb59b970c5ad9003c"`);
    await queryRunner.query(`ALTER TABLE "thread_read_state" DROP CONSTRAINT "FK_ba845719159b351d55b3373650e"`);
    await queryRunner.query(`ALTER TABLE "thread_read_state" DROP CONSTRAINT "FK_18ec0f2880b4d82920c7482853c"`);
    await queryRunner.query(`ALTER TABLE "post_revision" DROP CONSTRAINT "FK_9d99d2e5336069bc64cb66d0d80"`);
    await queryRunner.query(`ALTER TABLE "post_revision" DROP CONSTRAINT "FK_16871ad1d4b765c7db2fb46ee0c"`);
    await queryRunner.query(`ALTER TABLE "post_reaction" DROP CONSTRAINT "FK_30ae9db858e049c9fcb6f9c2b38"`);
    await queryRunner.query(`ALTER TABLE "post_reaction" DROP CONSTRAINT "FK_860c24b55da4541f8322a2bdced"`);
    await queryRunner.query(`ALTER TABLE "post_mention" DROP CONSTRAINT "FK_53e8e498bfbceca87fab3e12475"`);
    await queryRunner.query(`ALTER TABLE "post_mention" DROP CONSTRAINT "FK_c03144065921fd20a80d8f9856d"`);
    await queryRunner.query(`ALTER TABLE "post" DROP CONSTRAINT "FK_2f1a9ca8908fc8168bc18437f62"`);
    await queryRunner.query(`ALTER TABLE "post" DROP CONSTRAINT "FK_502b5d7b881d2474c56195acb83"`);
    await queryRunner.query(`ALTER TABLE "post" DROP CONSTRAINT "FK_34b1af108a2cba82cdbfefaefb1"`);
    await queryRunner.query(`ALTER TABLE "thread" DROP CONSTRAINT "FK_6c7b99295a0a8a53cb38f2a553d"`);
    await queryRunner.query(`ALTER TABLE "thread" DROP CONSTRAINT "FK_4c5aaf0caf8a4cfc80b53650a90"`);
    await queryRunner.query(`ALTER TABLE "working_group" DROP CONSTRAINT "FK_07aa11971206e675ea4a66cf584"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_working_group_subscription_group"`);
    await queryRunner.query(`DROP TABLE "working_group_subscription"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_working_group_membership_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_working_group_membership_group_state"`);
    await queryRunner.query(`DROP TABLE "working_group_membership"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_thread_subscription_thread"`);
    await queryRunner.query(`DROP TABLE "thread_subscription"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_thread_read_state_thread"`);
    await queryRunner.query(`DROP TABLE "thread_read_state"`);
    await queryRunner.query(`DROP TABLE "post_revision"`);
    await queryRunner.query(`DROP TABLE "post_reaction"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_post_mention_user"`);
    await queryRunner.query(`DROP TABLE "post_mention"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_post_parent"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_post_author"`);
    await queryRunner.query(`DROP TABLE "post"`);
    await queryRunner.query(`DROP TABLE "thread"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_working_group_name"`);
    await queryRunner.query(`DROP TABLE "working_group"`);
  }
}

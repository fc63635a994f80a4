import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: in-app rows (one per source event and recipient), per-type preferences and the email
 * ledger that makes notification mail idempotent (DESIGN.md §6).
 */
export class Notifications1763900200000 implements MigrationInterface {
  name = 'Notifications1763900200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL lock_timeout = '10s'`);
    await queryRunner.query(`CREATE TABLE "email_ledger" ("id" BIGSERIAL NOT NULL, "source_id" text NOT NULL, "recipient_id" uuid NOT NULL, "kind" text NOT NULL, "state" text NOT NULL, "attempts" integer NOT NULL DEFAULT '1', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_email_ledger_source_recipient_kind" UNIQUE ("source_id", "recipient_id", "kind"), CONSTRAINT "CHK_email_ledger_state" CHECK ("state" IN ('sending', 'sent', 'failed', 'unknown')), CONSTRAINT "PK_934c2cb3425a3859bfea4f2835c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_email_ledger_recipient_created" ON "email_ledger"  ("recipient_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "notification_preference" ("user_id" uuid NOT NULL, "type" text NOT NULL, "in_app" text NOT NULL, "email" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_notification_preference_email" CHECK ("email" IN ('immediate', 'daily', 'weekly', 'off')), CONSTRAINT "CHK_notification_preference_in_app" CHECK ("in_app" IN ('immediate', 'off')), CONSTRAINT "PK_98793ae4db877d281012dc55998" PRIMARY KEY ("user_id", "type"))`);
    await queryRunner.query(`CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipient_id" uuid NOT NULL, "type" text NOT NULL, "source_event_id" bigint, "payload" jsonb NOT NULL, "link" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, "in_app" boolean NOT NULL DEFAULT true, "email_state" text NOT NULL DEFAULT 'none', "digest_key" text, CONSTRAINT "UQ_notification_event_recipient" UNIQUE ("source_event_id", "recipient_id"), CONSTRAINT "CHK_notification_email_state" CHECK ("email_state" IN ('none', 'queued', 'daily', 'weekly', 'sending', 'sent', 'digested', 'failed', 'unknown')), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_notification_recipient_created" ON "notification"  ("recipient_id", "created_at", "id") `);
    await queryRunner.query(`ALTER TABLE "email_ledger" ADD CONSTRAINT "FK_a7f9fc40abe7abb25daaab239cd" FOREIGN KEY ("recipient_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification_preference" ADD CONSTRAINT "FK_ff040d2d2e35c49b00525783829" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "FK_9830357f52360a126737d498e66" FOREIGN KEY ("recipient_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "FK_0f61e5289026a33c4f5fc1f7d5c" FOREIGN KEY ("source_event_id") REFERENCES "outbox_event"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);

    // Partial indexes TypeORM cannot describe (declared on the entities with synchronize: false).
    // The unread list and the unread count on /me.
    await queryRunner.query(`CREATE INDEX "IDX_notification_unread" ON "notification" ("recipient_id", "created_at") WHERE "read_at" IS NULL AND "in_app"`);
    // The sweeper that re-enqueues immediate mail lost with Redis.
    await queryRunner.query(`CREATE INDEX "IDX_notification_email_queued" ON "notification" ("created_at") WHERE "email_state" = 'queued'`);
    // The digest scheduler: who has items waiting for a daily or weekly digest.
    await queryRunner.query(`CREATE INDEX "IDX_notification_digest_pending" ON "notification" ("email_state", "recipient_id") WHERE "email_state" IN ('daily', 'weekly')`);
    // GET /admin/queues lists mail that may or may not have gone out.
    await queryRunner.query(`CREATE INDEX "IDX_email_ledger_unknown" ON "email_ledger" ("updated_at") WHERE "state" = 'unknown'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL lock_timeout = '10s'`);
    await queryRunner.query(`DROP INDEX "public"."IDX_email_ledger_unknown"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notification_digest_pending"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notification_email_queued"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notification_unread"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_0f61e5289026a33c4f5fc1f7d5c"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_9830357f52360a126737d498e66"`);
    await queryRunner.query(`ALTER TABLE "notification_preference" DROP CONSTRAINT "FK_ff040d2d2e35c49b00525783829"`);
    await queryRunner.query(`ALTER TABLE "email_ledger" DROP CONSTRAINT "FK_a7f9fc40abe7abb25daaab239cd"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notification_recipient_created"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP TABLE "notification_preference"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_email_ledger_recipient_created"`);
    await queryRunner.query(`DROP TABLE "email_ledger"`);
  }
}


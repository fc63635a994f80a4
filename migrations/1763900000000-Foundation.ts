import { MigrationInterface, QueryRunner } from 'typeorm';

/** The 23 objectives of the Global Compact for Migration (short titles). */
const GCM_OBJECTIVES: [number, string][] = [
  [1, 'Collect and utilize accurate and disaggregated data as a basis for evidence-based policies'],
  [2, 'Minimize the adverse drivers and structural factors that compel people to leave their country of origin'],
  [3, 'Provide accurate and timely information at all stages of migration'],
  [4, 'Ensure that all migrants have proof of legal identity and adequate documentation'],
  [5, 'Enhance availability and flexibility of pathways for regular migration'],
  [6, 'Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work'],
  [7, 'Address and reduce vulnerabilities in migration'],
  [8, 'Save lives and establish coordinated international efforts on missing migrants'],
  [9, 'Strengthen the transnational response to smuggling of migrants'],
  [10, 'Prevent, combat and eradicate trafficking in persons in the context of international migration'],
  [11, 'Manage borders in an integrated, secure and coordinated manner'],
  [12, 'Strengthen certainty and predictability in migration procedures for appropriate screening, assessment and referral'],
  [13, 'Use migration detention only as a measure of last resort and work towards alternatives'],
  [14, 'Enhance consular protection, assistance and cooperation throughout the migration cycle'],
  [15, 'Provide access to basic services for migrants'],
  [16, 'Empower migrants and societies to realize full inclusion and social cohesion'],
  [17, 'Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions of migration'],
  [18, 'Invest in skills development and facilitate mutual recognition of skills, qualifications and competences'],
  [19, 'Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries'],
  [20, 'Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants'],
  [21, 'Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration'],
  [22, 'Establish mechanisms for the portability of social security entitlements and earned benefits'],
  [23, 'Strengthen international cooperation and global partnerships for safe, orderly and regular migration'],
];

/** ISO 3166-1 alpha-2 with the ESCAP Asia-Pacific sub-regions (and the Gulf destination countries); `regional` for region-wide bodies. */
const COUNTRIES: [string, string, string | null][] = [
  ["AD", "Andorra", null],
  ["AE", "United Arab Emirates", "Gulf and Middle East (destination)"],
  ["AF", "Afghanistan", "South and South-West Asia"],
  ["AG", "Antigua & Barbuda", null],
  ["AI", "Anguilla", null],
  ["AL", "Albania", null],
  ["AM", "Armenia", "North and Central Asia"],
  ["AO", "Angola", null],
  ["AQ", "Antarctica", null],
  ["AR", "Argentina", null],
  ["AS", "American Samoa", "Pacific"],
  ["AT", "Austria", null],
  ["AU", "Australia", "Pacific"],
  ["AW", "Aruba", null],
  ["AX", "Åland Islands", null],
  ["AZ", "Azerbaijan", "North and Central Asia"],
  ["BA", "Bosnia & Herzegovina", null],
  ["BB", "Barbados", null],
  ["BD", "Bangladesh", "South and South-West Asia"],
  ["BE", "Belgium", null],
  ["BF", "Burkina Faso", null],
  ["BG", "Bulgaria", null],
  ["BH", "Bahrain", "Gulf and Middle East (destination)"],
  ["BI", "Burundi", null],
  ["BJ", "Benin", null],
  ["BL", "St. Barthélemy", null],
  ["BM", "Bermuda", null],
  ["BN", "Brunei", "South-East Asia"],
  ["BO", "Bolivia", null],
  ["BQ", "Caribbean Netherlands", null],
  ["BR", "Brazil", null],
  ["BS", "Bahamas", null],
  ["BT", "Bhutan", "South and South-West Asia"],
  ["BV", "Bouvet Island", null],
  ["BW", "Botswana", null],
  ["BY", "Belarus", null],
  ["BZ", "Belize", null],
  ["CA", "Canada", null],
  ["CC", "Cocos (Keeling) Islands", null],
  ["CD", "Congo - Kinshasa", null],
  ["CF", "Central African Republic", null],
  ["CG", "Congo - Brazzaville", null],
  ["CH", "Switzerland", null],
  ["CI", "Côte d'Ivoire", null],
  ["CK", "Cook Islands", "Pacific"],
  ["CL", "Chile", null],
  ["CM", "Cameroon", null],
  ["CN", "China", "East and North-East Asia"],
  ["CO", "Colombia", null],
  ["CR", "Costa Rica", null],
  ["CU", "Cuba", null],
  ["CV", "Cape Verde", null],
  ["CW", "Curaçao", null],
  ["CX", "Christmas Island", null],
  ["CY", "Cyprus", null],
  ["CZ", "Czechia", null],
  ["DE", "Germany", null],
  ["DJ", "Djibouti", null],
  ["DK", "Denmark", null],
  ["DM", "Dominica", null],
  ["DO", "Dominican Republic", null],
  ["DZ", "Algeria", null],
  ["EC", "Ecuador", null],
  ["EE", "Estonia", null],
  ["EG", "Egypt", null],
  ["EH", "Western Sahara", null],
  ["ER", "Eritrea", null],
  ["ES", "Spain", null],
  ["ET", "Ethiopia", null],
  ["FI", "Finland", null],
  ["FJ", "Fiji", "Pacific"],
  ["FK", "Falkland Islands", null],
  ["FM", "Micronesia", "Pacific"],
  ["FO", "Faroe Islands", null],
  ["FR", "France", null],
  ["GA", "Gabon", null],
  ["GB", "United Kingdom", null],
  ["GD", "Grenada", null],
  ["GE", "Georgia", "North and Central Asia"],
  ["GF", "French Guiana", null],
  ["GG", "Guernsey", null],
  ["GH", "Ghana", null],
  ["GI", "Gibraltar", null],
  ["GL", "Greenland", null],
  ["GM", "Gambia", null],
  ["GN", "Guinea", null],
  ["GP", "Guadeloupe", null],
  ["GQ", "Equatorial Guinea", null],
  ["GR", "Greece", null],
  ["GS", "South Georgia & South Sandwich Islands", null],
  ["GT", "Guatemala", null],
  ["GU", "Guam", "Pacific"],
  ["GW", "Guinea-Bissau", null],
  ["GY", "Guyana", null],
  ["HK", "Hong Kong SAR China", "East and North-East Asia"],
  ["HM", "Heard & McDonald Islands", null],
  ["HN", "Honduras", null],
  ["HR", "Croatia", null],
  ["HT", "Haiti", null],
  ["HU", "Hungary", null],
  ["ID", "Indonesia", "South-East Asia"],
  ["IE", "Ireland", null],
  ["IL", "Israel", "Gulf and Middle East (destination)"],
  ["IM", "Isle of Man", null],
  ["IN", "India", "South and South-West Asia"],
  ["IO", "British Indian Ocean Territory", null],
  ["IQ", "Iraq", null],
  ["IR", "Iran", "South and South-West Asia"],
  ["IS", "Iceland", null],
  ["IT", "Italy", null],
  ["JE", "Jersey", null],
  ["JM", "Jamaica", null],
  ["JO", "Jordan", "Gulf and Middle East (destination)"],
  ["JP", "Japan", "East and North-East Asia"],
  ["KE", "Kenya", null],
  ["KG", "Kyrgyzstan", "North and Central Asia"],
  ["KH", "Cambodia", "South-East Asia"],
  ["KI", "Kiribati", "Pacific"],
  ["KM", "Comoros", null],
  ["KN", "St. Kitts & Nevis", null],
  ["KP", "North Korea", "East and North-East Asia"],
  ["KR", "South Korea", "East and North-East Asia"],
  ["KW", "Kuwait", "Gulf and Middle East (destination)"],
  ["KY", "Cayman Islands", null],
  ["KZ", "Kazakhstan", "North and Central Asia"],
  ["LA", "Laos", "South-East Asia"],
  ["LB", "Lebanon", "Gulf and Middle East (destination)"],
  ["LC", "St. Lucia", null],
  ["LI", "Liechtenstein", null],
  ["LK", "Sri Lanka", "South and South-West Asia"],
  ["LR", "Liberia", null],
  ["LS", "Lesotho", null],
  ["LT", "Lithuania", null],
  ["LU", "Luxembourg", null],
  ["LV", "Latvia", null],
  ["LY", "Libya", null],
  ["MA", "Morocco", null],
  ["MC", "Monaco", null],
  ["MD", "Moldova", null],
  ["ME", "Montenegro", null],
  ["MF", "St. Martin", null],
  ["MG", "Madagascar", null],
  ["MH", "Marshall Islands", "Pacific"],
  ["MK", "North Macedonia", null],
  ["ML", "Mali", null],
  ["MM", "Myanmar (Burma)", "South-East Asia"],
  ["MN", "Mongolia", "East and North-East Asia"],
  ["MO", "Macao SAR China", "East and North-East Asia"],
  ["MP", "Northern Mariana Islands", "Pacific"],
  ["MQ", "Martinique", null],
  ["MR", "Mauritania", null],
  ["MS", "Montserrat", null],
  ["MT", "Malta", null],
  ["MU", "Mauritius", null],
  ["MV", "Maldives", "South and South-West Asia"],
  ["MW", "Malawi", null],
  ["MX", "Mexico", null],
  ["MY", "Malaysia", "South-East Asia"],
  ["MZ", "Mozambique", null],
  ["NA", "Namibia", null],
  ["NC", "New Caledonia", "Pacific"],
  ["NE", "Niger", null],
  ["NF", "Norfolk Island", null],
  ["NG", "Nigeria", null],
  ["NI", "Nicaragua", null],
  ["NL", "Netherlands", null],
  ["NO", "Norway", null],
  ["NP", "Nepal", "South and South-West Asia"],
  ["NR", "Nauru", "Pacific"],
  ["NU", "Niue", "Pacific"],
  ["NZ", "New Zealand", "Pacific"],
  ["OM", "Oman", "Gulf and Middle East (destination)"],
  ["PA", "Panama", null],
  ["PE", "Peru", null],
  ["PF", "French Polynesia", "Pacific"],
  ["PG", "Papua New Guinea", "Pacific"],
  ["PH", "Philippines", "South-East Asia"],
  ["PK", "Pakistan", "South and South-West Asia"],
  ["PL", "Poland", null],
  ["PM", "St. Pierre & Miquelon", null],
  ["PN", "Pitcairn Islands", null],
  ["PR", "Puerto Rico", null],
  ["PS", "Palestinian Territories", null],
  ["PT", "Portugal", null],
  ["PW", "Palau", "Pacific"],
  ["PY", "Paraguay", null],
  ["QA", "Qatar", "Gulf and Middle East (destination)"],
  ["RE", "Réunion", null],
  ["RO", "Romania", null],
  ["RS", "Serbia", null],
  ["RU", "Russia", "North and Central Asia"],
  ["RW", "Rwanda", null],
  ["SA", "Saudi Arabia", "Gulf and Middle East (destination)"],
  ["SB", "Solomon Islands", "Pacific"],
  ["SC", "Seychelles", null],
  ["SD", "Sudan", null],
  ["SE", "Sweden", null],
  ["SG", "Singapore", "South-East Asia"],
  ["SH", "St. Helena", null],
  ["SI", "Slovenia", null],
  ["SJ", "Svalbard & Jan Mayen", null],
  ["SK", "Slovakia", null],
  ["SL", "Sierra Leone", null],
  ["SM", "San Marino", null],
  ["SN", "Senegal", null],
  ["SO", "Somalia", null],
  ["SR", "Suriname", null],
  ["SS", "South Sudan", null],
  ["ST", "São Tomé & Príncipe", null],
  ["SV", "El Salvador", null],
  ["SX", "Sint Maarten", null],
  ["SY", "Syria", null],
  ["SZ", "Eswatini", null],
  ["TC", "Turks & Caicos Islands", null],
  ["TD", "Chad", null],
  ["TF", "French Southern Territories", null],
  ["TG", "Togo", null],
  ["TH", "Thailand", "South-East Asia"],
  ["TJ", "Tajikistan", "North and Central Asia"],
  ["TK", "Tokelau", null],
  ["TL", "Timor-Leste", "South-East Asia"],
  ["TM", "Turkmenistan", "North and Central Asia"],
  ["TN", "Tunisia", null],
  ["TO", "Tonga", "Pacific"],
  ["TR", "Türkiye", "South and South-West Asia"],
  ["TT", "Trinidad & Tobago", null],
  ["TV", "Tuvalu", "Pacific"],
  ["TW", "Taiwan", "East and North-East Asia"],
  ["TZ", "Tanzania", null],
  ["UA", "Ukraine", null],
  ["UG", "Uganda", null],
  ["UM", "U.S. Outlying Islands", null],
  ["US", "United States", null],
  ["UY", "Uruguay", null],
  ["UZ", "Uzbekistan", "North and Central Asia"],
  ["VA", "Vatican City", null],
  ["VC", "St. Vincent & Grenadines", null],
  ["VE", "Venezuela", null],
  ["VG", "British Virgin Islands", null],
  ["VI", "U.S. Virgin Islands", null],
  ["VN", "Vietnam", "South-East Asia"],
  ["VU", "Vanuatu", "Pacific"],
  ["WF", "Wallis & Futuna", null],
  ["WS", "Samoa", "Pacific"],
  ["YE", "Yemen", null],
  ["YT", "Mayotte", null],
  ["ZA", "South Africa", null],
  ["ZM", "Zambia", null],
  ["ZW", "Zimbabwe", null],
  ['regional', 'Regional (Asia-Pacific)', null],
];

const ORGANISATION_TYPES: [string, string][] = [
  ['government', 'Government'],
  ['academia', 'University / academia'],
  ['research_institute', 'Research institute'],
  ['cso', 'Civil-society organisation'],
  ['international_org', 'International organisation'],
  ['other', 'Other'],
];

/**
 * Foundation: extensions, taxonomies, identity, organisations, the append-only audit log and the shared outbox.
 */
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL lock_timeout = '10s'`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS citext`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);

    await queryRunner.query(`CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "action" text NOT NULL, "target_type" text NOT NULL, "target_id" text, "before" jsonb, "after" jsonb, "ip" text, "request_id" text, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_action" ON "audit_log"  ("action", "at") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_target" ON "audit_log"  ("target_type", "target_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_actor" ON "audit_log"  ("actor_id", "at") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_at" ON "audit_log"  ("at", "id") `);
    await queryRunner.query(`CREATE TABLE "gcm_objective" ("number" smallint NOT NULL, "title" text NOT NULL, CONSTRAINT "PK_ca6f47b9aad87d51c01b9c319a5" PRIMARY KEY ("number"))`);
    await queryRunner.query(`CREATE TABLE "country" ("code" text NOT NULL, "name" text NOT NULL, "subregion" text, CONSTRAINT "PK_8ff4c23dc9a3f3856555bd86186" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "organisation_type" ("code" text NOT NULL, "label" text NOT NULL, CONSTRAINT "PK_c49a3d87bea2c5ab3e11206d891" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" citext NOT NULL, "password_hash" text NOT NULL, "display_name" text NOT NULL, "handle" citext NOT NULL, "locale" text NOT NULL DEFAULT 'en', "timezone" text NOT NULL DEFAULT 'UTC', "email_verified_at" TIMESTAMP WITH TIME ZONE, "platform_role" text NOT NULL DEFAULT 'member', "status" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_3fa909d0e37c531ebc237703391" UNIQUE ("email"), CONSTRAINT "UQ_0bc71e3c049f59c67f38dbceed6" UNIQUE ("handle"), CONSTRAINT "CHK_app_user_status" CHECK ("status" IN ('active', 'disabled')), CONSTRAINT "CHK_app_user_platform_role" CHECK ("platform_role" IN ('member', 'secretariat', 'admin')), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "auth_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "user_agent" text, "ip" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_auth_session_user" ON "auth_session"  ("user_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "email_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" text NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_7de8158f2f29aba7331b9576937" UNIQUE ("token_hash"), CONSTRAINT "CHK_email_token_purpose" CHECK ("purpose" IN ('verify_email', 'reset_password')), CONSTRAINT "PK_7175dbe70853f76bcbcb1285f92" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_email_token_user" ON "email_token"  ("user_id", "purpose") `);
    await queryRunner.query(`CREATE TABLE "refresh_token" ("token_hash" text NOT NULL, "session_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "replaced_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f0812282fad2e352cdaf83ef0a9" PRIMARY KEY ("token_hash"))`);
    await queryRunner.query(`CREATE INDEX "IDX_refresh_token_session" ON "refresh_token"  ("session_id") `);
    await queryRunner.query(`CREATE TABLE "outbox_event" ("id" BIGSERIAL NOT NULL, "type" text NOT NULL, "payload" jsonb NOT NULL, "actor_id" uuid, "state" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "relayed_at" TIMESTAMP WITH TIME ZONE, "done_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_outbox_event_state" CHECK ("state" IN ('pending', 'relayed', 'done')), CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" citext NOT NULL, "acronym" text, "type" text NOT NULL, "country" text NOT NULL, "website" text, "description" text, "status" text NOT NULL DEFAULT 'applied', "status_reason" text, "created_by_id" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_d9428f9c8e3052d6617e3aab0ed" UNIQUE ("name"), CONSTRAINT "CHK_organisation_status" CHECK ("status" IN ('applied', 'approved', 'rejected', 'suspended')), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_organisation_status_name" ON "organisation"  ("status", "name") `);
    await queryRunner.query(`CREATE TABLE "organisation_membership" ("organisation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL DEFAULT 'member', "state" text NOT NULL DEFAULT 'active', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_organisation_membership_state" CHECK ("state" IN ('active', 'requested')), CONSTRAINT "CHK_organisation_membership_role" CHECK ("role" IN ('owner', 'member')), CONSTRAINT "PK_3f4c663ef746f7f8048a817fd5a" PRIMARY KEY ("organisation_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_organisation_membership_user" ON "organisation_membership"  ("user_id", "state") `);
    await queryRunner.query(`ALTER TABLE "auth_session" ADD CONSTRAINT "FK_b8783d517fab10672700a39cb49" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "email_token" ADD CONSTRAINT "FK_c728d9445f15cd00fb479ad92de" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "refresh_token" ADD CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c" FOREIGN KEY ("session_id") REFERENCES "auth_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD CONSTRAINT "FK_32f700d239cde4882bd80eb519b" FOREIGN KEY ("type") REFERENCES "organisation_type"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD CONSTRAINT "FK_5285b1a41ab98cb0fee2f01f727" FOREIGN KEY ("country") REFERENCES "country"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD CONSTRAINT "FK_6f7f46f14706a98b7c73fc95fd9" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "organisation_membership" ADD CONSTRAINT "FK_772addb126d418417ace2503034" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "organisation_membership" ADD CONSTRAINT "FK_8392d75a032aa0827a6409a7112" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Indexes TypeORM cannot describe (declared on the entities with synchronize: false).
    await queryRunner.query(`CREATE INDEX "IDX_organisation_name_trgm" ON "organisation" USING gin ((lower("name"::text)) gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "IDX_outbox_event_open" ON "outbox_event" ("state", "created_at") WHERE "state" <> 'done'`);

    // The audit log is append-only.
    await queryRunner.query(`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await queryRunner.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log"
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);

    await this.seed(queryRunner, 'gcm_objective ("number", "title")', GCM_OBJECTIVES);
    await this.seed(queryRunner, 'country ("code", "name", "subregion")', COUNTRIES);
    await this.seed(queryRunner, 'organisation_type ("code", "label")', ORGANISATION_TYPES);
  }

  private async seed(queryRunner: QueryRunner, target: string, rows: unknown[][]): Promise<void> {
    const placeholders = rows.map((row, r) => `(${row.map((_, c) => `$${r * row.length + c + 1}`).join(', ')})`).join(', ');
    await queryRunner.query(`INSERT INTO ${target} VALUES ${placeholders}`, rows.flat());
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_log_append_only ON "audit_log"`);
    await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
    await queryRunner.query(`DROP INDEX "public"."IDX_outbox_event_open"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_organisation_name_trgm"`);
    await queryRunner.query(`ALTER TABLE "organisation_membership" DROP CONSTRAINT "FK_8392d75a032aa0827a6409a7112"`);
    await queryRunner.query(`ALTER TABLE "organisation_membership" DROP CONSTRAINT "FK_772addb126d418417ace2503034"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP CONSTRAINT "FK_6f7f46f14706a98b7c73fc95fd9"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP CONSTRAINT "FK_5285b1a41ab98cb0fee2f01f727"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP CONSTRAINT "FK_32f700d239cde4882bd80eb519b"`);
    await queryRunner.query(`ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c"`);
    await queryRunner.query(`ALTER TABLE "email_token" DROP CONSTRAINT "FK_c728d9445f15cd00fb479ad92de"`);
    await queryRunner.query(`ALTER TABLE "auth_session" DROP CONSTRAINT "FK_b8783d517fab10672700a39cb49"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_organisation_membership_user"`);
    await queryRunner.query(`DROP TABLE "organisation_membership"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_organisation_status_name"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
    await queryRunner.query(`DROP TABLE "outbox_event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refresh_token_session"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_email_token_user"`);
    await queryRunner.query(`DROP TABLE "email_token"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_auth_session_user"`);
    await queryRunner.query(`DROP TABLE "auth_session"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP TABLE "organisation_type"`);
    await queryRunner.query(`DROP TABLE "country"`);
    await queryRunner.query(`DROP TABLE "gcm_objective"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_actor"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_target"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_action"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}

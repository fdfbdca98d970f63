PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "tortoise_migrations" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "app" VARCHAR(255) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "applied_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uid_tortoise_mi_app_3803a5" UNIQUE ("app", "name")
);
INSERT INTO tortoise_migrations VALUES(1,'catalogue','0001_initial','2026-12-06 17:00:08.866723+00:00');
INSERT INTO tortoise_migrations VALUES(2,'catalogue','0002_publiccode_licences_dependencies','2026-12-06 17:00:09.166540+00:00');
INSERT INTO tortoise_migrations VALUES(3,'catalogue','0003_decision_register','2026-12-06 17:00:09.339410+00:00');
INSERT INTO tortoise_migrations VALUES(4,'catalogue','0004_exchange','2026-12-06 17:00:09.727550+00:00');
CREATE TABLE IF NOT EXISTS "audit_event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL  /* When it happened. */,
    "actor" VARCHAR(200) NOT NULL  /* Who did it: user:<id>, cli, system:<job>. */,
    "action" VARCHAR(100) NOT NULL  /* Tag shaped subject:object:action, e.g. catalogue:software:create. */,
    "target_type" VARCHAR(50) NOT NULL  /* Model of the row written. */,
    "target_id" VARCHAR(50) NOT NULL  /* Primary key of the row written. */,
    "before" JSON   /* Changed fields before the write. */,
    "after" JSON   /* Changed fields after the write. */,
    "organisation_id" INT   /* Organisation the write concerns, for its members. */,
    "previous_hash" VARCHAR(64) NOT NULL UNIQUE /* Hash of the event before this one. */,
    "hash" VARCHAR(64) NOT NULL UNIQUE /* SHA-256 over this event and previous_hash. */
);
INSERT INTO audit_event VALUES(1,'2026-12-06 17:00:09.773543+00:00','release-0.1.0','catalogue:organisation:create','Organisation','1',NULL,'{"name":"Gemeente Oud","kind":"gemeente","tooi_uri":"https://identifier.overheid.nl/tooi/id/gemeente/gm0001","publisher_id":null,"roo_id":null,"oin":null,"website":null}',1,'0000000000000000000000000000000000000000000000000000000000000000','afea4e2f2146c9442046b7ac379f63f8d7601993c4db46dc0a951b88b6020b88');
INSERT INTO audit_event VALUES(2,'2026-12-06 17:00:09.787550+00:00','release-0.1.0','catalogue:account:create','CodeHostAccount','1',NULL,'{"organisation":"gemeente-oud","url":"https://github.com/gemeente-oud"}',1,'afea4e2f2146c9442046b7ac379f63f8d7601993c4db46dc0a951b88b6020b88','b348ca3a42884d1b80cb10216055698ff8a9df43a5679bf85567a031914c8a91');
INSERT INTO audit_event VALUES(3,'2026-12-06 17:00:09.876661+00:00','release-0.1.0','catalogue:software:create','Software','1',NULL,'{"name":"oude-app","organisation":"gemeente-oud","licence":"EUPL-1.2","repositories":["https://github.com/gemeente-oud/oude-app"]}',1,'b348ca3a42884d1b80cb10216055698ff8a9df43a5679bf85567a031914c8a91','634b94f39cd902739fff4a4d4fd863a99bbe825f14d1675fdd4a622690b019ae');
CREATE TABLE IF NOT EXISTS "harvest_run" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "source" VARCHAR(300) NOT NULL  /* What was harvested, e.g. github:MinBZK. */,
    "dry_run" INT NOT NULL  /* Looked, but wrote no repository. */,
    "status" VARCHAR(20) NOT NULL  /* Where the run stands. */,
    "started_at" TIMESTAMP NOT NULL  /* Start of the run. */,
    "finished_at" TIMESTAMP   /* End of the run. */,
    "new" INT NOT NULL  /* Repositories seen for the first time. */,
    "changed" INT NOT NULL  /* Repositories whose data changed. */,
    "unchanged" INT NOT NULL  /* Repositories that did not change. */,
    "inactive" INT NOT NULL  /* Repositories newly gone from the host. */,
    "failed" INT NOT NULL  /* Repositories or accounts that failed. */,
    "requests" INT NOT NULL  /* Requests made to code hosts. */,
    "rate_limit_used" INT NOT NULL  /* Rate-limit budget used. */,
    "message" TEXT NOT NULL  /* Why the run failed, if it did. */
);
CREATE TABLE IF NOT EXISTS "organisation" (
    "created_at" TIMESTAMP NOT NULL  /* When the row was created. */,
    "updated_at" TIMESTAMP NOT NULL  /* When the row last changed. */,
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "slug" VARCHAR(100) NOT NULL UNIQUE /* URL name, e.g. gemeente-utrecht. */,
    "name" VARCHAR(200) NOT NULL  /* Official name, in Dutch. */,
    "kind" VARCHAR(30) NOT NULL  /* Kind of government body. */,
    "tooi_uri" VARCHAR(200)  UNIQUE /* TOOI identifier (Thesaurus en Ontologie Overheidsinformatie) of the body. */,
    "oin" VARCHAR(20)  UNIQUE /* OIN (Organisatie-identificatienummer): number of the body in Digikoppeling. */,
    "roo_id" VARCHAR(20)   /* Number in the Register van Overheidsorganisaties. */,
    "publisher_id" VARCHAR(64)  UNIQUE /* Identifier in the publishers list this row was imported from, if any. */,
    "website" VARCHAR(300)   /* Home page of the body. */,
    "source" VARCHAR(20) NOT NULL  /* Where this row came from. */
);
INSERT INTO organisation VALUES('2026-12-06 17:00:09.772039+00:00','2026-12-06 17:00:09.772195+00:00',1,'gemeente-oud','Gemeente Oud','gemeente','https://identifier.overheid.nl/tooi/id/gemeente/gm0001',NULL,NULL,NULL,NULL,'seed');
CREATE TABLE IF NOT EXISTS "code_host_account" (
    "created_at" TIMESTAMP NOT NULL  /* When the row was created. */,
    "updated_at" TIMESTAMP NOT NULL  /* When the row last changed. */,
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "forge" VARCHAR(10) NOT NULL  /* Software of the code host. */,
    "base_url" VARCHAR(200) NOT NULL  /* Web address of the code host, e.g. https:\/\/github.com. */,
    "name" VARCHAR(200) NOT NULL  /* Account, organisation or group path on the host. */,
    "name_key" VARCHAR(200) NOT NULL  /* The name in lower case, for lookups. */,
    "is_group" INT NOT NULL  /* An organisation\/group, not a personal account. */,
    "organisation_id" INT NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE /* The organisation that owns the account. */,
    CONSTRAINT "uid_code_host_a_base_ur_70d3ca" UNIQUE ("base_url", "name_key")
);
INSERT INTO code_host_account VALUES('2026-12-06 17:00:09.783777+00:00','2026-12-06 17:00:09.783803+00:00',1,'github','https://github.com','gemeente-oud','gemeente-oud',1,1);
CREATE TABLE IF NOT EXISTS "request_validator" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "url" VARCHAR(600) NOT NULL UNIQUE /* The request URL. */,
    "etag" VARCHAR(200)   /* ETag of the last answer. */,
    "last_modified" VARCHAR(100)   /* Last-Modified of the last answer. */,
    "payload" JSON   /* What the answer said, for a 304 to stand in for later. */,
    "updated_at" TIMESTAMP NOT NULL  /* When it was stored. */
);
CREATE TABLE IF NOT EXISTS "sign_in_throttle" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "key" VARCHAR(300) NOT NULL UNIQUE /* account:EMAIL or address:IP. */,
    "failures" INT NOT NULL  /* Failures in the current window. */,
    "window_started_at" TIMESTAMP NOT NULL  /* Start of the counting window. */,
    "blocked_until" TIMESTAMP   /* No sign-in before this time. */
);
CREATE TABLE IF NOT EXISTS "software" (
    "created_at" TIMESTAMP NOT NULL  /* When the row was created. */,
    "updated_at" TIMESTAMP NOT NULL  /* When the row last changed. */,
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(200) NOT NULL  /* Name of the software. */,
    "description_nl" TEXT NOT NULL  /* Description in Dutch. */,
    "description_en" TEXT NOT NULL  /* Description in English. */,
    "release_status" VARCHAR(20) NOT NULL  /* Whether the source code is released. */,
    "licence" VARCHAR(300)   /* Normalised SPDX licence expression, e.g. EUPL-1.2. */,
    "licence_declared" VARCHAR(300)   /* The licence as declared, verbatim, before normalising. */,
    "development_status" VARCHAR(20)   /* Development stage. */,
    "maintenance_type" VARCHAR(20)   /* Who maintains the software. */,
    "homepage" VARCHAR(300)   /* Web page about the software. */,
    "publiccode_yml" TEXT   /* The publiccode.yml of the software, verbatim as found. */,
    "source" VARCHAR(20) NOT NULL  /* Where this entry came from. */,
    "archived_at" TIMESTAMP   /* When its organisation archived the entry (hidden from lists). */,
    "edited_fields" JSON NOT NULL  /* Fields a person set: a harvest never overwrites these. */,
    "harvested_fields" JSON NOT NULL  /* Fields whose value came from a harvest. */,
    "sort_name" VARCHAR(200) NOT NULL  /* The name case-folded, kept by save(), so that lists sort as people expect. */,
    "search_text" TEXT NOT NULL  /* Name and descriptions in lower case, kept by save(), for free-text search. */,
    "organisation_id" INT NOT NULL REFERENCES "organisation" ("id") ON DELETE RESTRICT /* The organisation that owns the software. */
, "categories" JSON   /* Categories from publiccode.yml. */, "findings" JSON   /* What the catalogue noticed, e.g. licences that disagree between sources. */, "platforms" JSON   /* Platforms from publiccode.yml. */, "publiccode_check" JSON   /* Validation of that publiccode.yml: version, valid, problems. None if none. */, "software_type" VARCHAR(30)   /* softwareType of publiccode.yml, e.g. standalone\/web. */);
INSERT INTO software VALUES('2026-12-06 17:00:09.864110+00:00','2026-12-06 17:00:09.864133+00:00',1,'oude-app','','','undecided','EUPL-1.2','EUPL-1.2',NULL,NULL,NULL,NULL,'registration',NULL,'[]','[]','oude-app','oude-app',1,'[]','[]','[]',NULL,NULL);
CREATE TABLE IF NOT EXISTS "repository" (
    "created_at" TIMESTAMP NOT NULL  /* When the row was created. */,
    "updated_at" TIMESTAMP NOT NULL  /* When the row last changed. */,
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "forge" VARCHAR(10) NOT NULL  /* Software of the code host. */,
    "url" VARCHAR(400) NOT NULL UNIQUE /* Canonical web address. */,
    "full_name" VARCHAR(300) NOT NULL  /* Path on the host, e.g. MinBZK\/woo-besluit. */,
    "description" TEXT NOT NULL  /* Description as published on the host. */,
    "homepage" VARCHAR(400)   /* Home page given on the host. */,
    "topics" JSON NOT NULL  /* Topics given on the host. */,
    "default_branch" VARCHAR(200)   /* Default branch. */,
    "stars" INT NOT NULL  /* Stars (GitHub) or star count (GitLab). */,
    "forks" INT NOT NULL  /* Number of forks. */,
    "archived" INT NOT NULL  /* Archived (read-only) on the host. */,
    "fork_of" VARCHAR(400)   /* URL of the parent, if a fork. */,
    "licence_forge" VARCHAR(100)   /* Licence the code host reports (SPDX id), verbatim. */,
    "forge_key" VARCHAR(200)  UNIQUE /* Host and the host's own id, e.g. github.com:123: stays through renames. */,
    "open_issues" INT NOT NULL  /* Open issues on the host. */,
    "created_on_host_at" TIMESTAMP   /* Created on the host. */,
    "missing_since" TIMESTAMP   /* First harvest that no longer found it on the host. */,
    "publiccode_yml" TEXT   /* publiccode.yml of the default branch, verbatim. */,
    "has_publiccode" INT NOT NULL  /* Has a publiccode.yml at its root. */,
    "last_activity_at" TIMESTAMP   /* Last push or activity on the host. */,
    "active" INT NOT NULL  /* Still present on the host at the last look. */,
    "first_seen_at" TIMESTAMP NOT NULL  /* When the catalogue first saw it. */,
    "last_seen_at" TIMESTAMP   /* When a harvest last saw it on the host. */,
    "source" VARCHAR(20) NOT NULL  /* Where this row came from. */,
    "account_id" INT REFERENCES "code_host_account" ("id") ON DELETE SET NULL /* The code-host account that holds the repository. */,
    "software_id" INT REFERENCES "software" ("id") ON DELETE SET NULL /* The catalogue entry the repository belongs to. */
, "licence_file" VARCHAR(300)   /* SPDX licence found in the repository's licence file, when recognised. */, "publiccode_check" JSON   /* Validation of its publiccode.yml: version, valid, problems. None without one. */);
INSERT INTO repository VALUES('2026-12-06 17:00:09.872448+00:00','2026-12-06 17:00:09.872463+00:00',1,'github','https://github.com/gemeente-oud/oude-app','gemeente-oud/oude-app','',NULL,'[]',NULL,0,0,0,NULL,NULL,NULL,0,NULL,NULL,NULL,0,NULL,1,'2026-12-06 17:00:09.872530+00:00',NULL,'registration',1,1,NULL,NULL);
CREATE TABLE IF NOT EXISTS "harvest_log" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "url" VARCHAR(400) NOT NULL  /* Address of what was harvested. */,
    "outcome" VARCHAR(20) NOT NULL  /* What happened. */,
    "message" TEXT NOT NULL  /* The error, for a failure. */,
    "created_at" TIMESTAMP NOT NULL  /* When. */,
    "account_id" INT REFERENCES "code_host_account" ("id") ON DELETE SET NULL /* The account harvested. */,
    "repository_id" INT REFERENCES "repository" ("id") ON DELETE SET NULL /* The repository, when the outcome is about one. */,
    "run_id" INT NOT NULL REFERENCES "harvest_run" ("id") ON DELETE CASCADE /* The run. */
);
CREATE TABLE IF NOT EXISTS "repository_language" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(60) NOT NULL  /* Language name as the host spells it. */,
    "key" VARCHAR(60) NOT NULL  /* The name in lower case. */,
    "position" SMALLINT NOT NULL  /* 0 for the primary language. */,
    "repository_id" INT NOT NULL REFERENCES "repository" ("id") ON DELETE CASCADE /* The repository. */,
    CONSTRAINT "uid_repository__reposit_5b18a3" UNIQUE ("repository_id", "key")
);
INSERT INTO repository_language VALUES(1,'Python','python',0,1);
CREATE TABLE IF NOT EXISTS "software_licence" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "identifier" VARCHAR(100) NOT NULL  /* SPDX licence identifier. */,
    "software_id" INT NOT NULL REFERENCES "software" ("id") ON DELETE CASCADE /* The software whose expression names the licence. */,
    CONSTRAINT "uid_software_li_softwar_794b33" UNIQUE ("software_id", "identifier")
);
INSERT INTO software_licence VALUES(1,'EUPL-1.2',1);
CREATE TABLE IF NOT EXISTS "app_user" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "email" VARCHAR(254) NOT NULL UNIQUE /* E-mail address, lower case. */,
    "name" VARCHAR(200) NOT NULL  /* Name to show. */,
    "password_hash" VARCHAR(200)   /* argon2id hash. None for single sign-on only. */,
    "oidc_issuer" VARCHAR(300)   /* OpenID Connect issuer that vouches for the user. */,
    "oidc_subject" VARCHAR(255)   /* Subject identifier at that issuer. */,
    "is_site_admin" INT NOT NULL  /* May manage everything. */,
    "is_active" INT NOT NULL  /* May sign in and use tokens. */,
    "created_at" TIMESTAMP NOT NULL  /* When the user was created. */,
    "last_sign_in_at" TIMESTAMP   /* Last successful sign-in. */,
    CONSTRAINT "uid_app_user_oidc_is_d7141b" UNIQUE ("oidc_issuer", "oidc_subject")
);
CREATE TABLE IF NOT EXISTS "api_token" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL  /* What the token is for. */,
    "prefix" VARCHAR(12) NOT NULL  /* First characters, to recognise it. */,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE /* SHA-256 of the token. */,
    "created_at" TIMESTAMP NOT NULL  /* When it was made. */,
    "last_used_at" TIMESTAMP   /* When it was last used. */,
    "expires_at" TIMESTAMP   /* After this it is refused. */,
    "revoked_at" TIMESTAMP   /* When it was revoked. */,
    "user_id" INT NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE /* The person the token acts for. */
);
CREATE TABLE IF NOT EXISTS "membership" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "role" VARCHAR(30) NOT NULL  /* The role held. */,
    "created_at" TIMESTAMP NOT NULL  /* When it was granted. */,
    "organisation_id" INT NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE /* The organisation. */,
    "user_id" INT NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE /* The person. */,
    CONSTRAINT "uid_membership_user_id_896008" UNIQUE ("user_id", "organisation_id", "role")
);
CREATE TABLE IF NOT EXISTS "web_session" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "key_hash" VARCHAR(64) NOT NULL UNIQUE /* SHA-256 of the key. */,
    "created_at" TIMESTAMP NOT NULL  /* Sign-in time. */,
    "expires_at" TIMESTAMP NOT NULL  /* After this the session is void. */,
    "user_id" INT NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE /* Who is signed in. */
);
CREATE TABLE IF NOT EXISTS "sbom_document" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "source" VARCHAR(20) NOT NULL  /* Uploaded, or harvested from a code host. */,
    "name" VARCHAR(300) NOT NULL  /* The document's own name. */,
    "spdx_version" VARCHAR(20) NOT NULL  /* SPDX version, e.g. SPDX-2.3. */,
    "format" VARCHAR(20) NOT NULL  /* File format it came in. */,
    "namespace" VARCHAR(500)   /* Document namespace. */,
    "component_count" INT NOT NULL  /* Components it lists. */,
    "warnings" JSON NOT NULL  /* Validation messages, kept as warnings. */,
    "added_by" VARCHAR(320) NOT NULL  /* Who gave it (user or system actor). */,
    "created_at" TIMESTAMP NOT NULL  /* When it was stored. */,
    "repository_id" INT REFERENCES "repository" ("id") ON DELETE SET NULL /* The repository whose dependency graph gave it, for a harvested SBOM. */,
    "software_id" INT NOT NULL REFERENCES "software" ("id") ON DELETE CASCADE /* The software the document describes. */
);
CREATE TABLE IF NOT EXISTS "dependency" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "source" VARCHAR(20) NOT NULL  /* Where it came from. */,
    "key" VARCHAR(300) NOT NULL  /* The component across versions: purl without version, or name:<name>. */,
    "name" VARCHAR(300) NOT NULL  /* Component name. */,
    "version" VARCHAR(200)   /* Version or version range. */,
    "purl" VARCHAR(1000)   /* Package URL, verbatim. */,
    "kind" VARCHAR(20) NOT NULL  /* package (SBOM), or open, proprietary or hardware (publiccode.yml). */,
    "licence_concluded" VARCHAR(1000)   /* Licence the SBOM's author concluded. */,
    "licence_declared" VARCHAR(1000)   /* Licence the component's authors declared. */,
    "sbom_id" INT REFERENCES "sbom_document" ("id") ON DELETE CASCADE /* The SBOM that lists it (none for a publiccode.yml declaration). */,
    "software_id" INT NOT NULL REFERENCES "software" ("id") ON DELETE CASCADE /* The software that uses the component. */
);
CREATE TABLE IF NOT EXISTS "decision" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" INT NOT NULL  /* 1 for the first version, counting per software. */,
    "state" VARCHAR(20) NOT NULL  /* Where it stands. */,
    "outcome" VARCHAR(20) NOT NULL  /* What is released. */,
    "summary" TEXT NOT NULL  /* The decision in brief, for the public. */,
    "items" JSON NOT NULL  /* Scope items: what is released or withheld, with grounds and other reasons. */,
    "licence" VARCHAR(300)   /* SPDX licence of what is released. */,
    "open_later_date" DATE   /* When the code is to be opened. */,
    "open_later_trigger" TEXT NOT NULL  /* The event upon which the code is to be opened. */,
    "decided_on" DATE   /* Date of the decision. */,
    "published_on" DATE   /* Date it entered the register. */,
    "review_on" DATE   /* When it is reviewed: at most five years after the decision. */,
    "advisers" TEXT NOT NULL  /* Who advised, e.g. the CISO or the FG. */,
    "rejection_reason" TEXT NOT NULL  /* Why the last submission was sent back to draft. */,
    "review_reason" TEXT NOT NULL  /* At a review: why keeping it closed still prevails despite the time passed. */,
    "lock_version" INT NOT NULL  /* Raised by every write: a write based on an older one conflicts. */,
    "is_example" INT NOT NULL  /* Demo data: an example, not a decision of the organisation. */,
    "created_at" TIMESTAMP NOT NULL  /* When it was started. */,
    "updated_at" TIMESTAMP NOT NULL  /* When it last changed. */,
    "approver_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL /* The second officer who approved it (never the decider). */,
    "decider_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL /* The publication officer who submitted it. */,
    "drafted_by_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL /* Who started this version. */,
    "organisation_id" INT NOT NULL REFERENCES "organisation" ("id") ON DELETE RESTRICT /* The organisation that decides (the software's owner when drafted). */,
    "software_id" INT NOT NULL REFERENCES "software" ("id") ON DELETE RESTRICT /* The software the decision is about. */,
    "supersedes_id" INT REFERENCES "decision" ("id") ON DELETE RESTRICT /* The version this one replaces. */,
    CONSTRAINT "uid_decision_softwar_01eafd" UNIQUE ("software_id", "version")
);
CREATE TABLE IF NOT EXISTS "decision_ground" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code" VARCHAR(30) NOT NULL  /* Ground code, e.g. woo-5.1.2.d. */,
    "decision_id" INT NOT NULL REFERENCES "decision" ("id") ON DELETE CASCADE /* The decision version that applies it. */
);
CREATE TABLE IF NOT EXISTS "collection" (
    "created_at" TIMESTAMP NOT NULL  /* When the row was created. */,
    "updated_at" TIMESTAMP NOT NULL  /* When the row last changed. */,
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "slug" VARCHAR(100) NOT NULL UNIQUE /* Name in addresses. */,
    "title_nl" VARCHAR(200) NOT NULL  /* Title in Dutch. */,
    "title_en" VARCHAR(200) NOT NULL  /* Title in English. */,
    "description_nl" TEXT NOT NULL  /* What it is for, in Dutch. */,
    "description_en" TEXT NOT NULL  /* What it is for, in English. */,
    "created_by_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL /* The administrator who made it. */
);
CREATE TABLE IF NOT EXISTS "collection_entry" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "position" INT NOT NULL  /* Order within the collection. */,
    "role_nl" VARCHAR(200) NOT NULL  /* What it does in the collection, in Dutch. */,
    "role_en" VARCHAR(200) NOT NULL  /* The same, in English. */,
    "collection_id" INT NOT NULL REFERENCES "collection" ("id") ON DELETE CASCADE /* The collection. */,
    "software_id" INT NOT NULL REFERENCES "software" ("id") ON DELETE CASCADE /* The entry listed. */,
    CONSTRAINT "uid_collection__collect_ef7249" UNIQUE ("collection_id", "software_id")
);
CREATE TABLE IF NOT EXISTS "federated_entry" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "catalogue_url" VARCHAR(400) NOT NULL  /* The export the entry was read from, as given to federate. */,
    "catalogue_name" VARCHAR(200) NOT NULL  /* The name the other catalogue gives itself. */,
    "remote_id" VARCHAR(200) NOT NULL  /* The entry's identifier there. */,
    "remote_url" VARCHAR(400)   /* The entry's page in the other catalogue. */,
    "remote_updated_at" TIMESTAMP   /* When the other catalogue last changed the entry, as it says. */,
    "first_imported_at" TIMESTAMP NOT NULL  /* First import. */,
    "imported_at" TIMESTAMP NOT NULL  /* Latest import that read the entry. */,
    "software_id" INT NOT NULL UNIQUE REFERENCES "software" ("id") ON DELETE CASCADE /* The imported entry. */,
    CONSTRAINT "uid_federated_e_catalog_a99089" UNIQUE ("catalogue_url", "remote_id")
);
CREATE TABLE IF NOT EXISTS "webhook" (
    "created_at" TIMESTAMP NOT NULL  /* When the row was created. */,
    "updated_at" TIMESTAMP NOT NULL  /* When the row last changed. */,
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "url" VARCHAR(400) NOT NULL  /* Where changes are POSTed. */,
    "secret" VARCHAR(100) NOT NULL  /* Key of the HMAC-SHA256 signature. Shown once, never logged. */,
    "events" JSON NOT NULL  /* Kinds of change to send, or every kind when empty. */,
    "description" VARCHAR(200) NOT NULL  /* What it is for. */,
    "active" INT NOT NULL  /* Whether changes are sent. */,
    "created_by_id" INT REFERENCES "app_user" ("id") ON DELETE SET NULL /* The administrator who registered it. */
);
CREATE TABLE IF NOT EXISTS "webhook_delivery" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "event_id" BIGINT   /* The audit event it reports, if any. */,
    "kind" VARCHAR(60) NOT NULL  /* Kind of change, e.g. software.updated. */,
    "payload" JSON NOT NULL  /* The JSON body sent. */,
    "status" VARCHAR(20) NOT NULL  /* Where it is. */,
    "attempts" INT NOT NULL  /* Attempts made so far. */,
    "next_attempt_at" TIMESTAMP NOT NULL  /* When the next attempt is due. */,
    "last_attempt_at" TIMESTAMP   /* When it was last tried. */,
    "response_status" INT   /* HTTP status of the last answer. */,
    "error" TEXT NOT NULL  /* Why the last attempt failed. */,
    "created_at" TIMESTAMP NOT NULL  /* When the change happened. */,
    "delivered_at" TIMESTAMP   /* When the receiver accepted it. */,
    "webhook_id" INT NOT NULL REFERENCES "webhook" ("id") ON DELETE CASCADE /* Where it goes. */
);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('tortoise_migrations',4);
INSERT INTO sqlite_sequence VALUES('organisation',1);
INSERT INTO sqlite_sequence VALUES('audit_event',3);
INSERT INTO sqlite_sequence VALUES('code_host_account',1);
INSERT INTO sqlite_sequence VALUES('software',1);
INSERT INTO sqlite_sequence VALUES('software_licence',1);
INSERT INTO sqlite_sequence VALUES('repository',1);
INSERT INTO sqlite_sequence VALUES('repository_language',1);
CREATE INDEX "idx_audit_event_action_3fd1cc" ON "audit_event" ("action");
CREATE INDEX "idx_audit_event_organis_bfd0e7" ON "audit_event" ("organisation_id");
CREATE INDEX "idx_software_release_ccde2b" ON "software" ("release_status");
CREATE INDEX "idx_software_sort_na_016847" ON "software" ("sort_name", "id");
CREATE INDEX "idx_software_created_868bfe" ON "software" ("created_at", "id");
CREATE INDEX "idx_software_updated_93dec8" ON "software" ("updated_at", "id");
CREATE INDEX "idx_software_organis_8f92f3" ON "software" ("organisation_id");
CREATE INDEX "idx_repository_softwar_ddcafd" ON "repository" ("software_id");
CREATE INDEX "idx_repository_account_7471a8" ON "repository" ("account_id");
CREATE INDEX "idx_harvest_log_reposit_45d5c5" ON "harvest_log" ("repository_id", "id");
CREATE INDEX "idx_harvest_log_run_id_5029f2" ON "harvest_log" ("run_id", "id");
CREATE INDEX "idx_repository__key_2a9e89" ON "repository_language" ("key", "repository_id");
CREATE INDEX "idx_software_li_identif_641363" ON "software_licence" ("identifier", "software_id");
CREATE INDEX "idx_dependency_key_4bd3ae" ON "dependency" ("key", "software_id");
CREATE INDEX "idx_dependency_softwar_e93fd0" ON "dependency" ("software_id", "source");
CREATE INDEX "idx_decision_state_a9950b" ON "decision" ("state", "decided_on");
CREATE INDEX "idx_decision_organis_989df4" ON "decision" ("organisation_id", "state");
CREATE INDEX "idx_decision_gr_code_b18d6a" ON "decision_ground" ("code", "decision_id");
CREATE INDEX "idx_webhook_del_status_5b6f00" ON "webhook_delivery" ("status", "next_attempt_at");
COMMIT;

-- The privacy ledgers: envelope keys, the hash-chained audit log and
-- its signed checkpoints, the consent ledger, and raw transcript segments
-- sealed with their subject's key.

-- Envelope keys (policy/crypto): a data key per data subject, wrapped by
-- the key-encryption key (KEK) of its bucket; key_buckets names each
-- bucket's current KEK and is the row writers lock. The KEKs themselves,
-- wrapped by a master key, are in bucket_keys of the key vault: a separate
-- database (store.OpenVault). bucket_keys stays empty in the data store,
-- and the data store's tables stay empty in the vault.
CREATE TABLE subject_keys (
	id         text        NOT NULL PRIMARY KEY,
	subject    text        NOT NULL UNIQUE,
	bucket     integer     NOT NULL,
	kek_id     text        NOT NULL,
	wrapped    bytea       NOT NULL,
	created_at timestamptz NOT NULL
);

CREATE INDEX subject_keys_bucket_idx ON subject_keys (bucket);

CREATE TABLE key_buckets (
	bucket integer NOT NULL PRIMARY KEY,
	kek_id text    NOT NULL
);

CREATE TABLE bucket_keys (
	id          text        NOT NULL PRIMARY KEY,
	bucket      integer     NOT NULL,
	wrap_key_id text        NOT NULL,
	wrapped     bytea       NOT NULL,
	created_at  timestamptz NOT NULL
);

-- Append-only: seq runs 1, 2, 3...; hash chains each record to the one
-- before it. details is JSON kept as text byte for byte (jsonb would
-- reorder it), since the hash covers it.
CREATE TABLE audit_log (
	seq       bigint      NOT NULL PRIMARY KEY,
	at        timestamptz NOT NULL,
	actor     text        NOT NULL,
	action    text        NOT NULL,
	subject   text        NOT NULL,
	object    text        NOT NULL,
	details   text        NOT NULL,
	prev_hash bytea       NOT NULL,
	hash      bytea       NOT NULL
);

CREATE INDEX audit_log_subject_idx ON audit_log (subject, seq) WHERE subject <> '';

CREATE TABLE audit_checkpoints (
	seq       bigint      NOT NULL PRIMARY KEY,
	hash      bytea       NOT NULL,
	at        timestamptz NOT NULL,
	key_id    text        NOT NULL,
	signature bytea       NOT NULL
);

-- Consent changes of a call, seq 1, 2, 3... per call. No foreign key to
-- calls: consent may be recorded (from a SIP header) before the call row.
CREATE TABLE consent_changes (
	call_id        text        NOT NULL,
	seq            bigint      NOT NULL,
	subject        text        NOT NULL,
	state          text        NOT NULL,
	method         text        NOT NULL,
	actor          text        NOT NULL,
	prompt_version text        NOT NULL,
	at             timestamptz NOT NULL,
	PRIMARY KEY (call_id, seq)
);

CREATE INDEX consent_changes_subject_idx ON consent_changes (subject, at);
CREATE INDEX consent_changes_at_idx ON consent_changes (at);

-- sealed is policy/crypto ciphertext under the subject's key: the store
-- never sees raw text in clear.
CREATE TABLE raw_segments (
	call_id  text   NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
	seq      bigint NOT NULL,
	subject  text   NOT NULL,
	start_ms bigint NOT NULL,
	end_ms   bigint NOT NULL,
	sealed   bytea  NOT NULL,
	PRIMARY KEY (call_id, seq)
);

CREATE INDEX raw_segments_subject_idx ON raw_segments (subject);

-- Retention deletes calls by end time and segments by their call's start.
CREATE INDEX calls_ended_at_idx ON calls (ended_at) WHERE ended_at IS NOT NULL;

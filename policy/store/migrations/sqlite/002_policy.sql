-- The privacy ledgers: envelope keys, the hash-chained audit log and
-- its signed checkpoints, the consent ledger, and raw transcript segments
-- sealed with their subject's key. Times are UTC text as in 001.

-- Envelope keys (policy/crypto): a data key per data subject, wrapped by
-- the key-encryption key (KEK) of its bucket; key_buckets names each
-- bucket's current KEK and is the row writers lock. The KEKs themselves,
-- wrapped by a master key, are in bucket_keys of the key vault: a separate
-- database (store.OpenVault). bucket_keys stays empty in the data store,
-- and the data store's tables stay empty in the vault.
CREATE TABLE subject_keys (
	id         TEXT    NOT NULL PRIMARY KEY,
	subject    TEXT    NOT NULL UNIQUE,
	bucket     INTEGER NOT NULL,
	kek_id     TEXT    NOT NULL,
	wrapped    BLOB    NOT NULL,
	created_at TEXT    NOT NULL
) STRICT;

CREATE INDEX subject_keys_bucket_idx ON subject_keys (bucket);

CREATE TABLE key_buckets (
	bucket INTEGER NOT NULL PRIMARY KEY,
	kek_id TEXT    NOT NULL
) STRICT;

CREATE TABLE bucket_keys (
	id          TEXT    NOT NULL PRIMARY KEY,
	bucket      INTEGER NOT NULL,
	wrap_key_id TEXT    NOT NULL,
	wrapped     BLOB    NOT NULL,
	created_at  TEXT    NOT NULL
) STRICT;

-- Append-only: seq runs 1, 2, 3... (the rowid); hash chains each record
-- to the one before it. details is JSON text kept byte for byte, since the
-- hash covers it.
CREATE TABLE audit_log (
	seq       INTEGER NOT NULL PRIMARY KEY,
	at        TEXT    NOT NULL,
	actor     TEXT    NOT NULL,
	action    TEXT    NOT NULL,
	subject   TEXT    NOT NULL,
	object    TEXT    NOT NULL,
	details   TEXT    NOT NULL,
	prev_hash BLOB    NOT NULL,
	hash      BLOB    NOT NULL
) STRICT;

CREATE INDEX audit_log_subject_idx ON audit_log (subject, seq) WHERE subject <> '';

CREATE TABLE audit_checkpoints (
	seq       INTEGER NOT NULL PRIMARY KEY,
	hash      BLOB    NOT NULL,
	at        TEXT    NOT NULL,
	key_id    TEXT    NOT NULL,
	signature BLOB    NOT NULL
) STRICT;

-- Consent changes of a call, seq 1, 2, 3... per call. No foreign key to
-- calls: consent may be recorded (from a SIP header) before the call row.
CREATE TABLE consent_changes (
	call_id        TEXT    NOT NULL,
	seq            INTEGER NOT NULL,
	subject        TEXT    NOT NULL,
	state          TEXT    NOT NULL,
	method         TEXT    NOT NULL,
	actor          TEXT    NOT NULL,
	prompt_version TEXT    NOT NULL,
	at             TEXT    NOT NULL,
	PRIMARY KEY (call_id, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX consent_changes_subject_idx ON consent_changes (subject, at);
CREATE INDEX consent_changes_at_idx ON consent_changes (at);

-- sealed is policy/crypto ciphertext under the subject's key: the store
-- never sees raw text in clear.
CREATE TABLE raw_segments (
	call_id  TEXT    NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
	seq      INTEGER NOT NULL,
	subject  TEXT    NOT NULL,
	start_ms INTEGER NOT NULL,
	end_ms   INTEGER NOT NULL,
	sealed   BLOB    NOT NULL,
	PRIMARY KEY (call_id, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX raw_segments_subject_idx ON raw_segments (subject);

-- Retention deletes calls by end time and segments by their call's start.
CREATE INDEX calls_ended_at_idx ON calls (ended_at) WHERE ended_at IS NOT NULL;

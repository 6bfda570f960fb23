-- The data subject of each call (a pseudonym), and the consent-gated
-- recordings: one per call at most, an encrypted file in the data
-- directory's recordings/ folder, with the spans muted in it.

-- Which data subject a call belongs to, so erasure and subject access
-- find every call of a caller. subject is a pseudonym, never a number.
CREATE TABLE call_subjects (
	call_id TEXT NOT NULL PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
	subject TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX call_subjects_subject_idx ON call_subjects (subject);

-- file names the ciphertext under recordings/; offset_ms is the call's
-- media time of the first recorded sample; ended_at is NULL while the
-- recording runs.
CREATE TABLE recordings (
	call_id     TEXT    NOT NULL PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
	subject     TEXT    NOT NULL,
	file        TEXT    NOT NULL UNIQUE,
	sample_rate INTEGER NOT NULL,
	offset_ms   INTEGER NOT NULL,
	duration_ms INTEGER NOT NULL,
	complete    INTEGER NOT NULL,
	started_at  TEXT    NOT NULL,
	ended_at    TEXT
) STRICT, WITHOUT ROWID;

CREATE INDEX recordings_subject_idx ON recordings (subject);
CREATE INDEX recordings_ended_at_idx ON recordings (ended_at) WHERE ended_at IS NOT NULL;

-- Spans of a recording replaced by silence (call media time, ms), with
-- the kind of what was there (an entity type, "dtmf"): never the content.
CREATE TABLE recording_mutes (
	call_id  TEXT    NOT NULL REFERENCES recordings (call_id) ON DELETE CASCADE,
	start_ms INTEGER NOT NULL,
	end_ms   INTEGER NOT NULL,
	kind     TEXT    NOT NULL
) STRICT;

CREATE INDEX recording_mutes_call_idx ON recording_mutes (call_id, start_ms);

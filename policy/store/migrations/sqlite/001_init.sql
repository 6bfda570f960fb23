-- Calls, their redacted transcript segments, and small settings.
-- Times are UTC text, fixed width 'YYYY-MM-DDTHH:MM:SS.ffffffZ', so text
-- order is time order.

CREATE TABLE calls (
	id         TEXT NOT NULL PRIMARY KEY,
	channel    TEXT NOT NULL,
	route      TEXT NOT NULL,
	codec      TEXT NOT NULL,
	started_at TEXT NOT NULL,
	ended_at   TEXT,
	end_reason TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX calls_started_at_idx ON calls (started_at DESC, id DESC);

-- text is redact.Redacted.Text(); entities is a JSON array of
-- {"type","start","end"} with byte offsets into text.
CREATE TABLE segments (
	call_id  TEXT    NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
	seq      INTEGER NOT NULL,
	start_ms INTEGER NOT NULL,
	end_ms   INTEGER NOT NULL,
	text     TEXT    NOT NULL,
	entities TEXT    NOT NULL CHECK (json_valid(entities)),
	PRIMARY KEY (call_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE settings (
	key   TEXT NOT NULL PRIMARY KEY,
	value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

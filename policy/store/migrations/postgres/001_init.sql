-- Calls, their redacted transcript segments, and small settings.

CREATE TABLE calls (
	id         text        NOT NULL PRIMARY KEY,
	channel    text        NOT NULL,
	route      text        NOT NULL,
	codec      text        NOT NULL,
	started_at timestamptz NOT NULL,
	ended_at   timestamptz,
	end_reason text        NOT NULL DEFAULT ''
);

CREATE INDEX calls_started_at_idx ON calls (started_at DESC, id DESC);

-- text is redact.Redacted.Text(); entities is a JSON array of
-- {"type","start","end"} with byte offsets into text.
CREATE TABLE segments (
	call_id  text   NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
	seq      bigint NOT NULL,
	start_ms bigint NOT NULL,
	end_ms   bigint NOT NULL,
	text     text   NOT NULL,
	entities jsonb  NOT NULL,
	PRIMARY KEY (call_id, seq)
);

CREATE TABLE settings (
	key   text NOT NULL PRIMARY KEY,
	value text NOT NULL
);

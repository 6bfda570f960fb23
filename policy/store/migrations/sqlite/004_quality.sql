-- The last quality report of each call leg: statistics only (webrtc-stats
-- names and a G.107 MOS as JSON, see media/quality.Report), no address or
-- identifier beyond our call ID. Deleted with the call, or on its own by
-- retention (quality_stats).

CREATE TABLE call_quality (
	call_id     TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
	leg         TEXT NOT NULL,
	reported_at TEXT NOT NULL,
	report      TEXT NOT NULL CHECK (json_valid(report)),
	PRIMARY KEY (call_id, leg)
) STRICT, WITHOUT ROWID;

CREATE INDEX call_quality_reported_at_idx ON call_quality (reported_at);

package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/earshot/earshot/policy/redact"
)

// timePrecision is what both backends keep of a time: PostgreSQL's
// timestamptz resolution. SQLite stores the same digits as text.
const timePrecision = time.Microsecond

// sqliteTimeLayout is fixed width, so text order is time order (years 1 to
// 9999, UTC only), which the calls index and ListCalls rely on.
const sqliteTimeLayout = "2006-01-02T15:04:05.000000Z"

var (
	minTime = time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, time.December, 31, 23, 59, 59, 999999000, time.UTC)
)

// normTime returns t in UTC at the stored precision, or an error if it is
// outside the range both backends can hold.
func normTime(field string, t time.Time) (time.Time, error) {
	t = t.UTC().Truncate(timePrecision)
	if t.Before(minTime) || t.After(maxTime) {
		return time.Time{}, fmt.Errorf("store: %s %s is outside years 1 to 9999", field, t.Format(time.RFC3339))
	}
	return t, nil
}

func formatSQLiteTime(t time.Time) string { return t.Format(sqliteTimeLayout) }

func parseSQLiteTime(s string) (time.Time, error) {
	t, err := time.Parse(sqliteTimeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// checkString rejects what one backend could store and the other could not.
func checkString(field, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("store: %s is not valid UTF-8", field)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("store: %s contains a NUL byte", field)
	}
	return nil
}

func checkStrings(kv ...string) error {
	for i := 0; i+1 < len(kv); i += 2 {
		if err := checkString(kv[i], kv[i+1]); err != nil {
			return err
		}
	}
	return nil
}

var errEmptyID = errors.New("store: empty call ID")

// prepareCall validates c and returns it with its times normalised.
func prepareCall(c Call) (Call, error) {
	if c.ID == "" {
		return Call{}, errEmptyID
	}
	if err := checkStrings("call ID", c.ID, "channel", c.Channel, "route", c.Route,
		"codec", c.Codec, "end reason", c.EndReason); err != nil {
		return Call{}, err
	}
	if c.StartedAt.IsZero() {
		return Call{}, errors.New("store: zero start time")
	}
	var err error
	if c.StartedAt, err = normTime("start time", c.StartedAt); err != nil {
		return Call{}, err
	}
	if !c.EndedAt.IsZero() {
		if c.EndedAt, err = normTime("end time", c.EndedAt); err != nil {
			return Call{}, err
		}
	}
	return c, nil
}

// prepareEnd validates the arguments of EndCall.
func prepareEnd(id string, endedAt time.Time, reason string) (time.Time, error) {
	if id == "" {
		return time.Time{}, errEmptyID
	}
	if endedAt.IsZero() {
		return time.Time{}, errors.New("store: zero end time")
	}
	if err := checkStrings("call ID", id, "end reason", reason); err != nil {
		return time.Time{}, err
	}
	return normTime("end time", endedAt)
}

// storedSegment is a Segment as its columns hold it.
type storedSegment struct {
	text     string
	entities []byte // JSON array of redact.Entity
}

func prepareSegment(s Segment) (storedSegment, error) {
	if s.CallID == "" {
		return storedSegment{}, errEmptyID
	}
	if s.Seq < 0 {
		return storedSegment{}, fmt.Errorf("store: negative segment seq %d", s.Seq)
	}
	text := s.Redacted.Text()
	if err := checkStrings("call ID", s.CallID, "segment text", text); err != nil {
		return storedSegment{}, err
	}
	ents := s.Redacted.Entities()
	if ents == nil {
		ents = []redact.Entity{}
	}
	for _, e := range ents {
		if err := checkString("entity type", e.Type); err != nil {
			return storedSegment{}, err
		}
	}
	js, err := json.Marshal(ents)
	if err != nil {
		return storedSegment{}, fmt.Errorf("store: encode entities: %w", err)
	}
	return storedSegment{text: text, entities: js}, nil
}

// restoreSegment rebuilds a Segment from its columns.
func restoreSegment(callID string, seq int, startMS, endMS int64, text string, entities []byte) (Segment, error) {
	var ents []redact.Entity
	if err := json.Unmarshal(entities, &ents); err != nil {
		return Segment{}, fmt.Errorf("store: decode entities of call %s seq %d: %w", callID, seq, err)
	}
	if len(ents) == 0 {
		ents = nil
	}
	return Segment{
		CallID:   callID,
		Seq:      seq,
		StartMS:  startMS,
		EndMS:    endMS,
		Redacted: redact.Restore(text, ents),
	}, nil
}

func checkLimit(limit int) error {
	if limit < 0 {
		return fmt.Errorf("store: negative limit %d", limit)
	}
	return nil
}

func checkSetting(key, value string) error {
	if key == "" {
		return errors.New("store: empty setting key")
	}
	return checkStrings("setting key", key, "setting value", value)
}

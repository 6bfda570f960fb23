package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// --- SubjectStore ---

func (s *sqliteStore) SetCallSubject(ctx context.Context, callID, subject string) error {
	if err := checkRequired("call ID", callID, "subject", subject); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO call_subjects (call_id, subject) VALUES (?, ?)`, callID, subject)
	if err != nil {
		return sqliteErr("set subject of call "+callID, err)
	}
	return nil
}

func (s *sqliteStore) CallSubject(ctx context.Context, callID string) (string, error) {
	if err := checkRequired("call ID", callID); err != nil {
		return "", err
	}
	var subject string
	err := s.db.QueryRowContext(ctx, `SELECT subject FROM call_subjects WHERE call_id = ?`, callID).Scan(&subject)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: subject of call %s: %w", callID, ErrNotFound)
	}
	if err != nil {
		return "", sqliteErr("subject of call", err)
	}
	return subject, nil
}

func (s *sqliteStore) CallsOf(ctx context.Context, subject string) ([]Call, error) {
	if err := checkRequired("subject", subject); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx,
		`SELECT c.id, c.channel, c.route, c.codec, c.started_at, c.ended_at, c.end_reason
		 FROM calls c JOIN call_subjects cs ON cs.call_id = c.id
		 WHERE cs.subject = ? ORDER BY c.started_at, c.id`, subject)
	if err != nil {
		return nil, sqliteErr("calls of subject", err)
	}
	calls, err := collectSQLite(rows, func(r *sql.Rows) (Call, error) { return scanSQLiteCall(r) })
	if err != nil {
		return nil, sqliteErr("calls of subject", err)
	}
	return calls, nil
}

func (s *sqliteStore) DeleteCallsOf(ctx context.Context, subject string) (int64, error) {
	if err := checkRequired("subject", subject); err != nil {
		return 0, err
	}
	return s.execCount(ctx, "delete calls of subject",
		`DELETE FROM calls WHERE id IN (SELECT call_id FROM call_subjects WHERE subject = ?)`, subject)
}

// --- RecordingStore ---

const sqliteRecordingColumns = `call_id, subject, file, sample_rate, offset_ms, duration_ms, complete, started_at, ended_at`

func scanSQLiteRecording(r rowScanner) (Recording, error) {
	var (
		rec     Recording
		started string
		ended   sql.NullString
	)
	if err := r.Scan(&rec.CallID, &rec.Subject, &rec.File, &rec.SampleRate, &rec.OffsetMS, &rec.DurationMS,
		&rec.Complete, &started, &ended); err != nil {
		return Recording{}, err
	}
	var errS, errE error
	rec.StartedAt, errS = parseSQLiteTime(started)
	if ended.Valid {
		rec.EndedAt, errE = parseSQLiteTime(ended.String)
	}
	return rec, errors.Join(errS, errE)
}

func (s *sqliteStore) AddRecording(ctx context.Context, r Recording) error {
	r, err := prepareRecording(r)
	if err != nil {
		return err
	}
	var ended sql.NullString
	if !r.EndedAt.IsZero() {
		ended = sql.NullString{String: formatSQLiteTime(r.EndedAt), Valid: true}
	}
	_, err = s.db.ExecContext(ctx,
		`INSERT INTO recordings (`+sqliteRecordingColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.CallID, r.Subject, r.File, r.SampleRate, r.OffsetMS, r.DurationMS, r.Complete, formatSQLiteTime(r.StartedAt), ended)
	if err != nil {
		return sqliteErr("add recording of call "+r.CallID, err)
	}
	return nil
}

func (s *sqliteStore) FinishRecording(ctx context.Context, callID string, durationMS int64, complete bool, endedAt time.Time) error {
	if err := checkRequired("call ID", callID); err != nil {
		return err
	}
	endedAt, err := requireTime("recording end", endedAt)
	if err != nil {
		return err
	}
	if durationMS < 0 {
		return fmt.Errorf("store: negative recording duration")
	}
	n, err := s.execCount(ctx, "finish recording",
		`UPDATE recordings SET duration_ms = ?, complete = ?, ended_at = ? WHERE call_id = ?`,
		durationMS, complete, formatSQLiteTime(endedAt), callID)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("store: finish recording of call %s: %w", callID, ErrNotFound)
	}
	return nil
}

func (s *sqliteStore) Recording(ctx context.Context, callID string) (Recording, error) {
	if err := checkRequired("call ID", callID); err != nil {
		return Recording{}, err
	}
	r, err := scanSQLiteRecording(s.db.QueryRowContext(ctx,
		`SELECT `+sqliteRecordingColumns+` FROM recordings WHERE call_id = ?`, callID))
	if errors.Is(err, sql.ErrNoRows) {
		return Recording{}, fmt.Errorf("store: recording of call %s: %w", callID, ErrNotFound)
	}
	if err != nil {
		return Recording{}, sqliteErr("recording", err)
	}
	return r, nil
}

func (s *sqliteStore) queryRecordings(ctx context.Context, op, query string, args ...any) ([]Recording, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, sqliteErr(op, err)
	}
	recs, err := collectSQLite(rows, func(r *sql.Rows) (Recording, error) { return scanSQLiteRecording(r) })
	if err != nil {
		return nil, sqliteErr(op, err)
	}
	return recs, nil
}

func (s *sqliteStore) RecordingsOf(ctx context.Context, subject string) ([]Recording, error) {
	if err := checkRequired("subject", subject); err != nil {
		return nil, err
	}
	return s.queryRecordings(ctx, "recordings of subject",
		`SELECT `+sqliteRecordingColumns+` FROM recordings WHERE subject = ? ORDER BY started_at, call_id`, subject)
}

func (s *sqliteStore) RecordingsEndedBefore(ctx context.Context, cutoff time.Time, limit int) ([]Recording, error) {
	cutoff, err := prepareCutoff(cutoff, limit)
	if err != nil {
		return nil, err
	}
	return s.queryRecordings(ctx, "expired recordings",
		`SELECT `+sqliteRecordingColumns+` FROM recordings WHERE ended_at IS NOT NULL AND ended_at < ?
		 ORDER BY ended_at, call_id LIMIT ?`, formatSQLiteTime(cutoff), limit)
}

func (s *sqliteStore) DeleteRecording(ctx context.Context, callID string) (bool, error) {
	if err := checkRequired("call ID", callID); err != nil {
		return false, err
	}
	n, err := s.execCount(ctx, "delete recording", `DELETE FROM recordings WHERE call_id = ?`, callID)
	return n > 0, err
}

func (s *sqliteStore) AddRecordingMutes(ctx context.Context, callID string, mutes []Mute) error {
	if err := prepareMutes(callID, mutes); err != nil {
		return err
	}
	if len(mutes) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, m := range mutes {
			_, err := tx.ExecContext(ctx, `INSERT INTO recording_mutes (call_id, start_ms, end_ms, kind) VALUES (?, ?, ?, ?)`,
				callID, m.StartMS, m.EndMS, m.Kind)
			if err != nil {
				err = sqliteErr("add recording mutes", err)
				if errors.Is(err, ErrNotFound) {
					return fmt.Errorf("store: no recording of call %s: %w", callID, ErrNotFound)
				}
				return err
			}
		}
		return nil
	})
}

func (s *sqliteStore) RecordingMutes(ctx context.Context, callID string) ([]Mute, error) {
	if err := checkRequired("call ID", callID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx,
		`SELECT start_ms, end_ms, kind FROM recording_mutes WHERE call_id = ? ORDER BY start_ms, end_ms`, callID)
	if err != nil {
		return nil, sqliteErr("recording mutes", err)
	}
	ms, err := collectSQLite(rows, func(r *sql.Rows) (Mute, error) {
		var m Mute
		err := r.Scan(&m.StartMS, &m.EndMS, &m.Kind)
		return m, err
	})
	if err != nil {
		return nil, sqliteErr("recording mutes", err)
	}
	return ms, nil
}

package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// --- SubjectStore ---

func (s *pgStore) SetCallSubject(ctx context.Context, callID, subject string) error {
	if err := checkRequired("call ID", callID, "subject", subject); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO call_subjects (call_id, subject) VALUES ($1, $2)`, callID, subject)
	if err != nil {
		return pgErr("set subject of call "+callID, err)
	}
	return nil
}

func (s *pgStore) CallSubject(ctx context.Context, callID string) (string, error) {
	if err := checkRequired("call ID", callID); err != nil {
		return "", err
	}
	var subject string
	err := s.pool.QueryRow(ctx, `SELECT subject FROM call_subjects WHERE call_id = $1`, callID).Scan(&subject)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("store: subject of call %s: %w", callID, ErrNotFound)
	}
	if err != nil {
		return "", pgErr("subject of call", err)
	}
	return subject, nil
}

func (s *pgStore) CallsOf(ctx context.Context, subject string) ([]Call, error) {
	if err := checkRequired("subject", subject); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx,
		`SELECT c.id, c.channel, c.route, c.codec, c.started_at, c.ended_at, c.end_reason
		 FROM calls c JOIN call_subjects cs ON cs.call_id = c.id
		 WHERE cs.subject = $1 ORDER BY c.started_at, c.id COLLATE "C"`, subject)
	if err != nil {
		return nil, pgErr("calls of subject", err)
	}
	calls, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Call, error) { return scanPGCall(r) })
	if err != nil {
		return nil, pgErr("calls of subject", err)
	}
	return emptyToNil(calls), nil
}

func (s *pgStore) DeleteCallsOf(ctx context.Context, subject string) (int64, error) {
	if err := checkRequired("subject", subject); err != nil {
		return 0, err
	}
	return s.execCount(ctx, "delete calls of subject",
		`DELETE FROM calls WHERE id IN (SELECT call_id FROM call_subjects WHERE subject = $1)`, subject)
}

// --- RecordingStore ---

const pgRecordingColumns = `call_id, subject, file, sample_rate, offset_ms, duration_ms, complete, started_at, ended_at`

func scanPGRecording(r pgx.Row) (Recording, error) {
	var (
		rec            Recording
		started, ended pgtype.Timestamptz
	)
	if err := r.Scan(&rec.CallID, &rec.Subject, &rec.File, &rec.SampleRate, &rec.OffsetMS, &rec.DurationMS,
		&rec.Complete, &started, &ended); err != nil {
		return Recording{}, err
	}
	rec.StartedAt = started.Time.UTC()
	if ended.Valid {
		rec.EndedAt = ended.Time.UTC()
	}
	return rec, nil
}

func (s *pgStore) AddRecording(ctx context.Context, r Recording) error {
	r, err := prepareRecording(r)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx,
		`INSERT INTO recordings (`+pgRecordingColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		r.CallID, r.Subject, r.File, r.SampleRate, r.OffsetMS, r.DurationMS, r.Complete, pgTime(r.StartedAt), pgTime(r.EndedAt))
	if err != nil {
		return pgErr("add recording of call "+r.CallID, err)
	}
	return nil
}

func (s *pgStore) FinishRecording(ctx context.Context, callID string, durationMS int64, complete bool, endedAt time.Time) error {
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
		`UPDATE recordings SET duration_ms = $1, complete = $2, ended_at = $3 WHERE call_id = $4`,
		durationMS, complete, pgTime(endedAt), callID)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("store: finish recording of call %s: %w", callID, ErrNotFound)
	}
	return nil
}

func (s *pgStore) Recording(ctx context.Context, callID string) (Recording, error) {
	if err := checkRequired("call ID", callID); err != nil {
		return Recording{}, err
	}
	r, err := scanPGRecording(s.pool.QueryRow(ctx, `SELECT `+pgRecordingColumns+` FROM recordings WHERE call_id = $1`, callID))
	if errors.Is(err, pgx.ErrNoRows) {
		return Recording{}, fmt.Errorf("store: recording of call %s: %w", callID, ErrNotFound)
	}
	if err != nil {
		return Recording{}, pgErr("recording", err)
	}
	return r, nil
}

func (s *pgStore) queryRecordings(ctx context.Context, op, query string, args ...any) ([]Recording, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, pgErr(op, err)
	}
	recs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Recording, error) { return scanPGRecording(r) })
	if err != nil {
		return nil, pgErr(op, err)
	}
	return emptyToNil(recs), nil
}

func (s *pgStore) RecordingsOf(ctx context.Context, subject string) ([]Recording, error) {
	if err := checkRequired("subject", subject); err != nil {
		return nil, err
	}
	return s.queryRecordings(ctx, "recordings of subject",
		`SELECT `+pgRecordingColumns+` FROM recordings WHERE subject = $1 ORDER BY started_at, call_id COLLATE "C"`, subject)
}

func (s *pgStore) RecordingsEndedBefore(ctx context.Context, cutoff time.Time, limit int) ([]Recording, error) {
	cutoff, err := prepareCutoff(cutoff, limit)
	if err != nil {
		return nil, err
	}
	return s.queryRecordings(ctx, "expired recordings",
		`SELECT `+pgRecordingColumns+` FROM recordings WHERE ended_at < $1
		 ORDER BY ended_at, call_id COLLATE "C" LIMIT $2`, cutoff, limit)
}

func (s *pgStore) DeleteRecording(ctx context.Context, callID string) (bool, error) {
	if err := checkRequired("call ID", callID); err != nil {
		return false, err
	}
	n, err := s.execCount(ctx, "delete recording", `DELETE FROM recordings WHERE call_id = $1`, callID)
	return n > 0, err
}

func (s *pgStore) AddRecordingMutes(ctx context.Context, callID string, mutes []Mute) error {
	if err := prepareMutes(callID, mutes); err != nil {
		return err
	}
	if len(mutes) == 0 {
		return nil
	}
	batch := &pgx.Batch{}
	for _, m := range mutes {
		batch.Queue(`INSERT INTO recording_mutes (call_id, start_ms, end_ms, kind) VALUES ($1, $2, $3, $4)`,
			callID, m.StartMS, m.EndMS, m.Kind)
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		err = pgErr("add recording mutes", err)
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("store: no recording of call %s: %w", callID, ErrNotFound)
		}
		return err
	}
	return nil
}

func (s *pgStore) RecordingMutes(ctx context.Context, callID string) ([]Mute, error) {
	if err := checkRequired("call ID", callID); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx,
		`SELECT start_ms, end_ms, kind FROM recording_mutes WHERE call_id = $1 ORDER BY start_ms, end_ms`, callID)
	if err != nil {
		return nil, pgErr("recording mutes", err)
	}
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Mute, error) {
		var m Mute
		err := r.Scan(&m.StartMS, &m.EndMS, &m.Kind)
		return m, err
	})
	if err != nil {
		return nil, pgErr("recording mutes", err)
	}
	return emptyToNil(ms), nil
}

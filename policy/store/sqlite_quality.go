package store

import (
	"context"
	"time"

	"github.com/earshot/earshot/media/quality"
)

var _ QualityStore = (*sqliteStore)(nil)

func (s *sqliteStore) PutQuality(ctx context.Context, callID, leg string, r quality.Report) error {
	at, report, err := prepareQuality(callID, leg, r)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `
		INSERT INTO call_quality (call_id, leg, reported_at, report) VALUES (?, ?, ?, ?)
		ON CONFLICT (call_id, leg) DO UPDATE SET reported_at = excluded.reported_at, report = excluded.report`,
		callID, leg, formatSQLiteTime(at), string(report))
	if err != nil {
		return sqliteErr("put quality", err)
	}
	return nil
}

func (s *sqliteStore) Quality(ctx context.Context, callID string) ([]QualityReport, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT leg, reported_at, report FROM call_quality WHERE call_id = ? ORDER BY leg`, callID)
	if err != nil {
		return nil, sqliteErr("quality", err)
	}
	defer rows.Close()
	var out []QualityReport
	for rows.Next() {
		r := QualityReport{CallID: callID}
		var at, report string
		if err := rows.Scan(&r.Leg, &at, &report); err != nil {
			return nil, sqliteErr("quality", err)
		}
		if r.ReportedAt, err = parseSQLiteTime(at); err != nil {
			return nil, err
		}
		if r.Report, err = unmarshalQuality([]byte(report)); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, sqliteErr("quality", err)
	}
	return out, nil
}

func (s *sqliteStore) DeleteQualityBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	cutoff, err := normTime("cutoff", cutoff)
	if err != nil {
		return 0, err
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM call_quality WHERE reported_at < ?`, formatSQLiteTime(cutoff))
	if err != nil {
		return 0, sqliteErr("delete quality", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, sqliteErr("delete quality", err)
	}
	return n, nil
}

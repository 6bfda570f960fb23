package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/earshot/earshot/media/quality"
)

var _ QualityStore = (*pgStore)(nil)

func (s *pgStore) PutQuality(ctx context.Context, callID, leg string, r quality.Report) error {
	at, report, err := prepareQuality(callID, leg, r)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `
		INSERT INTO call_quality (call_id, leg, reported_at, report) VALUES ($1, $2, $3, $4)
		ON CONFLICT (call_id, leg) DO UPDATE SET reported_at = excluded.reported_at, report = excluded.report`,
		callID, leg, pgTime(at), string(report))
	if err != nil {
		return pgErr("put quality", err)
	}
	return nil
}

func (s *pgStore) Quality(ctx context.Context, callID string) ([]QualityReport, error) {
	rows, err := s.pool.Query(ctx,
		`SELECT leg, reported_at, report::text FROM call_quality WHERE call_id = $1 ORDER BY leg`, callID)
	if err != nil {
		return nil, pgErr("quality", err)
	}
	defer rows.Close()
	var out []QualityReport
	for rows.Next() {
		r := QualityReport{CallID: callID}
		var at pgtype.Timestamptz
		var report string
		if err := rows.Scan(&r.Leg, &at, &report); err != nil {
			return nil, pgErr("quality", err)
		}
		r.ReportedAt = at.Time.UTC()
		if r.Report, err = unmarshalQuality([]byte(report)); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, pgErr("quality", err)
	}
	return out, nil
}

func (s *pgStore) DeleteQualityBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	cutoff, err := normTime("cutoff", cutoff)
	if err != nil {
		return 0, err
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM call_quality WHERE reported_at < $1`, pgTime(cutoff))
	if err != nil {
		return 0, pgErr("delete quality", err)
	}
	return tag.RowsAffected(), nil
}

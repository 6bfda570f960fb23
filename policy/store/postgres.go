package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgLockClass is the first key of the advisory lock taken while migrating
// (https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS);
// the second key is a hash of the current schema, so databases that keep
// several Earshot schemas migrate them independently. The value spells
// "ERSH" and only has to differ from other applications' lock classes.
const pgLockClass int32 = 0x45525348

// PostgreSQL error codes (https://www.postgresql.org/docs/15/errcodes-appendix.html).
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
)

// pgStore is the PostgreSQL backend over a pgx connection pool.
type pgStore struct {
	pool *pgxpool.Pool
}

func openPostgres(ctx context.Context, databaseURL string, log *slog.Logger) (_ *pgStore, _ MigrateResult, err error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, MigrateResult{}, fmt.Errorf("store: postgres URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, MigrateResult{}, fmt.Errorf("store: postgres pool: %w", err)
	}
	s := &pgStore{pool: pool}
	defer func() {
		if err != nil {
			err = errors.Join(err, s.Close())
		}
	}()
	res, err := s.migrate(ctx, log)
	if err != nil {
		return nil, MigrateResult{}, err
	}
	log.Info("store opened", "database", cfg.ConnConfig.Database, "schema_version", res.To)
	return s, res, nil
}

// migrate applies pending migrations on one connection holding the
// advisory lock, so concurrent Opens of the same schema take turns and the
// later ones find nothing to do.
func (s *pgStore) migrate(ctx context.Context, log *slog.Logger) (_ MigrateResult, err error) {
	all, err := loadMigrations(migrationFS, "migrations/postgres")
	if err != nil {
		return MigrateResult{}, err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return MigrateResult{}, fmt.Errorf("store: connect to postgres: %w", err)
	}
	defer conn.Release()

	const lockArgs = `$1, hashtext(coalesce(current_schema(), ''))`
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(`+lockArgs+`)`, pgLockClass); err != nil {
		return MigrateResult{}, fmt.Errorf("store: migration lock: %w", err)
	}
	defer func() {
		// Unlock even if ctx was cancelled. If that fails, close the
		// connection: the server drops a session's locks with it.
		unlockCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, uerr := conn.Exec(unlockCtx, `SELECT pg_advisory_unlock(`+lockArgs+`)`, pgLockClass); uerr != nil {
			err = errors.Join(err, conn.Hijack().Close(unlockCtx))
		}
	}()

	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer     NOT NULL PRIMARY KEY,
		name       text        NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`); err != nil {
		return MigrateResult{}, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	var from int
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&from); err != nil {
		return MigrateResult{}, fmt.Errorf("store: read schema version: %w", err)
	}
	todo, err := pending(all, from)
	if err != nil {
		return MigrateResult{}, err
	}
	for _, m := range todo {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name)
			return err
		})
		if err != nil {
			return MigrateResult{}, fmt.Errorf("store: migration %s: %w", m.name, err)
		}
		log.Info("store migration applied", "version", m.version, "name", m.name)
	}
	return MigrateResult{From: from, To: all[len(all)-1].version}, nil
}

// pgErr maps constraint violations to the package's sentinels.
func pgErr(op string, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case pgUniqueViolation:
			return fmt.Errorf("store: %s: %w", op, ErrDuplicate)
		case pgForeignKeyViolation:
			return fmt.Errorf("store: %s: unknown call: %w", op, ErrNotFound)
		}
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

func pgTime(t time.Time) pgtype.Timestamptz {
	if t.IsZero() {
		return pgtype.Timestamptz{}
	}
	return pgtype.Timestamptz{Time: t, Valid: true}
}

func (s *pgStore) CreateCall(ctx context.Context, c Call) error {
	c, err := prepareCall(c)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx,
		`INSERT INTO calls (id, channel, route, codec, started_at, ended_at, end_reason)
		 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		c.ID, c.Channel, c.Route, c.Codec, pgTime(c.StartedAt), pgTime(c.EndedAt), c.EndReason)
	if err != nil {
		return pgErr("create call", err)
	}
	return nil
}

func (s *pgStore) EndCall(ctx context.Context, id string, endedAt time.Time, reason string) error {
	endedAt, err := prepareEnd(id, endedAt, reason)
	if err != nil {
		return err
	}
	// One round trip: the CTE ends a live call, the outer query reports
	// whether the call exists at all (ended now or before).
	var exists bool
	err = s.pool.QueryRow(ctx, `
		WITH ended AS (
			UPDATE calls SET ended_at = $2, end_reason = $3
			WHERE id = $1 AND ended_at IS NULL
			RETURNING id
		)
		SELECT EXISTS (SELECT 1 FROM ended) OR EXISTS (SELECT 1 FROM calls WHERE id = $1)`,
		id, pgTime(endedAt), reason).Scan(&exists)
	if err != nil {
		return pgErr("end call", err)
	}
	if !exists {
		return fmt.Errorf("store: end call %s: %w", id, ErrNotFound)
	}
	return nil
}

const pgCallColumns = `id, channel, route, codec, started_at, ended_at, end_reason`

func scanPGCall(r pgx.Row) (Call, error) {
	var (
		c              Call
		started, ended pgtype.Timestamptz
	)
	if err := r.Scan(&c.ID, &c.Channel, &c.Route, &c.Codec, &started, &ended, &c.EndReason); err != nil {
		return Call{}, err
	}
	c.StartedAt = started.Time.UTC()
	if ended.Valid {
		c.EndedAt = ended.Time.UTC()
	}
	return c, nil
}

func (s *pgStore) GetCall(ctx context.Context, id string) (Call, error) {
	if err := checkString("call ID", id); err != nil {
		return Call{}, err
	}
	c, err := scanPGCall(s.pool.QueryRow(ctx, `SELECT `+pgCallColumns+` FROM calls WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Call{}, fmt.Errorf("store: get call %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Call{}, pgErr("get call", err)
	}
	return c, nil
}

func (s *pgStore) ListCalls(ctx context.Context, limit int) ([]Call, error) {
	if err := checkLimit(limit); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx,
		`SELECT `+pgCallColumns+` FROM calls ORDER BY started_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, pgErr("list calls", err)
	}
	calls, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Call, error) { return scanPGCall(r) })
	if err != nil {
		return nil, pgErr("list calls", err)
	}
	if len(calls) == 0 {
		return nil, nil
	}
	return calls, nil
}

func (s *pgStore) AddSegment(ctx context.Context, seg Segment) error {
	st, err := prepareSegment(seg)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx,
		`INSERT INTO segments (call_id, seq, start_ms, end_ms, text, entities) VALUES ($1, $2, $3, $4, $5, $6)`,
		seg.CallID, seg.Seq, seg.StartMS, seg.EndMS, st.text, string(st.entities))
	if err != nil {
		return pgErr(fmt.Sprintf("add segment %d of call %s", seg.Seq, seg.CallID), err)
	}
	return nil
}

func (s *pgStore) Segments(ctx context.Context, callID string) ([]Segment, error) {
	if err := checkString("call ID", callID); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx,
		`SELECT seq, start_ms, end_ms, text, entities::text FROM segments WHERE call_id = $1 ORDER BY seq`, callID)
	if err != nil {
		return nil, pgErr("segments", err)
	}
	segs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Segment, error) {
		var (
			seq            int
			startMS, endMS int64
			text, ents     string
		)
		if err := r.Scan(&seq, &startMS, &endMS, &text, &ents); err != nil {
			return Segment{}, err
		}
		return restoreSegment(callID, seq, startMS, endMS, text, []byte(ents))
	})
	if err != nil {
		return nil, pgErr("segments", err)
	}
	if len(segs) > 0 {
		return segs, nil
	}
	// No segment: tell an unknown call from a call with nothing said yet.
	if _, err := s.GetCall(ctx, callID); err != nil {
		return nil, err
	}
	return nil, nil
}

func (s *pgStore) Setting(ctx context.Context, key string) (string, error) {
	if err := checkString("setting key", key); err != nil {
		return "", err
	}
	var v string
	err := s.pool.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("store: setting %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return "", pgErr("setting", err)
	}
	return v, nil
}

func (s *pgStore) SetSetting(ctx context.Context, key, value string) error {
	if err := checkSetting(key, value); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx,
		`INSERT INTO settings (key, value) VALUES ($1, $2)
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return pgErr("set setting", err)
	}
	return nil
}

// Close closes the pool, waiting until every acquired connection is
// returned. It is idempotent.
func (s *pgStore) Close() error {
	s.pool.Close()
	return nil
}

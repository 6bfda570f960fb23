package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteBusyTimeout is how long a connection waits for another writer, in
// this process or another, before it fails with SQLITE_BUSY.
const sqliteBusyTimeout = 5 * time.Second

// sqliteMaxConns bounds the pool: WAL lets readers run beside the one
// writer, and more connections than that only multiply page caches.
const sqliteMaxConns = 4

// sqliteStore is the embedded backend. It is a database/sql pool over the
// modernc.org/sqlite driver (registered as "sqlite").
type sqliteStore struct {
	db        *sql.DB
	closeOnce sync.Once
	closeErr  error
}

// sqliteDSN builds the driver's connection string for the file at path.
// Every pooled connection runs the pragmas: WAL journal, a busy timeout,
// enforced foreign keys; synchronous=NORMAL is durable across process
// crashes in WAL mode and loses at most the last commits on power loss
// (https://www.sqlite.org/pragma.html#pragma_synchronous); secure_delete
// overwrites deleted content in the file, so what retention or erasure
// deletes is not left in free pages
// (https://www.sqlite.org/pragma.html#pragma_secure_delete). Transactions
// start with BEGIN IMMEDIATE so a read-then-write transaction never fails
// to upgrade its lock (https://www.sqlite.org/lang_transaction.html).
func sqliteDSN(path string) string {
	u := url.URL{Scheme: "file", Path: path, OmitHost: true}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", sqliteBusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "secure_delete(1)")
	q.Set("_txlock", "immediate")
	u.RawQuery = q.Encode()
	return u.String()
}

func openSQLite(ctx context.Context, path string, log *slog.Logger) (_ *sqliteStore, _ MigrateResult, err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, MigrateResult{}, fmt.Errorf("store: create data directory: %w", err)
	}
	if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o077 != 0 {
		// An existing directory keeps its mode: the operator chose it.
		log.Warn("data directory is accessible to other users", "path", dir, "mode", fi.Mode().Perm().String())
	}
	// Create the file ourselves so it is private from the first byte;
	// SQLite gives its -wal and -shm files the database file's mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, MigrateResult{}, fmt.Errorf("store: open database file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, MigrateResult{}, fmt.Errorf("store: open database file: %w", err)
	}

	db, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		return nil, MigrateResult{}, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	db.SetMaxOpenConns(sqliteMaxConns)
	db.SetMaxIdleConns(sqliteMaxConns)
	s := &sqliteStore{db: db}
	defer func() {
		if err != nil {
			err = errors.Join(err, s.Close())
		}
	}()
	if err := db.PingContext(ctx); err != nil {
		return nil, MigrateResult{}, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	res, err := s.migrate(ctx, log)
	if err != nil {
		return nil, MigrateResult{}, err
	}
	log.Info("store opened", "path", path, "schema_version", res.To)
	return s, res, nil
}

func (s *sqliteStore) migrate(ctx context.Context, log *slog.Logger) (MigrateResult, error) {
	all, err := loadMigrations(migrationFS, "migrations/sqlite")
	if err != nil {
		return MigrateResult{}, err
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER NOT NULL PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at TEXT    NOT NULL
	) STRICT`); err != nil {
		return MigrateResult{}, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	from, err := s.schemaVersion(ctx, s.db)
	if err != nil {
		return MigrateResult{}, err
	}
	todo, err := pending(all, from)
	if err != nil {
		return MigrateResult{}, err
	}
	to := from
	for _, m := range todo {
		applied, err := s.apply(ctx, m)
		if err != nil {
			return MigrateResult{}, err
		}
		if applied {
			log.Info("store migration applied", "version", m.version, "name", m.name)
		}
		to = m.version
	}
	return MigrateResult{From: from, To: to}, nil
}

type sqliteQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *sqliteStore) schemaVersion(ctx context.Context, q sqliteQuerier) (int, error) {
	var v int
	if err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: read schema version: %w", err)
	}
	return v, nil
}

// apply runs one migration in its own transaction. The transaction holds
// the write lock from its start (BEGIN IMMEDIATE), so if another process
// applied m meanwhile, apply sees it and does nothing.
func (s *sqliteStore) apply(ctx context.Context, m migration) (applied bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: migration %s: begin: %w", m.name, err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	v, err := s.schemaVersion(ctx, tx)
	if err != nil {
		return false, err
	}
	if v >= m.version {
		return false, tx.Commit()
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("store: migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, formatSQLiteTime(time.Now().UTC().Truncate(timePrecision))); err != nil {
		return false, fmt.Errorf("store: migration %s: record: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("store: migration %s: commit: %w", m.name, err)
	}
	return true, nil
}

func ignoreDone(err error) error {
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}

// sqliteErr maps constraint violations to the package's sentinels.
func sqliteErr(op string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE:
			return fmt.Errorf("store: %s: %w", op, ErrDuplicate)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("store: %s: unknown call: %w", op, ErrNotFound)
		}
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

func (s *sqliteStore) CreateCall(ctx context.Context, c Call) error {
	c, err := prepareCall(c)
	if err != nil {
		return err
	}
	var ended sql.NullString
	if !c.EndedAt.IsZero() {
		ended = sql.NullString{String: formatSQLiteTime(c.EndedAt), Valid: true}
	}
	_, err = s.db.ExecContext(ctx,
		`INSERT INTO calls (id, channel, route, codec, started_at, ended_at, end_reason)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Channel, c.Route, c.Codec, formatSQLiteTime(c.StartedAt), ended, c.EndReason)
	if err != nil {
		return sqliteErr("create call", err)
	}
	return nil
}

func (s *sqliteStore) EndCall(ctx context.Context, id string, endedAt time.Time, reason string) error {
	endedAt, err := prepareEnd(id, endedAt, reason)
	if err != nil {
		return err
	}
	// The update ends a live call. If it changes nothing, the call either
	// does not exist or has already ended.
	res, err := s.db.ExecContext(ctx,
		`UPDATE calls SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL`,
		formatSQLiteTime(endedAt), reason, id)
	if err != nil {
		return sqliteErr("end call", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return sqliteErr("end call", err)
	}
	if n > 0 {
		return nil
	}
	var one int
	err = s.db.QueryRowContext(ctx, `SELECT 1 FROM calls WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: end call %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return sqliteErr("end call", err)
	}
	return nil // already ended: the first end stands
}

const sqliteCallColumns = `id, channel, route, codec, started_at, ended_at, end_reason`

type rowScanner interface{ Scan(dest ...any) error }

func scanSQLiteCall(r rowScanner) (Call, error) {
	var (
		c              Call
		started        string
		ended          sql.NullString
		errStart, errE error
	)
	if err := r.Scan(&c.ID, &c.Channel, &c.Route, &c.Codec, &started, &ended, &c.EndReason); err != nil {
		return Call{}, err
	}
	c.StartedAt, errStart = parseSQLiteTime(started)
	if ended.Valid {
		c.EndedAt, errE = parseSQLiteTime(ended.String)
	}
	return c, errors.Join(errStart, errE)
}

func (s *sqliteStore) GetCall(ctx context.Context, id string) (Call, error) {
	if err := checkString("call ID", id); err != nil {
		return Call{}, err
	}
	c, err := scanSQLiteCall(s.db.QueryRowContext(ctx,
		`SELECT `+sqliteCallColumns+` FROM calls WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Call{}, fmt.Errorf("store: get call %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Call{}, sqliteErr("get call", err)
	}
	return c, nil
}

func (s *sqliteStore) ListCalls(ctx context.Context, limit int) (_ []Call, err error) {
	if err := checkLimit(limit); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx,
		`SELECT `+sqliteCallColumns+` FROM calls ORDER BY started_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, sqliteErr("list calls", err)
	}
	defer func() { err = errors.Join(err, rows.Close()) }()
	var calls []Call
	for rows.Next() {
		c, err := scanSQLiteCall(rows)
		if err != nil {
			return nil, sqliteErr("list calls", err)
		}
		calls = append(calls, c)
	}
	if err := rows.Err(); err != nil {
		return nil, sqliteErr("list calls", err)
	}
	return calls, nil
}

func (s *sqliteStore) AddSegment(ctx context.Context, seg Segment) error {
	st, err := prepareSegment(seg)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx,
		`INSERT INTO segments (call_id, seq, start_ms, end_ms, text, entities) VALUES (?, ?, ?, ?, ?, ?)`,
		seg.CallID, seg.Seq, seg.StartMS, seg.EndMS, st.text, string(st.entities))
	if err != nil {
		return sqliteErr(fmt.Sprintf("add segment %d of call %s", seg.Seq, seg.CallID), err)
	}
	return nil
}

func (s *sqliteStore) Segments(ctx context.Context, callID string) ([]Segment, error) {
	if err := checkString("call ID", callID); err != nil {
		return nil, err
	}
	segs, err := s.segments(ctx, callID)
	if err != nil || len(segs) > 0 {
		return segs, err
	}
	// No segment: tell an unknown call from a call with nothing said yet.
	if _, err := s.GetCall(ctx, callID); err != nil {
		return nil, err
	}
	return nil, nil
}

func (s *sqliteStore) segments(ctx context.Context, callID string) (_ []Segment, err error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT seq, start_ms, end_ms, text, entities FROM segments WHERE call_id = ? ORDER BY seq`, callID)
	if err != nil {
		return nil, sqliteErr("segments", err)
	}
	defer func() { err = errors.Join(err, rows.Close()) }()
	var segs []Segment
	for rows.Next() {
		var (
			seq            int
			startMS, endMS int64
			text, ents     string
		)
		if err := rows.Scan(&seq, &startMS, &endMS, &text, &ents); err != nil {
			return nil, sqliteErr("segments", err)
		}
		seg, err := restoreSegment(callID, seq, startMS, endMS, text, []byte(ents))
		if err != nil {
			return nil, err
		}
		segs = append(segs, seg)
	}
	if err := rows.Err(); err != nil {
		return nil, sqliteErr("segments", err)
	}
	return segs, nil
}

func (s *sqliteStore) Setting(ctx context.Context, key string) (string, error) {
	if err := checkString("setting key", key); err != nil {
		return "", err
	}
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: setting %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return "", sqliteErr("setting", err)
	}
	return v, nil
}

func (s *sqliteStore) SetSetting(ctx context.Context, key, value string) error {
	if err := checkSetting(key, value); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO settings (key, value) VALUES (?, ?)
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return sqliteErr("set setting", err)
	}
	return nil
}

// Close closes the pool, waiting for in-flight queries. It is idempotent.
func (s *sqliteStore) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.db.Close() })
	return s.closeErr
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The policy sub-stores on SQLite. Write transactions start with BEGIN
// IMMEDIATE (see sqliteDSN), so a read-then-write such as an audit append
// holds the database write lock from its first statement, across
// processes.

// collectSQLite scans every row with scan and closes rows.
func collectSQLite[T any](rows *sql.Rows, scan func(*sql.Rows) (T, error)) (_ []T, err error) {
	defer func() { err = errors.Join(err, rows.Close()) }()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// inTx runs fn in a transaction (BEGIN IMMEDIATE) and commits it.
func (s *sqliteStore) inTx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// --- KeyStore ---

const sqliteKeyColumns = `id, subject, bucket, kek_id, wrapped, created_at`

func scanSQLiteKey(r rowScanner) (SubjectKey, error) {
	var (
		k       SubjectKey
		created string
	)
	if err := r.Scan(&k.ID, &k.Subject, &k.Bucket, &k.KEKID, &k.Wrapped, &created); err != nil {
		return SubjectKey{}, err
	}
	var err error
	k.CreatedAt, err = parseSQLiteTime(created)
	return k, err
}

func (s *sqliteStore) subjectKeyWhere(ctx context.Context, op, column, value string) (SubjectKey, error) {
	if err := checkRequired(column, value); err != nil {
		return SubjectKey{}, err
	}
	k, err := scanSQLiteKey(s.db.QueryRowContext(ctx,
		`SELECT `+sqliteKeyColumns+` FROM subject_keys WHERE `+column+` = ?`, value))
	if errors.Is(err, sql.ErrNoRows) {
		return SubjectKey{}, fmt.Errorf("store: %s: %w", op, ErrNotFound)
	}
	if err != nil {
		return SubjectKey{}, sqliteErr(op, err)
	}
	return k, nil
}

func (s *sqliteStore) SubjectKey(ctx context.Context, id string) (SubjectKey, error) {
	return s.subjectKeyWhere(ctx, "subject key", "id", id)
}

func (s *sqliteStore) SubjectKeyOf(ctx context.Context, subject string) (SubjectKey, error) {
	return s.subjectKeyWhere(ctx, "subject key of subject", "subject", subject)
}

func (s *sqliteStore) KeyBucketKEKs(ctx context.Context) (map[int]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT bucket, kek_id FROM key_buckets`)
	if err != nil {
		return nil, sqliteErr("key buckets", err)
	}
	type pair struct {
		b   int
		kek string
	}
	pairs, err := collectSQLite(rows, func(r *sql.Rows) (pair, error) {
		var p pair
		return p, r.Scan(&p.b, &p.kek)
	})
	if err != nil {
		return nil, sqliteErr("key buckets", err)
	}
	m := make(map[int]string, len(pairs))
	for _, p := range pairs {
		m[p.b] = p.kek
	}
	return m, nil
}

func (s *sqliteStore) UpdateKeyBucket(ctx context.Context, bucket int, fn func(tx KeyBucketTx) error) error {
	if err := checkBucket(bucket); err != nil {
		return err
	}
	var fnErr error
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO key_buckets (bucket, kek_id) VALUES (?, '') ON CONFLICT DO NOTHING`, bucket); err != nil {
			return err
		}
		b := &sqliteBucketTx{ctx: ctx, tx: tx, bucket: bucket}
		if err := tx.QueryRowContext(ctx, `SELECT kek_id FROM key_buckets WHERE bucket = ?`, bucket).Scan(&b.kek); err != nil {
			return err
		}
		fnErr = fn(b)
		return fnErr
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return sqliteErr(fmt.Sprintf("update key bucket %d", bucket), err)
	}
	return nil
}

// sqliteBucketTx is a bucket inside a BEGIN IMMEDIATE transaction, which
// holds the database write lock: nothing else writes meanwhile.
type sqliteBucketTx struct {
	ctx    context.Context
	tx     *sql.Tx
	bucket int
	kek    string
}

func (b *sqliteBucketTx) KEKID() string { return b.kek }

func (b *sqliteBucketTx) SetKEKID(id string) error {
	if err := checkRequired("KEK ID", id); err != nil {
		return err
	}
	if _, err := b.tx.ExecContext(b.ctx, `UPDATE key_buckets SET kek_id = ? WHERE bucket = ?`, id, b.bucket); err != nil {
		return sqliteErr("set bucket KEK", err)
	}
	b.kek = id
	return nil
}

func (b *sqliteBucketTx) SubjectKeys() ([]SubjectKey, error) {
	rows, err := b.tx.QueryContext(b.ctx, `SELECT `+sqliteKeyColumns+` FROM subject_keys WHERE bucket = ? ORDER BY id`, b.bucket)
	if err != nil {
		return nil, sqliteErr("bucket subject keys", err)
	}
	keys, err := collectSQLite(rows, func(r *sql.Rows) (SubjectKey, error) { return scanSQLiteKey(r) })
	if err != nil {
		return nil, sqliteErr("bucket subject keys", err)
	}
	return keys, nil
}

func (b *sqliteBucketTx) PutSubjectKey(k SubjectKey) error {
	k, err := prepareSubjectKey(k, b.bucket)
	if err != nil {
		return err
	}
	_, err = b.tx.ExecContext(b.ctx, `INSERT INTO subject_keys (`+sqliteKeyColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
		k.ID, k.Subject, k.Bucket, k.KEKID, k.Wrapped, formatSQLiteTime(k.CreatedAt))
	if err != nil {
		return sqliteErr("put subject key", err)
	}
	return nil
}

func (b *sqliteBucketTx) RewrapSubjectKey(id, kekID string, wrapped []byte) error {
	if err := checkRequired("key ID", id, "KEK ID", kekID); err != nil {
		return err
	}
	if err := checkBytes("wrapped key", wrapped); err != nil {
		return err
	}
	res, err := b.tx.ExecContext(b.ctx, `UPDATE subject_keys SET kek_id = ?, wrapped = ? WHERE id = ? AND bucket = ?`,
		kekID, wrapped, id, b.bucket)
	if err != nil {
		return sqliteErr("rewrap subject key", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return sqliteErr("rewrap subject key", err)
	}
	if n != 1 {
		return fmt.Errorf("store: rewrap subject key %s: %w", id, ErrNotFound)
	}
	return nil
}

func (b *sqliteBucketTx) DeleteSubjectKeys(subject string) (int64, error) {
	if err := checkRequired("subject", subject); err != nil {
		return 0, err
	}
	res, err := b.tx.ExecContext(b.ctx, `DELETE FROM subject_keys WHERE subject = ? AND bucket = ?`, subject, b.bucket)
	if err != nil {
		return 0, sqliteErr("delete subject keys", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, sqliteErr("delete subject keys", err)
	}
	return n, nil
}

// --- Vault ---

const sqliteBucketKeyColumns = `id, bucket, wrap_key_id, wrapped, created_at`

func scanSQLiteBucketKey(r rowScanner) (BucketKey, error) {
	var (
		k       BucketKey
		created string
	)
	if err := r.Scan(&k.ID, &k.Bucket, &k.WrapKeyID, &k.Wrapped, &created); err != nil {
		return BucketKey{}, err
	}
	var err error
	k.CreatedAt, err = parseSQLiteTime(created)
	return k, err
}

func (s *sqliteStore) PutBucketKey(ctx context.Context, k BucketKey) error {
	k, err := prepareBucketKey(k)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO bucket_keys (`+sqliteBucketKeyColumns+`) VALUES (?, ?, ?, ?, ?)`,
		k.ID, k.Bucket, k.WrapKeyID, k.Wrapped, formatSQLiteTime(k.CreatedAt))
	if err != nil {
		return sqliteErr("put bucket key", err)
	}
	return nil
}

func (s *sqliteStore) BucketKey(ctx context.Context, id string) (BucketKey, error) {
	if err := checkRequired("bucket key ID", id); err != nil {
		return BucketKey{}, err
	}
	k, err := scanSQLiteBucketKey(s.db.QueryRowContext(ctx, `SELECT `+sqliteBucketKeyColumns+` FROM bucket_keys WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return BucketKey{}, fmt.Errorf("store: bucket key: %w", ErrNotFound)
	}
	if err != nil {
		return BucketKey{}, sqliteErr("bucket key", err)
	}
	return k, nil
}

func (s *sqliteStore) BucketKeys(ctx context.Context) ([]BucketKey, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+sqliteBucketKeyColumns+` FROM bucket_keys ORDER BY id`)
	if err != nil {
		return nil, sqliteErr("bucket keys", err)
	}
	keys, err := collectSQLite(rows, func(r *sql.Rows) (BucketKey, error) { return scanSQLiteBucketKey(r) })
	if err != nil {
		return nil, sqliteErr("bucket keys", err)
	}
	return keys, nil
}

func (s *sqliteStore) DeleteBucketKey(ctx context.Context, id string) (bool, error) {
	if err := checkRequired("bucket key ID", id); err != nil {
		return false, err
	}
	n, err := s.execCount(ctx, "delete bucket key", `DELETE FROM bucket_keys WHERE id = ?`, id)
	if err != nil || n == 0 {
		return false, err
	}
	// secure_delete zeroed the key's bytes in the page, but the write-ahead
	// log still holds earlier images of that page. Copy the log into the
	// database and truncate it, so no file of the vault holds the key.
	if err := s.truncateWAL(ctx); err != nil {
		return true, fmt.Errorf("store: delete bucket key: %w", err)
	}
	return true, nil
}

// truncateWAL checkpoints the whole write-ahead log and truncates it to
// zero bytes (https://www.sqlite.org/pragma.html#pragma_wal_checkpoint).
// A reader in another connection can hold the checkpoint back; it is
// retried for up to the busy timeout.
func (s *sqliteStore) truncateWAL(ctx context.Context) error {
	deadline := time.Now().Add(sqliteBusyTimeout)
	for {
		var busy, logFrames, done int
		if err := s.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
			return fmt.Errorf("checkpoint write-ahead log: %w", err)
		}
		if busy == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("checkpoint write-ahead log: readers kept it busy")
		}
		t := time.NewTimer(10 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (s *sqliteStore) RewrapBucketKey(ctx context.Context, id string, old []byte, wrapKeyID string, wrapped []byte) (bool, error) {
	if err := prepareRewrap(id, old, wrapKeyID, wrapped); err != nil {
		return false, err
	}
	n, err := s.execCount(ctx, "rewrap bucket key",
		`UPDATE bucket_keys SET wrap_key_id = ?, wrapped = ? WHERE id = ? AND wrapped = ?`, wrapKeyID, wrapped, id, old)
	return n == 1, err
}

// --- AuditStore ---

const sqliteAuditColumns = `seq, at, actor, action, subject, object, details, prev_hash, hash`

func scanSQLiteAudit(r rowScanner) (AuditRecord, error) {
	var (
		a  AuditRecord
		at string
	)
	if err := r.Scan(&a.Seq, &at, &a.Actor, &a.Action, &a.Subject, &a.Object, &a.Details, &a.PrevHash, &a.Hash); err != nil {
		return AuditRecord{}, err
	}
	var err error
	a.At, err = parseSQLiteTime(at)
	return a, err
}

func sqliteAuditHead(ctx context.Context, q sqliteQuerier) (AuditHead, error) {
	var h AuditHead
	err := q.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&h.Seq, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		err = q.QueryRowContext(ctx, `SELECT seq, hash FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`).Scan(&h.Seq, &h.Hash)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return AuditHead{}, nil
	}
	return h, err
}

func (s *sqliteStore) AppendAudit(ctx context.Context, next func(head AuditHead) (AuditRecord, error)) (AuditRecord, error) {
	var rec AuditRecord
	var nextErr error
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		head, err := sqliteAuditHead(ctx, tx)
		if err != nil {
			return err
		}
		rec, nextErr = next(head)
		if nextErr != nil {
			return nextErr
		}
		if err := checkAuditRecord(head, rec); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (`+sqliteAuditColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			rec.Seq, formatSQLiteTime(rec.At), rec.Actor, rec.Action, rec.Subject, rec.Object, rec.Details, rec.PrevHash, rec.Hash)
		return err
	})
	if nextErr != nil {
		return AuditRecord{}, nextErr
	}
	if err != nil {
		return AuditRecord{}, sqliteErr("append audit record", err)
	}
	return rec, nil
}

func (s *sqliteStore) AuditHead(ctx context.Context) (AuditHead, error) {
	h, err := sqliteAuditHead(ctx, s.db)
	if err != nil {
		return AuditHead{}, sqliteErr("audit head", err)
	}
	return h, nil
}

func (s *sqliteStore) queryAudit(ctx context.Context, op, query string, args ...any) ([]AuditRecord, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, sqliteErr(op, err)
	}
	recs, err := collectSQLite(rows, func(r *sql.Rows) (AuditRecord, error) { return scanSQLiteAudit(r) })
	if err != nil {
		return nil, sqliteErr(op, err)
	}
	return recs, nil
}

func (s *sqliteStore) AuditRecords(ctx context.Context, afterSeq int64, limit int) ([]AuditRecord, error) {
	if err := checkPositiveLimit(limit); err != nil {
		return nil, err
	}
	return s.queryAudit(ctx, "audit records",
		`SELECT `+sqliteAuditColumns+` FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`, afterSeq, limit)
}

func (s *sqliteStore) AuditRecordsOf(ctx context.Context, subject string, afterSeq int64, limit int) ([]AuditRecord, error) {
	if err := checkPositiveLimit(limit); err != nil {
		return nil, err
	}
	if err := checkRequired("subject", subject); err != nil {
		return nil, err
	}
	return s.queryAudit(ctx, "audit records of subject",
		`SELECT `+sqliteAuditColumns+` FROM audit_log WHERE subject = ? AND seq > ? ORDER BY seq LIMIT ?`, subject, afterSeq, limit)
}

func (s *sqliteStore) AddAuditCheckpoint(ctx context.Context, cp AuditCheckpoint) error {
	cp, err := prepareCheckpoint(cp)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx,
		`INSERT INTO audit_checkpoints (seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?)`,
		cp.Seq, cp.Hash, formatSQLiteTime(cp.At), cp.KeyID, cp.Signature)
	if err != nil {
		return sqliteErr("add audit checkpoint", err)
	}
	return nil
}

func (s *sqliteStore) AuditCheckpoints(ctx context.Context) ([]AuditCheckpoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, hash, at, key_id, signature FROM audit_checkpoints ORDER BY seq`)
	if err != nil {
		return nil, sqliteErr("audit checkpoints", err)
	}
	cps, err := collectSQLite(rows, func(r *sql.Rows) (AuditCheckpoint, error) {
		var (
			cp AuditCheckpoint
			at string
		)
		if err := r.Scan(&cp.Seq, &cp.Hash, &at, &cp.KeyID, &cp.Signature); err != nil {
			return AuditCheckpoint{}, err
		}
		var err error
		cp.At, err = parseSQLiteTime(at)
		return cp, err
	})
	if err != nil {
		return nil, sqliteErr("audit checkpoints", err)
	}
	return cps, nil
}

func (s *sqliteStore) PruneAudit(ctx context.Context, throughSeq int64) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM audit_checkpoints WHERE seq = ?`, throughSeq).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no checkpoint at seq %d: %w", throughSeq, ErrNotFound)
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM audit_log WHERE seq <= ?`, throughSeq)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM audit_checkpoints WHERE seq < ?`, throughSeq)
		return err
	})
	if err != nil {
		return 0, sqliteErr("prune audit log", err)
	}
	return n, nil
}

// --- ConsentStore ---

const sqliteConsentColumns = `call_id, seq, subject, state, method, actor, prompt_version, at`

func scanSQLiteConsent(r rowScanner) (ConsentChange, error) {
	var (
		c  ConsentChange
		at string
	)
	if err := r.Scan(&c.CallID, &c.Seq, &c.Subject, &c.State, &c.Method, &c.Actor, &c.PromptVersion, &at); err != nil {
		return ConsentChange{}, err
	}
	var err error
	c.At, err = parseSQLiteTime(at)
	return c, err
}

func (s *sqliteStore) AddConsentChange(ctx context.Context, c ConsentChange) error {
	c, err := prepareConsent(c)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM consent_changes WHERE call_id = ?`, c.CallID).Scan(&last); err != nil {
			return err
		}
		if err := consentSeqErr(c, last); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO consent_changes (`+sqliteConsentColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			c.CallID, c.Seq, c.Subject, c.State, c.Method, c.Actor, c.PromptVersion, formatSQLiteTime(c.At))
		return err
	})
	if err != nil {
		return sqliteErr(fmt.Sprintf("add consent change %d of call %s", c.Seq, c.CallID), err)
	}
	return nil
}

// consentSeqErr tells a lost race (the seq is taken) from a gap.
func consentSeqErr(c ConsentChange, last int64) error {
	switch {
	case c.Seq <= last:
		return ErrDuplicate
	case c.Seq > last+1:
		return fmt.Errorf("seq %d does not follow the call's last change %d", c.Seq, last)
	}
	return nil
}

func (s *sqliteStore) queryConsent(ctx context.Context, op, query string, arg string) ([]ConsentChange, error) {
	rows, err := s.db.QueryContext(ctx, query, arg)
	if err != nil {
		return nil, sqliteErr(op, err)
	}
	cs, err := collectSQLite(rows, func(r *sql.Rows) (ConsentChange, error) { return scanSQLiteConsent(r) })
	if err != nil {
		return nil, sqliteErr(op, err)
	}
	return cs, nil
}

func (s *sqliteStore) ConsentChanges(ctx context.Context, callID string) ([]ConsentChange, error) {
	if err := checkRequired("call ID", callID); err != nil {
		return nil, err
	}
	return s.queryConsent(ctx, "consent changes",
		`SELECT `+sqliteConsentColumns+` FROM consent_changes WHERE call_id = ? ORDER BY seq`, callID)
}

func (s *sqliteStore) ConsentChangesOf(ctx context.Context, subject string) ([]ConsentChange, error) {
	if err := checkRequired("subject", subject); err != nil {
		return nil, err
	}
	return s.queryConsent(ctx, "consent changes of subject",
		`SELECT `+sqliteConsentColumns+` FROM consent_changes WHERE subject = ? ORDER BY at, call_id, seq`, subject)
}

func (s *sqliteStore) DeleteConsentOf(ctx context.Context, subject string) (int64, error) {
	if err := checkRequired("subject", subject); err != nil {
		return 0, err
	}
	return s.execCount(ctx, "delete consent of subject", `DELETE FROM consent_changes WHERE subject = ?`, subject)
}

func (s *sqliteStore) execCount(ctx context.Context, op, query string, args ...any) (int64, error) {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, sqliteErr(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, sqliteErr(op, err)
	}
	return n, nil
}

// --- RawTranscriptStore ---

func (s *sqliteStore) AddRawSegment(ctx context.Context, r RawSegment) error {
	if err := prepareRawSegment(r); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO raw_segments (call_id, seq, subject, start_ms, end_ms, sealed) VALUES (?, ?, ?, ?, ?, ?)`,
		r.CallID, r.Seq, r.Subject, r.StartMS, r.EndMS, r.Sealed)
	if err != nil {
		return sqliteErr(fmt.Sprintf("add raw segment %d of call %s", r.Seq, r.CallID), err)
	}
	return nil
}

func (s *sqliteStore) RawSegments(ctx context.Context, callID string) ([]RawSegment, error) {
	if err := checkRequired("call ID", callID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx,
		`SELECT seq, subject, start_ms, end_ms, sealed FROM raw_segments WHERE call_id = ? ORDER BY seq`, callID)
	if err != nil {
		return nil, sqliteErr("raw segments", err)
	}
	segs, err := collectSQLite(rows, func(r *sql.Rows) (RawSegment, error) {
		rs := RawSegment{CallID: callID}
		err := r.Scan(&rs.Seq, &rs.Subject, &rs.StartMS, &rs.EndMS, &rs.Sealed)
		return rs, err
	})
	if err != nil {
		return nil, sqliteErr("raw segments", err)
	}
	if len(segs) > 0 {
		return segs, nil
	}
	if _, err := s.GetCall(ctx, callID); err != nil {
		return nil, err
	}
	return nil, nil
}

// --- RetentionStore ---

func (s *sqliteStore) DeleteCallsEndedBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	cutoff, err := prepareCutoff(cutoff, limit)
	if err != nil {
		return 0, err
	}
	return s.execCount(ctx, "delete expired calls",
		`DELETE FROM calls WHERE id IN (
			SELECT id FROM calls WHERE ended_at IS NOT NULL AND ended_at < ? LIMIT ?)`,
		formatSQLiteTime(cutoff), limit)
}

func (s *sqliteStore) deleteCallRowsBefore(ctx context.Context, op, table string, cutoff time.Time, limit int) (int64, error) {
	cutoff, err := prepareCutoff(cutoff, limit)
	if err != nil {
		return 0, err
	}
	return s.execCount(ctx, op,
		`DELETE FROM `+table+` WHERE (call_id, seq) IN (
			SELECT t.call_id, t.seq FROM `+table+` t JOIN calls c ON c.id = t.call_id
			WHERE c.started_at < ? LIMIT ?)`,
		formatSQLiteTime(cutoff), limit)
}

func (s *sqliteStore) DeleteSegmentsBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	return s.deleteCallRowsBefore(ctx, "delete expired segments", "segments", cutoff, limit)
}

func (s *sqliteStore) DeleteRawSegmentsBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	return s.deleteCallRowsBefore(ctx, "delete expired raw segments", "raw_segments", cutoff, limit)
}

func (s *sqliteStore) DeleteConsentBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	cutoff, err := prepareCutoff(cutoff, limit)
	if err != nil {
		return 0, err
	}
	return s.execCount(ctx, "delete expired consent changes",
		`DELETE FROM consent_changes WHERE (call_id, seq) IN (
			SELECT call_id, seq FROM consent_changes
			WHERE at < ? AND call_id NOT IN (SELECT id FROM calls WHERE ended_at IS NULL) LIMIT ?)`,
		formatSQLiteTime(cutoff), limit)
}

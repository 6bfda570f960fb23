package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// The policy sub-stores on PostgreSQL.

// pgAuditLockClass is the first key of the transaction advisory lock that
// serialises audit appends (and prunes) across connections and processes;
// the second key is a hash of the current schema, as for migrations. It
// spells "ERAU".
const pgAuditLockClass int32 = 0x45524155

const pgLockAudit = `SELECT pg_advisory_xact_lock($1, hashtext(coalesce(current_schema(), '')))`

func (s *pgStore) execCount(ctx context.Context, op, query string, args ...any) (int64, error) {
	tag, err := s.pool.Exec(ctx, query, args...)
	if err != nil {
		return 0, pgErr(op, err)
	}
	return tag.RowsAffected(), nil
}

// --- KeyStore ---

const pgKeyColumns = `id, subject, bucket, kek_id, wrapped, created_at`

func scanPGKey(r pgx.Row) (SubjectKey, error) {
	var k SubjectKey
	if err := r.Scan(&k.ID, &k.Subject, &k.Bucket, &k.KEKID, &k.Wrapped, &k.CreatedAt); err != nil {
		return SubjectKey{}, err
	}
	k.CreatedAt = k.CreatedAt.UTC()
	return k, nil
}

func (s *pgStore) subjectKeyWhere(ctx context.Context, op, column, value string) (SubjectKey, error) {
	if err := checkRequired(column, value); err != nil {
		return SubjectKey{}, err
	}
	k, err := scanPGKey(s.pool.QueryRow(ctx, `SELECT `+pgKeyColumns+` FROM subject_keys WHERE `+column+` = $1`, value))
	if errors.Is(err, pgx.ErrNoRows) {
		return SubjectKey{}, fmt.Errorf("store: %s: %w", op, ErrNotFound)
	}
	if err != nil {
		return SubjectKey{}, pgErr(op, err)
	}
	return k, nil
}

func (s *pgStore) SubjectKey(ctx context.Context, id string) (SubjectKey, error) {
	return s.subjectKeyWhere(ctx, "subject key", "id", id)
}

func (s *pgStore) SubjectKeyOf(ctx context.Context, subject string) (SubjectKey, error) {
	return s.subjectKeyWhere(ctx, "subject key of subject", "subject", subject)
}

func (s *pgStore) KeyBucketKEKs(ctx context.Context) (map[int]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT bucket, kek_id FROM key_buckets`)
	if err != nil {
		return nil, pgErr("key buckets", err)
	}
	m := map[int]string{}
	var (
		b   int
		kek string
	)
	_, err = pgx.ForEachRow(rows, []any{&b, &kek}, func() error {
		m[b] = kek
		return nil
	})
	if err != nil {
		return nil, pgErr("key buckets", err)
	}
	return m, nil
}

func (s *pgStore) UpdateKeyBucket(ctx context.Context, bucket int, fn func(tx KeyBucketTx) error) error {
	if err := checkBucket(bucket); err != nil {
		return err
	}
	var fnErr error
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO key_buckets (bucket, kek_id) VALUES ($1, '') ON CONFLICT DO NOTHING`, bucket); err != nil {
			return err
		}
		b := &pgBucketTx{ctx: ctx, tx: tx, bucket: bucket}
		if err := tx.QueryRow(ctx, `SELECT kek_id FROM key_buckets WHERE bucket = $1 FOR UPDATE`, bucket).Scan(&b.kek); err != nil {
			return err
		}
		fnErr = fn(b)
		return fnErr
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return pgErr(fmt.Sprintf("update key bucket %d", bucket), err)
	}
	return nil
}

// pgBucketTx is a bucket inside a transaction that holds its key_buckets
// row lock (SELECT ... FOR UPDATE).
type pgBucketTx struct {
	ctx    context.Context
	tx     pgx.Tx
	bucket int
	kek    string
}

func (b *pgBucketTx) KEKID() string { return b.kek }

func (b *pgBucketTx) SetKEKID(id string) error {
	if err := checkRequired("KEK ID", id); err != nil {
		return err
	}
	if _, err := b.tx.Exec(b.ctx, `UPDATE key_buckets SET kek_id = $1 WHERE bucket = $2`, id, b.bucket); err != nil {
		return pgErr("set bucket KEK", err)
	}
	b.kek = id
	return nil
}

func (b *pgBucketTx) SubjectKeys() ([]SubjectKey, error) {
	rows, err := b.tx.Query(b.ctx, `SELECT `+pgKeyColumns+` FROM subject_keys WHERE bucket = $1 ORDER BY id COLLATE "C"`, b.bucket)
	if err != nil {
		return nil, pgErr("bucket subject keys", err)
	}
	keys, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (SubjectKey, error) { return scanPGKey(r) })
	if err != nil {
		return nil, pgErr("bucket subject keys", err)
	}
	return emptyToNil(keys), nil
}

func (b *pgBucketTx) PutSubjectKey(k SubjectKey) error {
	k, err := prepareSubjectKey(k, b.bucket)
	if err != nil {
		return err
	}
	// A savepoint keeps the transaction usable after a unique violation,
	// as it is on SQLite.
	err = pgx.BeginFunc(b.ctx, b.tx, func(sp pgx.Tx) error {
		_, err := sp.Exec(b.ctx, `INSERT INTO subject_keys (`+pgKeyColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
			k.ID, k.Subject, k.Bucket, k.KEKID, k.Wrapped, k.CreatedAt)
		return err
	})
	if err != nil {
		return pgErr("put subject key", err)
	}
	return nil
}

func (b *pgBucketTx) RewrapSubjectKey(id, kekID string, wrapped []byte) error {
	if err := checkRequired("key ID", id, "KEK ID", kekID); err != nil {
		return err
	}
	if err := checkBytes("wrapped key", wrapped); err != nil {
		return err
	}
	tag, err := b.tx.Exec(b.ctx, `UPDATE subject_keys SET kek_id = $1, wrapped = $2 WHERE id = $3 AND bucket = $4`,
		kekID, wrapped, id, b.bucket)
	if err != nil {
		return pgErr("rewrap subject key", err)
	}
	if tag.RowsAffected() != 1 {
		return fmt.Errorf("store: rewrap subject key %s: %w", id, ErrNotFound)
	}
	return nil
}

func (b *pgBucketTx) DeleteSubjectKeys(subject string) (int64, error) {
	if err := checkRequired("subject", subject); err != nil {
		return 0, err
	}
	tag, err := b.tx.Exec(b.ctx, `DELETE FROM subject_keys WHERE subject = $1 AND bucket = $2`, subject, b.bucket)
	if err != nil {
		return 0, pgErr("delete subject keys", err)
	}
	return tag.RowsAffected(), nil
}

// --- Vault ---

const pgBucketKeyColumns = `id, bucket, wrap_key_id, wrapped, created_at`

func scanPGBucketKey(r pgx.Row) (BucketKey, error) {
	var k BucketKey
	if err := r.Scan(&k.ID, &k.Bucket, &k.WrapKeyID, &k.Wrapped, &k.CreatedAt); err != nil {
		return BucketKey{}, err
	}
	k.CreatedAt = k.CreatedAt.UTC()
	return k, nil
}

func (s *pgStore) PutBucketKey(ctx context.Context, k BucketKey) error {
	k, err := prepareBucketKey(k)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO bucket_keys (`+pgBucketKeyColumns+`) VALUES ($1, $2, $3, $4, $5)`,
		k.ID, k.Bucket, k.WrapKeyID, k.Wrapped, k.CreatedAt)
	if err != nil {
		return pgErr("put bucket key", err)
	}
	return nil
}

func (s *pgStore) BucketKey(ctx context.Context, id string) (BucketKey, error) {
	if err := checkRequired("bucket key ID", id); err != nil {
		return BucketKey{}, err
	}
	k, err := scanPGBucketKey(s.pool.QueryRow(ctx, `SELECT `+pgBucketKeyColumns+` FROM bucket_keys WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return BucketKey{}, fmt.Errorf("store: bucket key: %w", ErrNotFound)
	}
	if err != nil {
		return BucketKey{}, pgErr("bucket key", err)
	}
	return k, nil
}

func (s *pgStore) BucketKeys(ctx context.Context) ([]BucketKey, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+pgBucketKeyColumns+` FROM bucket_keys ORDER BY id COLLATE "C"`)
	if err != nil {
		return nil, pgErr("bucket keys", err)
	}
	keys, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (BucketKey, error) { return scanPGBucketKey(r) })
	if err != nil {
		return nil, pgErr("bucket keys", err)
	}
	return emptyToNil(keys), nil
}

// DeleteBucketKey deletes the row. PostgreSQL keeps the dead row's bytes
// in the table file until vacuum reuses the space, and in its write-ahead
// log until the segment is recycled: a vault database must not be
// archived or backed up (see policy/crypto).
func (s *pgStore) DeleteBucketKey(ctx context.Context, id string) (bool, error) {
	if err := checkRequired("bucket key ID", id); err != nil {
		return false, err
	}
	n, err := s.execCount(ctx, "delete bucket key", `DELETE FROM bucket_keys WHERE id = $1`, id)
	return n > 0, err
}

func (s *pgStore) RewrapBucketKey(ctx context.Context, id string, old []byte, wrapKeyID string, wrapped []byte) (bool, error) {
	if err := prepareRewrap(id, old, wrapKeyID, wrapped); err != nil {
		return false, err
	}
	n, err := s.execCount(ctx, "rewrap bucket key",
		`UPDATE bucket_keys SET wrap_key_id = $1, wrapped = $2 WHERE id = $3 AND wrapped = $4`, wrapKeyID, wrapped, id, old)
	return n == 1, err
}

func emptyToNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// --- AuditStore ---

const pgAuditColumns = `seq, at, actor, action, subject, object, details, prev_hash, hash`

func scanPGAudit(r pgx.Row) (AuditRecord, error) {
	var a AuditRecord
	if err := r.Scan(&a.Seq, &a.At, &a.Actor, &a.Action, &a.Subject, &a.Object, &a.Details, &a.PrevHash, &a.Hash); err != nil {
		return AuditRecord{}, err
	}
	a.At = a.At.UTC()
	return a, nil
}

type pgQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func pgAuditHead(ctx context.Context, q pgQuerier) (AuditHead, error) {
	var h AuditHead
	err := q.QueryRow(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&h.Seq, &h.Hash)
	if errors.Is(err, pgx.ErrNoRows) {
		err = q.QueryRow(ctx, `SELECT seq, hash FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`).Scan(&h.Seq, &h.Hash)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return AuditHead{}, nil
	}
	return h, err
}

func (s *pgStore) AppendAudit(ctx context.Context, next func(head AuditHead) (AuditRecord, error)) (AuditRecord, error) {
	var rec AuditRecord
	var nextErr error
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, pgLockAudit, pgAuditLockClass); err != nil {
			return err
		}
		head, err := pgAuditHead(ctx, tx)
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
		_, err = tx.Exec(ctx, `INSERT INTO audit_log (`+pgAuditColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			rec.Seq, rec.At, rec.Actor, rec.Action, rec.Subject, rec.Object, rec.Details, rec.PrevHash, rec.Hash)
		return err
	})
	if nextErr != nil {
		return AuditRecord{}, nextErr
	}
	if err != nil {
		return AuditRecord{}, pgErr("append audit record", err)
	}
	return rec, nil
}

func (s *pgStore) AuditHead(ctx context.Context) (AuditHead, error) {
	h, err := pgAuditHead(ctx, s.pool)
	if err != nil {
		return AuditHead{}, pgErr("audit head", err)
	}
	return h, nil
}

func (s *pgStore) queryAudit(ctx context.Context, op, query string, args ...any) ([]AuditRecord, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, pgErr(op, err)
	}
	recs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (AuditRecord, error) { return scanPGAudit(r) })
	if err != nil {
		return nil, pgErr(op, err)
	}
	return emptyToNil(recs), nil
}

func (s *pgStore) AuditRecords(ctx context.Context, afterSeq int64, limit int) ([]AuditRecord, error) {
	if err := checkPositiveLimit(limit); err != nil {
		return nil, err
	}
	return s.queryAudit(ctx, "audit records",
		`SELECT `+pgAuditColumns+` FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, afterSeq, limit)
}

func (s *pgStore) AuditRecordsOf(ctx context.Context, subject string, afterSeq int64, limit int) ([]AuditRecord, error) {
	if err := checkPositiveLimit(limit); err != nil {
		return nil, err
	}
	if err := checkRequired("subject", subject); err != nil {
		return nil, err
	}
	return s.queryAudit(ctx, "audit records of subject",
		`SELECT `+pgAuditColumns+` FROM audit_log WHERE subject = $1 AND seq > $2 ORDER BY seq LIMIT $3`, subject, afterSeq, limit)
}

func (s *pgStore) AddAuditCheckpoint(ctx context.Context, cp AuditCheckpoint) error {
	cp, err := prepareCheckpoint(cp)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx,
		`INSERT INTO audit_checkpoints (seq, hash, at, key_id, signature) VALUES ($1, $2, $3, $4, $5)`,
		cp.Seq, cp.Hash, cp.At, cp.KeyID, cp.Signature)
	if err != nil {
		return pgErr("add audit checkpoint", err)
	}
	return nil
}

func (s *pgStore) AuditCheckpoints(ctx context.Context) ([]AuditCheckpoint, error) {
	rows, err := s.pool.Query(ctx, `SELECT seq, hash, at, key_id, signature FROM audit_checkpoints ORDER BY seq`)
	if err != nil {
		return nil, pgErr("audit checkpoints", err)
	}
	cps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (AuditCheckpoint, error) {
		var cp AuditCheckpoint
		err := r.Scan(&cp.Seq, &cp.Hash, &cp.At, &cp.KeyID, &cp.Signature)
		cp.At = cp.At.UTC()
		return cp, err
	})
	if err != nil {
		return nil, pgErr("audit checkpoints", err)
	}
	return emptyToNil(cps), nil
}

func (s *pgStore) PruneAudit(ctx context.Context, throughSeq int64) (int64, error) {
	var n int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, pgLockAudit, pgAuditLockClass); err != nil {
			return err
		}
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM audit_checkpoints WHERE seq = $1`, throughSeq).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("no checkpoint at seq %d: %w", throughSeq, ErrNotFound)
		}
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM audit_log WHERE seq <= $1`, throughSeq)
		if err != nil {
			return err
		}
		n = tag.RowsAffected()
		_, err = tx.Exec(ctx, `DELETE FROM audit_checkpoints WHERE seq < $1`, throughSeq)
		return err
	})
	if err != nil {
		return 0, pgErr("prune audit log", err)
	}
	return n, nil
}

// --- ConsentStore ---

const pgConsentColumns = `call_id, seq, subject, state, method, actor, prompt_version, at`

func scanPGConsent(r pgx.Row) (ConsentChange, error) {
	var c ConsentChange
	if err := r.Scan(&c.CallID, &c.Seq, &c.Subject, &c.State, &c.Method, &c.Actor, &c.PromptVersion, &c.At); err != nil {
		return ConsentChange{}, err
	}
	c.At = c.At.UTC()
	return c, nil
}

func (s *pgStore) AddConsentChange(ctx context.Context, c ConsentChange) error {
	c, err := prepareConsent(c)
	if err != nil {
		return err
	}
	// Two writers that both read the same last seq insert the same
	// primary key: the second fails with a unique violation, ErrDuplicate.
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var last int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM consent_changes WHERE call_id = $1`, c.CallID).Scan(&last); err != nil {
			return err
		}
		if err := consentSeqErr(c, last); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO consent_changes (`+pgConsentColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			c.CallID, c.Seq, c.Subject, c.State, c.Method, c.Actor, c.PromptVersion, c.At)
		return err
	})
	if err != nil {
		return pgErr(fmt.Sprintf("add consent change %d of call %s", c.Seq, c.CallID), err)
	}
	return nil
}

func (s *pgStore) queryConsent(ctx context.Context, op, query, arg string) ([]ConsentChange, error) {
	rows, err := s.pool.Query(ctx, query, arg)
	if err != nil {
		return nil, pgErr(op, err)
	}
	cs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ConsentChange, error) { return scanPGConsent(r) })
	if err != nil {
		return nil, pgErr(op, err)
	}
	return emptyToNil(cs), nil
}

func (s *pgStore) ConsentChanges(ctx context.Context, callID string) ([]ConsentChange, error) {
	if err := checkRequired("call ID", callID); err != nil {
		return nil, err
	}
	return s.queryConsent(ctx, "consent changes",
		`SELECT `+pgConsentColumns+` FROM consent_changes WHERE call_id = $1 ORDER BY seq`, callID)
}

func (s *pgStore) ConsentChangesOf(ctx context.Context, subject string) ([]ConsentChange, error) {
	if err := checkRequired("subject", subject); err != nil {
		return nil, err
	}
	return s.queryConsent(ctx, "consent changes of subject",
		`SELECT `+pgConsentColumns+` FROM consent_changes WHERE subject = $1 ORDER BY at, call_id COLLATE "C", seq`, subject)
}

func (s *pgStore) DeleteConsentOf(ctx context.Context, subject string) (int64, error) {
	if err := checkRequired("subject", subject); err != nil {
		return 0, err
	}
	return s.execCount(ctx, "delete consent of subject", `DELETE FROM consent_changes WHERE subject = $1`, subject)
}

// --- RawTranscriptStore ---

func (s *pgStore) AddRawSegment(ctx context.Context, r RawSegment) error {
	if err := prepareRawSegment(r); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx,
		`INSERT INTO raw_segments (call_id, seq, subject, start_ms, end_ms, sealed) VALUES ($1, $2, $3, $4, $5, $6)`,
		r.CallID, r.Seq, r.Subject, r.StartMS, r.EndMS, r.Sealed)
	if err != nil {
		return pgErr(fmt.Sprintf("add raw segment %d of call %s", r.Seq, r.CallID), err)
	}
	return nil
}

func (s *pgStore) RawSegments(ctx context.Context, callID string) ([]RawSegment, error) {
	if err := checkRequired("call ID", callID); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx,
		`SELECT seq, subject, start_ms, end_ms, sealed FROM raw_segments WHERE call_id = $1 ORDER BY seq`, callID)
	if err != nil {
		return nil, pgErr("raw segments", err)
	}
	segs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (RawSegment, error) {
		rs := RawSegment{CallID: callID}
		err := r.Scan(&rs.Seq, &rs.Subject, &rs.StartMS, &rs.EndMS, &rs.Sealed)
		return rs, err
	})
	if err != nil {
		return nil, pgErr("raw segments", err)
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

func (s *pgStore) DeleteCallsEndedBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	cutoff, err := prepareCutoff(cutoff, limit)
	if err != nil {
		return 0, err
	}
	return s.execCount(ctx, "delete expired calls",
		`DELETE FROM calls WHERE id IN (
			SELECT id FROM calls WHERE ended_at < $1 LIMIT $2)`, cutoff, limit)
}

func (s *pgStore) deleteCallRowsBefore(ctx context.Context, op, table string, cutoff time.Time, limit int) (int64, error) {
	cutoff, err := prepareCutoff(cutoff, limit)
	if err != nil {
		return 0, err
	}
	return s.execCount(ctx, op,
		`DELETE FROM `+table+` WHERE (call_id, seq) IN (
			SELECT t.call_id, t.seq FROM `+table+` t JOIN calls c ON c.id = t.call_id
			WHERE c.started_at < $1 LIMIT $2)`, cutoff, limit)
}

func (s *pgStore) DeleteSegmentsBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	return s.deleteCallRowsBefore(ctx, "delete expired segments", "segments", cutoff, limit)
}

func (s *pgStore) DeleteRawSegmentsBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	return s.deleteCallRowsBefore(ctx, "delete expired raw segments", "raw_segments", cutoff, limit)
}

func (s *pgStore) DeleteConsentBefore(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	cutoff, err := prepareCutoff(cutoff, limit)
	if err != nil {
		return 0, err
	}
	return s.execCount(ctx, "delete expired consent changes",
		`DELETE FROM consent_changes WHERE (call_id, seq) IN (
			SELECT call_id, seq FROM consent_changes
			WHERE at < $1 AND call_id NOT IN (SELECT id FROM calls WHERE ended_at IS NULL) LIMIT $2)`, cutoff, limit)
}

package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/earshot/earshot/policy/store"
)

// ErrBroken matches every *BrokenError.
var ErrBroken = errors.New("audit: log broken")

// Kind is how the log is broken.
type Kind string

// The ways Verify finds a log broken.
const (
	// Edited: a record's fields do not match its hash (a column was
	// changed, or a row moved to another seq).
	Edited Kind = "edited"
	// Unlinked: a record's previous hash is not the hash of the record
	// before it (a row was inserted, or replaced with a consistent fake).
	Unlinked Kind = "unlinked"
	// Missing: a seq is absent (a row was deleted or renumbered), or the
	// log starts after seq 1 without a signed anchor and a prune record.
	Missing Kind = "missing"
	// BadCheckpoint: a checkpoint's signature fails, its key is not
	// trusted, or the chain does not match it (records up to it were
	// rewritten).
	BadCheckpoint Kind = "bad checkpoint"
	// Truncated: a checkpoint or the witness vouches for records past the
	// end of the log (the newest records were deleted).
	Truncated Kind = "truncated"
)

// BrokenError reports the first place Verify found the log broken.
type BrokenError struct {
	Seq    int64
	Kind   Kind
	Detail string
}

func (e *BrokenError) Error() string {
	return fmt.Sprintf("audit: log broken at seq %d (%s): %s", e.Seq, e.Kind, e.Detail)
}

// Is makes errors.Is(err, ErrBroken) true.
func (e *BrokenError) Is(target error) bool { return target == ErrBroken }

// Report is what Verify checked.
type Report struct {
	First, Last    int64 // seqs of the first and last record (0, 0: empty)
	Records        int64
	Checkpoints    int
	LastCheckpoint int64 // seq of the newest checkpoint, or 0
	Witnessed      int64 // seq of the witness's checkpoint, or 0
}

// verifyPage is how many records Verify reads at a time.
const verifyPage = 1000

// Verify walks the whole chain and its checkpoints. It returns a
// *BrokenError (errors.Is ErrBroken) naming the first broken seq, another
// error if it could not read the log, or nil and what it checked.
func (l *Log) Verify(ctx context.Context) (Report, error) {
	var rep Report
	cps, err := l.st.AuditCheckpoints(ctx)
	if err != nil {
		return rep, fmt.Errorf("audit: verify: %w", err)
	}
	rep.Checkpoints = len(cps)
	bySeq := make(map[int64]store.AuditCheckpoint, len(cps)+1)
	for _, cp := range cps {
		if err := l.checkSignature(cp); err != nil {
			return rep, &BrokenError{cp.Seq, BadCheckpoint, "checkpoint " + err.Error()}
		}
		bySeq[cp.Seq] = cp
		rep.LastCheckpoint = max(rep.LastCheckpoint, cp.Seq)
	}
	if l.witness != nil {
		w, ok, err := l.witness.Latest(ctx)
		if err != nil {
			return rep, fmt.Errorf("audit: verify: read witness: %w", err)
		}
		if ok {
			if err := l.checkSignature(w); err != nil {
				return rep, &BrokenError{w.Seq, BadCheckpoint, "witness checkpoint " + err.Error()}
			}
			if cp, in := bySeq[w.Seq]; in && !bytes.Equal(cp.Hash, w.Hash) {
				return rep, &BrokenError{w.Seq, BadCheckpoint, "the stored checkpoint differs from the witness's"}
			}
			bySeq[w.Seq] = w
			rep.Witnessed = w.Seq
		}
	}

	var (
		prev      store.AuditRecord
		lastCP    int64              // seq of the last checkpoint passed, for messages
		pruned    = map[int64]bool{} // seqs the log says it was pruned through
		anchored  bool
		started   bool
		afterSeq  int64
		firstSeen int64
	)
	for {
		page, err := l.st.AuditRecords(ctx, afterSeq, verifyPage)
		if err != nil {
			return rep, fmt.Errorf("audit: verify: %w", err)
		}
		for _, r := range page {
			if !started {
				started, firstSeen = true, r.Seq
				rep.First = r.Seq
				switch {
				case r.Seq == 1:
					if !bytes.Equal(r.PrevHash, genesis) {
						if !bytes.Equal(Hash(r), r.Hash) {
							return rep, &BrokenError{1, Edited, "record does not match its hash"}
						}
						return rep, &BrokenError{1, Unlinked, "the first record does not start the chain"}
					}
				default:
					anchor, ok := bySeq[r.Seq-1]
					if !ok {
						return rep, &BrokenError{r.Seq - 1, Missing, fmt.Sprintf("the log starts at seq %d and no signed checkpoint anchors it", r.Seq)}
					}
					prev = store.AuditRecord{Seq: anchor.Seq, Hash: anchor.Hash}
					anchored = true
				}
			} else if r.Seq != prev.Seq+1 {
				return rep, &BrokenError{prev.Seq + 1, Missing, fmt.Sprintf("record %d is missing (the next is %d)", prev.Seq+1, r.Seq)}
			}
			if !bytes.Equal(Hash(r), r.Hash) {
				return rep, &BrokenError{r.Seq, Edited, "record does not match its hash"}
			}
			if prev.Seq > 0 && !bytes.Equal(r.PrevHash, prev.Hash) {
				return rep, &BrokenError{r.Seq, Unlinked, fmt.Sprintf("record does not link to record %d", prev.Seq)}
			}
			if cp, ok := bySeq[r.Seq]; ok {
				if !bytes.Equal(cp.Hash, r.Hash) {
					return rep, &BrokenError{r.Seq, BadCheckpoint, fmt.Sprintf("records %d to %d were rewritten: record %d differs from its signed checkpoint", lastCP+1, r.Seq, r.Seq)}
				}
				lastCP = r.Seq
			}
			if through, ok := pruneClaim(r); ok {
				pruned[through] = true
			}
			prev = r
			rep.Records++
		}
		if len(page) < verifyPage {
			break
		}
		afterSeq = page[len(page)-1].Seq
	}
	rep.Last = prev.Seq
	if anchored && !pruned[firstSeen-1] {
		return rep, &BrokenError{firstSeen - 1, Missing, fmt.Sprintf("records up to %d were removed without a prune record", firstSeen-1)}
	}
	for seq := range bySeq {
		if seq > rep.Last {
			return rep, &BrokenError{rep.Last + 1, Truncated, fmt.Sprintf("a signed checkpoint vouches for record %d but the log ends at %d", seq, rep.Last)}
		}
	}
	return rep, nil
}

// pruneClaim reports the seq a retention.delete record of the audit class
// says the log was pruned through.
func pruneClaim(r store.AuditRecord) (int64, bool) {
	if r.Action != string(RetentionDelete) {
		return 0, false
	}
	var d struct {
		Class      string `json:"class"`
		ThroughSeq int64  `json:"through_seq"`
	}
	if err := json.Unmarshal([]byte(r.Details), &d); err != nil || d.Class != "audit" || d.ThroughSeq <= 0 {
		return 0, false
	}
	return d.ThroughSeq, true
}

// Prune deletes the oldest records, up to the newest checkpoint whose
// record is older than before, and returns how many it deleted. It first
// appends a retention.delete record (actor, class "audit", through_seq),
// so Verify can tell the prune from a deletion. Only a checkpoint whose
// signature verifies and whose record matches it is pruned through; with
// no such checkpoint it deletes nothing.
func (l *Log) Prune(ctx context.Context, actor string, before time.Time) (int64, error) {
	cps, err := l.st.AuditCheckpoints(ctx)
	if err != nil {
		return 0, fmt.Errorf("audit: prune: %w", err)
	}
	for i := len(cps) - 1; i >= 0; i-- {
		cp := cps[i]
		recs, err := l.st.AuditRecords(ctx, cp.Seq-1, 1)
		if err != nil {
			return 0, fmt.Errorf("audit: prune: %w", err)
		}
		if len(recs) == 0 || recs[0].Seq != cp.Seq {
			continue // already pruned through, or missing: not an anchor
		}
		r := recs[0]
		if !r.At.Before(before) {
			continue
		}
		if l.checkSignature(cp) != nil || !bytes.Equal(cp.Hash, r.Hash) || !bytes.Equal(Hash(r), r.Hash) {
			return 0, &BrokenError{cp.Seq, BadCheckpoint, "will not prune through a checkpoint that does not verify"}
		}
		first, err := l.st.AuditRecords(ctx, 0, 1)
		if err != nil {
			return 0, fmt.Errorf("audit: prune: %w", err)
		}
		_, err = l.Append(ctx, Entry{Actor: actor, Action: RetentionDelete, Details: map[string]any{
			"class": "audit", "through_seq": cp.Seq, "records": cp.Seq - first[0].Seq + 1,
		}})
		if err != nil {
			return 0, err
		}
		n, err := l.st.PruneAudit(ctx, cp.Seq)
		if err != nil {
			return 0, fmt.Errorf("audit: prune: %w", err)
		}
		return n, nil
	}
	return 0, nil
}

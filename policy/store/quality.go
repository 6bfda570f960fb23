package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/earshot/earshot/media/quality"
)

// QualityReport is the last quality report of one call leg: statistics
// only (media/quality.Report: webrtc-stats names, a G.107 MOS), no address
// or identifier but our call ID.
type QualityReport struct {
	CallID     string
	Leg        string // "caller", ...
	ReportedAt time.Time
	Report     quality.Report
}

// QualityStore keeps each call leg's last quality report. Both backends
// implement it beside Store; the gateways find it by type assertion
// (gateway.QualityStore is its PutQuality).
type QualityStore interface {
	// PutQuality stores r as the leg's report made now, replacing an
	// earlier one; a report of an unknown call is ErrNotFound.
	PutQuality(ctx context.Context, callID, leg string, r quality.Report) error
	// Quality returns a call's reports in leg order (none for an unknown
	// call).
	Quality(ctx context.Context, callID string) ([]QualityReport, error)
	// DeleteQualityBefore deletes reports made before cutoff and returns
	// how many (retention's quality_stats class).
	DeleteQualityBefore(ctx context.Context, cutoff time.Time) (int64, error)
}

// prepareQuality validates a report's keys and returns its time and JSON.
func prepareQuality(callID, leg string, r quality.Report) (time.Time, []byte, error) {
	if callID == "" {
		return time.Time{}, nil, errEmptyID
	}
	if err := checkStrings("call ID", callID, "leg", leg); err != nil {
		return time.Time{}, nil, err
	}
	if leg == "" {
		return time.Time{}, nil, errors.New("store: empty quality leg")
	}
	b, err := marshalQuality(r)
	if err != nil {
		return time.Time{}, nil, err
	}
	at, err := normTime("report time", time.Now())
	return at, b, err
}

func marshalQuality(r quality.Report) ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("store: encode quality report: %w", err)
	}
	return b, nil
}

func unmarshalQuality(b []byte) (quality.Report, error) {
	var r quality.Report
	if err := json.Unmarshal(b, &r); err != nil {
		return quality.Report{}, fmt.Errorf("store: stored quality report: %w", err)
	}
	return r, nil
}

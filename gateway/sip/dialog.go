package sip

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
)

// uasDialog is the UAS side of one INVITE dialog (RFC 3261 section 12):
// the identifiers and route state needed to answer in-dialog requests and
// to send our own BYE. We keep this small state ourselves instead of
// sipgo's DialogServerSession so that its lifetime is the call's and
// nothing ends it behind our back.
type uasDialog struct {
	id string // sipgo dialog ID: Call-ID, our tag, their tag
	// invite is a clone of the INVITE with our tag in To; every response
	// to it is built from this clone so all carry the same tag.
	invite *sip.Request

	localSeq  atomic.Uint32 // CSeq of our last request in the dialog
	remoteSeq atomic.Uint32 // highest CSeq seen from the peer
}

var errCSeqOrder = errors.New("sip: CSeq out of order")

// newUASDialog checks that req can establish a dialog and adds our To tag
// (RFC 3261 section 12.1.1).
func newUASDialog(req *sip.Request) (*uasDialog, error) {
	switch {
	case req.Contact() == nil:
		return nil, fmt.Errorf("%w: Contact", ErrMissingHeader)
	case req.CallID() == nil:
		return nil, fmt.Errorf("%w: Call-ID", ErrMissingHeader)
	case req.CSeq() == nil:
		return nil, fmt.Errorf("%w: CSeq", ErrMissingHeader)
	case req.To() == nil:
		return nil, fmt.Errorf("%w: To", ErrMissingHeader)
	case req.From() == nil || !req.From().Params.Has("tag"):
		return nil, fmt.Errorf("%w: From tag", ErrMissingHeader)
	}
	invite := req.Clone()
	invite.To().Params.Add("tag", sip.GenerateTagN(16))
	id, err := sip.DialogIDFromRequestUAS(invite)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMissingHeader, err)
	}
	d := &uasDialog{id: id, invite: invite}
	d.remoteSeq.Store(req.CSeq().SeqNo)
	// The UAS's local sequence starts empty; any value works for the first
	// request (RFC 3261 section 12.2.1.1). A random start avoids reuse.
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	d.localSeq.Store(binary.BigEndian.Uint32(b[:]) & 0x3fffffff)
	return d, nil
}

// response builds a response to the dialog's INVITE.
func (d *uasDialog) response(code int, reason string) *sip.Response {
	return sip.NewResponseFromRequest(d.invite, code, reason, nil)
}

// acceptRemoteSeq enforces increasing CSeq on requests inside the dialog
// (RFC 3261 section 12.2.2). ACK and CANCEL reuse their INVITE's CSeq and
// must not come here.
func (d *uasDialog) acceptRemoteSeq(req *sip.Request) error {
	cseq := req.CSeq()
	if cseq == nil {
		return fmt.Errorf("%w: CSeq", ErrMissingHeader)
	}
	for {
		last := d.remoteSeq.Load()
		if cseq.SeqNo <= last {
			return errCSeqOrder
		}
		if d.remoteSeq.CompareAndSwap(last, cseq.SeqNo) {
			return nil
		}
	}
}

// byeRequest builds our BYE (RFC 3261 sections 12.2.1.1 and 15.1.1): to
// the peer's Contact, through the route set its INVITE recorded, with the
// From and To of the INVITE swapped. Without a route set it goes to the
// address the INVITE came from, which survives NAT where the Contact may
// be private.
func (d *uasDialog) byeRequest(contact sip.ContactHeader) *sip.Request {
	inv := d.invite
	bye := sip.NewRequest(sip.BYE, *inv.Contact().Address.Clone())
	bye.SipVersion = inv.SipVersion
	routes := inv.GetHeaders("Record-Route")
	for _, rr := range routes {
		bye.AppendHeader(sip.NewHeader("Route", rr.Value()))
	}
	maxFwd := sip.MaxForwardsHeader(70)
	bye.AppendHeader(&maxFwd)
	from := inv.To().AsFrom()
	bye.AppendHeader(&from)
	to := inv.From().AsTo()
	bye.AppendHeader(&to)
	bye.AppendHeader(sip.HeaderClone(inv.CallID()))
	bye.AppendHeader(&sip.CSeqHeader{SeqNo: d.localSeq.Add(1), MethodName: sip.BYE})
	bye.AppendHeader(&contact)
	bye.SetBody(nil)
	bye.SetTransport(inv.Transport())
	if len(routes) == 0 {
		bye.SetDestination(inv.Source())
	}
	return bye
}

// sendBye sends BYE through cli and returns the final status code.
func (d *uasDialog) sendBye(ctx context.Context, cli *sipgo.Client, contact sip.ContactHeader) (int, error) {
	bye := d.byeRequest(contact)
	tx, err := cli.TransactionRequest(ctx, bye, sipgo.ClientRequestAddVia)
	if err != nil {
		return 0, err
	}
	defer tx.Terminate()
	for {
		select {
		case res := <-tx.Responses():
			if res.IsProvisional() {
				continue
			}
			return res.StatusCode, nil
		case <-tx.Done():
			return 0, fmt.Errorf("sip: BYE transaction: %w", tx.Err())
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

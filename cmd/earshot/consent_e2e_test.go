package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/jackc/pgx/v5"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/media/wav"
	"github.com/earshot/earshot/policy/audit"
	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/recording"
	"github.com/earshot/earshot/policy/store"
	"github.com/earshot/earshot/policy/store/storetest"
)

// Canaries: personal data the consent tests put into calls (speech, the
// SIP From user, a SIP header) and then look for in clear everywhere the
// server writes.
const (
	canaryCaller = "+4598765432"
	phoneDigits  = "4523456789" // spoken in testdata/phone.wav
	canaryName   = "Quillfeather"
	canaryEmail  = "quill.canary@example.org"
)

// server is one `earshot serve` run in-process.
type server struct {
	t         *testing.T
	dir       string
	dataDir   string
	keyDir    string
	tmpDir    string
	dbURL     string
	args      []string
	sip, http int
	token     string
	out, log  syncBuffer
	stop      func()
	evc       chan events.Event
}

// startServer runs serve with the privacy machinery on: raw transcripts
// kept, a short checkpoint interval.
func startServer(t *testing.T, dbURL string, rtpPorts string) *server {
	t.Helper()
	s := &server{t: t, dir: t.TempDir(), dbURL: dbURL, token: "consent-test-token-0123456789"}
	s.dataDir = filepath.Join(s.dir, "data")
	s.keyDir = filepath.Join(s.dir, "keys")
	s.tmpDir = filepath.Join(s.dir, "tmp")
	if err := os.MkdirAll(s.tmpDir, 0o700); err != nil {
		t.Fatal(err)
	}
	s.sip, s.http = freeUDPTCPPort(t), freeTCPPort(t)
	s.args = []string{"--data-dir", s.dataDir, "--key-dir", s.keyDir}
	if dbURL != "" {
		s.args = append(s.args, "--database-url", dbURL)
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	served := make(chan struct{})
	var serveErr error
	go func() {
		defer close(served)
		serveErr = run(ctx, append([]string{"serve",
			"--sip-addr", fmt.Sprintf("127.0.0.1:%d", s.sip),
			"--http-addr", fmt.Sprintf("127.0.0.1:%d", s.http),
			"--admin-token", s.token, "--rtp-ports", rtpPorts, "--stt-streams", "3", "--log-level", "debug",
			"--raw-transcripts", "--audit-checkpoint-interval", "2s",
		}, s.args...), nil, &s.out, &s.log)
	}()
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			cancel()
			<-served
			if serveErr != nil {
				t.Errorf("serve: %v\n%s", serveErr, s.log.String())
			}
		})
	}
	t.Cleanup(s.stop)
	waitHTTP(t, s.url("/healthz"), served)

	ws, _, err := websocket.DefaultDialer.Dial(fmt.Sprintf("ws://127.0.0.1:%d/api/v1/events", s.http),
		http.Header{"Authorization": {"Bearer " + s.token}})
	if err != nil {
		t.Fatalf("websocket: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	s.evc = make(chan events.Event, 4096)
	go func() {
		defer close(s.evc)
		for {
			var ev events.Event
			if err := ws.ReadJSON(&ev); err != nil {
				return
			}
			s.evc <- ev
		}
	}()
	return s
}

func (s *server) url(path string) string { return fmt.Sprintf("http://127.0.0.1:%d%s", s.http, path) }

// do sends an authenticated request and returns the status and body.
func (s *server) do(method, path, body string) (int, []byte) {
	s.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.url(path), r)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return resp.StatusCode, b
}

// placeCall starts `earshot call` and returns our call ID (from the
// call.started event that follows), and a channel with the call's result.
// Calls are placed one at a time so each call.started is known to be its
// own.
func (s *server) placeCall(ctx context.Context, audio, from string, headers ...string) (string, time.Time, <-chan error) {
	s.t.Helper()
	args := []string{"call", "--audio", audio, "--codec", "pcmu", "--from", from}
	for _, h := range headers {
		args = append(args, "--header", h)
	}
	args = append(args, fmt.Sprintf("sip:bot@127.0.0.1:%d", s.sip))
	done := make(chan error, 1)
	var out syncBuffer
	go func() {
		err := run(ctx, args, nil, &out, &out)
		if err != nil {
			err = fmt.Errorf("%w\n%s", err, out.String())
		}
		done <- err
	}()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case ev := <-s.evc:
			if ev.Type == events.CallStarted {
				return ev.CallID, time.Now(), done
			}
		case err := <-done:
			s.t.Fatalf("call ended before it started: %v", err)
		case <-timeout:
			s.t.Fatal("no call.started")
		}
	}
}

// concatWAV writes the clips (16 kHz) with gap seconds of silence between
// and returns the samples.
func concatWAV(t *testing.T, path string, gap float64, clips ...[]int16) []int16 {
	t.Helper()
	var all []int16
	for i, c := range clips {
		if i > 0 {
			all = append(all, make([]int16, int(gap*16000))...)
		}
		all = append(all, c...)
	}
	writeWAV(t, path, 16000, all)
	return all
}

// TestConsentEndToEnd places real SIP calls through `earshot serve`, in
// real time and concurrently:
//
//   - a call without consent, watched for its whole length: no recording
//     file, no recording row, and afterwards no stretch of its audio in
//     any file of the data or temp directory;
//   - a call granted consent through the API at 5 s and withdrawn at 15 s:
//     its recording holds exactly that window of what was sent;
//   - a call whose trunk grants consent by header and whose caller speaks
//     a card and a phone number: its recording, transcribed again with
//     `earshot transcribe`, yields none of their digits; the canaries of
//     that call (its From number, a name and e-mail in a SIP header, the
//     spoken numbers) appear in clear in no file, database row or log;
//
// then erases the third caller with `earshot subject forget` while serve
// runs, and checks that a backup taken before no longer decrypts their
// recording or raw text, that the erasure is audited, and that `earshot
// audit verify` passes, then fails after one audit row is edited.
func TestConsentEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time SIP calls (~25 s); skipped with -short")
	}
	requireFile(t, filepath.Join(librivoxDir, "transcription"), "pocketsphinx-testdata (scripts/deps.sh test)")
	s := startServer(t, "", "31500-31599")
	t.Setenv("TMPDIR", s.tmpDir)
	ctx := t.Context()

	speech, _ := librivoxSpeech(t)
	window := speech[:20*16000]
	windowWAV := filepath.Join(s.dir, "window.wav")
	writeWAV(t, windowWAV, 16000, window)
	silentSpeech := speech[20*16000 : 32*16000]
	silentWAV := filepath.Join(s.dir, "silent.wav")
	writeWAV(t, silentWAV, 16000, silentSpeech)
	card, phone := readWAV(t, "testdata/card.wav"), readWAV(t, "testdata/phone.wav")
	piiWAV := filepath.Join(s.dir, "pii.wav")
	pii := concatWAV(t, piiWAV, 1, card, phone)

	// Call 1: the consent window.
	windowID, windowStart, windowDone := s.placeCall(ctx, windowWAV, "+4511111111")
	// Call 2: no consent at all.
	silentID, _, silentDone := s.placeCall(ctx, silentWAV, "+4522222222")
	// Call 3: consent from the trunk; card, phone and canaries.
	piiID, _, piiDone := s.placeCall(ctx, piiWAV, canaryCaller, "X-Recording-Consent: granted",
		"X-Customer: "+canaryName+" <"+canaryEmail+"> card "+cardDigits)

	// Watch the call without consent for its whole length.
	watchDone := make(chan struct{})
	var watchErr error
	var watched int
	go func() {
		defer close(watchDone)
		for {
			select {
			case <-silentDone:
				return
			case <-time.After(100 * time.Millisecond):
			}
			watched++
			if _, err := os.Stat(filepath.Join(s.dataDir, "recordings", silentID+".rec")); !errors.Is(err, fs.ErrNotExist) {
				watchErr = fmt.Errorf("recording file of the call without consent: %v", err)
				return
			}
			if code, _ := s.do("GET", "/api/v1/calls/"+silentID+"/recording", ""); code != http.StatusNotFound {
				watchErr = fmt.Errorf("recording of the call without consent: %d", code)
				return
			}
		}
	}()

	// Bad requests while calls run.
	for _, tc := range []struct {
		path, body string
		want       int
	}{
		{"/api/v1/calls/" + windowID + "/consent", `{"state":"maybe"}`, http.StatusBadRequest},
		{"/api/v1/calls/" + windowID + "/consent", `{"state":"granted","method":"fax"}`, http.StatusBadRequest},
		{"/api/v1/calls/" + windowID + "/consent", `not json`, http.StatusBadRequest},
		{"/api/v1/calls/" + windowID + "/consent", `{"state":"withdrawn"}`, http.StatusConflict},
		{"/api/v1/calls/nosuchcall/consent", `{"state":"granted"}`, http.StatusNotFound},
	} {
		if code, body := s.do("POST", tc.path, tc.body); code != tc.want {
			t.Errorf("POST %s %s = %d %s, want %d", tc.path, tc.body, code, body, tc.want)
		}
	}

	// Grant at 5 s, withdraw at 15 s of call 1.
	time.Sleep(time.Until(windowStart.Add(5 * time.Second)))
	if code, body := s.do("POST", "/api/v1/calls/"+windowID+"/consent", `{"state":"granted","method":"api","prompt_version":"v1"}`); code != http.StatusOK {
		t.Fatalf("grant: %d %s", code, body)
	}
	time.Sleep(time.Until(windowStart.Add(15 * time.Second)))
	if code, body := s.do("POST", "/api/v1/calls/"+windowID+"/consent", `{"state":"withdrawn","method":"speech"}`); code != http.StatusOK {
		t.Fatalf("withdraw: %d %s", code, body)
	}
	for name, done := range map[string]<-chan error{"window": windowDone, "pii": piiDone} {
		if err := <-done; err != nil {
			t.Fatalf("%s call: %v", name, err)
		}
	}
	<-watchDone
	if watchErr != nil || watched < 50 {
		t.Fatalf("watch of the call without consent: %v after %d looks", watchErr, watched)
	}
	t.Logf("watched the call without consent %d times: no recording", watched)
	// Let call.ended of every call arrive (the recordings are finished
	// before it).
	waitEnded(t, s, windowID, silentID, piiID)

	// (a) No audio of the call without consent anywhere in the data dir
	// (database included) or the temp dir.
	checkNoAudioWritten(t, []string{s.dataDir, s.tmpDir}, silentSpeech)

	// (b) The consent window.
	checkWindowRecording(t, s, windowID, window)

	// (c) The consented recording with card and phone numbers.
	checkMutedRecording(t, s, piiID)

	// (e) Canaries in clear: nowhere.
	checkCanaries(t, s, piiID, pii)

	// (d) Erasure, backups and the audit trail.
	checkErasure(t, s, piiID)
}

func waitEnded(t *testing.T, s *server, ids ...string) {
	t.Helper()
	left := map[string]bool{}
	for _, id := range ids {
		left[id] = true
	}
	// A loaded machine (-race, other tests) may take long to recognise
	// the backlog a call leaves at its end.
	timeout := time.After(120 * time.Second)
	for len(left) > 0 {
		select {
		case ev := <-s.evc:
			if ev.Type == events.CallEnded {
				delete(left, ev.CallID)
			}
		case <-timeout:
			t.Fatalf("calls %v did not end", left)
		}
	}
}

// recordingWAV fetches a call's recording.
func recordingWAV(t *testing.T, s *server, id string) *wav.Audio {
	t.Helper()
	code, body := s.do("GET", "/api/v1/calls/"+id+"/recording", "")
	if code != http.StatusOK {
		t.Fatalf("GET recording of %s: %d %s", id, code, body)
	}
	a, err := wav.Read(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// checkWindowRecording: consent granted at 5 s and withdrawn at 15 s of
// the call gives a recording of 5 s to 15 s of what the caller sent.
func checkWindowRecording(t *testing.T, s *server, id string, sent []int16) {
	t.Helper()
	code, body := s.do("GET", "/api/v1/calls/"+id, "")
	if code != http.StatusOK {
		t.Fatalf("call %s: %d", id, code)
	}
	db := openTestDB(t, s)
	rec, err := db.Recording(t.Context(), id)
	if err != nil {
		t.Fatalf("recording row: %v (%s)", err, body)
	}
	t.Logf("consent window recording: offset %d ms, duration %d ms", rec.OffsetMS, rec.DurationMS)
	// The test's clock starts at call.started, a little before the media.
	if rec.OffsetMS < 4500 || rec.OffsetMS > 5300 {
		t.Errorf("recording starts at %d ms of the call, want about 5000", rec.OffsetMS)
	}
	if rec.DurationMS < 9600 || rec.DurationMS > 10400 {
		t.Errorf("recording lasts %d ms, want about 10000", rec.DurationMS)
	}
	a := recordingWAV(t, s, id)
	if got := int64(len(a.Samples)) * 1000 / int64(a.Rate); got != rec.DurationMS {
		t.Errorf("WAV lasts %d ms, the row says %d", got, rec.DurationMS)
	}
	// The content: each second of the recording matches the sent audio at
	// offset+that second, within 250 ms (measured: the media clock runs
	// 120-140 ms ahead of the sent audio, the jitter buffer's start-up).
	matched := 0
	for sec := 1; sec < 9 && (sec+1)*16000 <= len(a.Samples); sec++ {
		at := int(rec.OffsetMS)*16 + sec*16000
		lag, corr := bestLag(a.Samples[sec*16000:sec*16000+4000], sent, at-3200, at+3200)
		if corr < 0.6 {
			continue // a muted or silent second
		}
		matched++
		if d := math.Abs(float64(lag-at)) / 16; d > 250 {
			t.Errorf("second %d of the recording is the caller's audio at %d ms, want %d ms", sec, lag/16, at/16)
		}
	}
	if matched < 4 {
		t.Errorf("only %d seconds of the recording match the audio sent", matched)
	}
}

// bestLag finds where in ref (between lo and hi) win fits best, by
// normalised correlation.
func bestLag(win, ref []int16, lo, hi int) (int, float64) {
	best, bestC := lo, -1.0
	var ew float64
	for _, v := range win {
		ew += float64(v) * float64(v)
	}
	if ew == 0 {
		return lo, 0
	}
	for l := max(lo, 0); l <= hi && l+len(win) <= len(ref); l += 2 {
		var dot, er float64
		for i, v := range win {
			r := float64(ref[l+i])
			dot += float64(v) * r
			er += r * r
		}
		if er == 0 {
			continue
		}
		if c := dot / math.Sqrt(ew*er); c > bestC {
			best, bestC = l, c
		}
	}
	return best, bestC
}

// checkMutedRecording: the recording of the card and phone call,
// transcribed again, holds none of their digits, but still speech.
func checkMutedRecording(t *testing.T, s *server, id string) {
	t.Helper()
	a := recordingWAV(t, s, id)
	path := filepath.Join(s.dir, "pii-recording.wav")
	writeWAV(t, path, a.Rate, a.Samples)
	text := transcribeText(t, path)
	t.Logf("recording transcribed again: %q", text)
	words := strings.Fields(strings.ToLower(text))
	if len(words) < 3 {
		t.Errorf("the muted recording has no speech left: %q", text)
	}
	for _, w := range words {
		for _, dw := range digitWords {
			if w == dw {
				t.Errorf("digit word %q audible in the recording: %q", w, text)
			}
		}
	}
	if strings.ContainsAny(text, "0123456789") {
		t.Errorf("digits in the transcription of the recording: %q", text)
	}
	db := openTestDB(t, s)
	mutes, err := db.RecordingMutes(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, m := range mutes {
		kinds[m.Kind]++
	}
	t.Logf("mutes: %v", kinds)
	// Which label a digit run gets depends on what the recogniser heard
	// (a loaded machine hears less); that the digits were found at all
	// shows in the transcription above.
	if kinds["CARD_NUMBER"]+kinds["PHONE"]+kinds["NUMBER"] < 2 {
		t.Errorf("mutes %v: want the card and the phone number muted", kinds)
	}
}

// openTestDB opens the server's store next to it.
func openTestDB(t *testing.T, s *server) store.Database {
	t.Helper()
	db, err := store.OpenDatabase(t.Context(), s.dbURL, s.dataDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// canaries returns the byte strings that must not appear in clear.
func canaries() [][]byte {
	var out [][]byte
	for _, c := range []string{canaryCaller, canaryCaller[1:], canaryName, strings.ToLower(canaryName), canaryEmail,
		cardDigits, "4539 1488", phoneDigits, "4523 4567"} {
		out = append(out, []byte(c))
	}
	return out
}

// grepCanaries reports each canary found in b.
func grepCanaries(t *testing.T, where string, b []byte) {
	t.Helper()
	for _, c := range canaries() {
		if bytes.Contains(b, c) {
			t.Errorf("%s holds the canary %q in clear", where, c)
		}
		if bytes.Contains(b, []byte(hex.EncodeToString(c))) {
			t.Errorf("%s holds the canary %q hex-encoded", where, c)
		}
	}
}

// checkCanaries greps every file under the data, key and temp
// directories, the logs, the metrics and the API's answers for the
// canaries of the call.
func checkCanaries(t *testing.T, s *server, id string, pii []int16) {
	t.Helper()
	files := 0
	for _, dir := range []string{s.dataDir, s.keyDir, s.tmpDir} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files++
			grepCanaries(t, path, b)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	grepCanaries(t, "server log", []byte(s.log.String()))
	grepCanaries(t, "server output", []byte(s.out.String()))
	for _, path := range []string{"/metrics", "/api/v1/calls", "/api/v1/calls/" + id, "/api/v1/calls/" + id + "/transcript"} {
		_, body := s.do("GET", path, "")
		grepCanaries(t, "GET "+path, body)
	}
	if s.dbURL != "" {
		grepCanaries(t, "PostgreSQL", dumpPostgres(t, s.dbURL))
	}
	// The recording itself is ciphertext: no stretch of the call's audio.
	checkNoAudioWritten(t, []string{filepath.Join(s.dataDir, "recordings")}, pii)
	t.Logf("canaries: %d files, logs, metrics and API answers: no hits", files)
}

// dumpPostgres returns every row of every table of the URL's schema as
// text (bytea as hex).
func dumpPostgres(t *testing.T, url string) []byte {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	rows, err := conn.Query(t.Context(), `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, tb := range tables {
		rows, err := conn.Query(t.Context(), `SELECT t::text FROM `+pgx.Identifier{tb}.Sanitize()+` t`)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	if len(tables) < 5 || b.Len() == 0 {
		t.Fatalf("PostgreSQL dump: %d tables, %d bytes", len(tables), b.Len())
	}
	return b.Bytes()
}

// policyKeys opens the live key vault and master key next to the server,
// over db.
func policyKeys(t *testing.T, s *server, db store.Database) *crypto.Keys {
	t.Helper()
	master, err := crypto.ReadSecretFile(filepath.Join(s.keyDir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	vault, err := store.OpenVault(t.Context(), "", s.keyDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { vault.Close() })
	return crypto.NewKeys(db, vault, crypto.NewKeyring(crypto.NewMasterKey(master)))
}

// decryptAll reads the call's recording and raw segments from db and dir
// with the live keys.
func decryptAll(t *testing.T, s *server, db store.Database, dataDir, id string) (recErr, rawErr error) {
	t.Helper()
	keys := policyKeys(t, s, db)
	rec, err := recording.New(recording.Options{Dir: filepath.Join(dataDir, "recordings"), Keys: keys, Store: db})
	if err != nil {
		t.Fatal(err)
	}
	pcm, _, recErr := rec.ReadPCM(t.Context(), id)
	if recErr == nil && len(pcm) == 0 {
		recErr = errors.New("empty recording")
	}
	raw, err := db.RawSegments(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) == 0 {
		return recErr, errors.New("no raw segments")
	}
	for _, r := range raw {
		plain, err := keys.Open(t.Context(), r.Subject, r.Sealed, []byte(fmt.Sprintf("earshot/raw-segment/v1\x00%s\x00%d", id, r.Seq)))
		if err != nil {
			return recErr, err
		}
		if bytes.Contains(plain, []byte("[CVV]")) {
			t.Logf("raw segment %d had a CVV removed", r.Seq)
		}
	}
	return recErr, nil
}

// backupSQLite copies the data directory as a backup would: the database
// through VACUUM INTO (consistent while serve writes), the recordings as
// files.
func backupSQLite(t *testing.T, s *server, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(s.dataDir, store.SQLiteFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`VACUUM INTO ?`, filepath.Join(to, store.SQLiteFile)); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(s.dataDir, "recordings")
	dst := filepath.Join(to, "recordings")
	if err := os.MkdirAll(dst, 0o700); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// checkErasure: `earshot subject forget` while serve runs; a backup taken
// before no longer decrypts; the erasure is audited; `earshot audit
// verify` passes, and fails after a single-row edit.
func checkErasure(t *testing.T, s *server, id string) {
	t.Helper()
	backup := filepath.Join(s.dir, "backup")
	backupSQLite(t, s, backup)
	bdb, err := store.OpenDatabase(t.Context(), "", backup, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if recErr, rawErr := decryptAll(t, s, bdb, backup, id); recErr != nil || rawErr != nil {
		t.Fatalf("the backup does not decrypt before the erasure: recording %v, raw %v", recErr, rawErr)
	}

	var out, errOut bytes.Buffer
	if err := run(t.Context(), append([]string{"subject", "forget"}, append(s.args, canaryCaller)...), nil, &out, &errOut); err != nil {
		t.Fatalf("subject forget: %v\n%s", err, errOut.String())
	}
	var e struct {
		Subject      string `json:"subject"`
		KeyDestroyed bool   `json:"key_destroyed"`
		Calls        int    `json:"calls"`
		Recordings   int    `json:"recordings"`
		RawSegments  int    `json:"raw_segments"`
	}
	if err := json.Unmarshal(out.Bytes(), &e); err != nil {
		t.Fatalf("forget output %q: %v", out.String(), err)
	}
	t.Logf("erasure: %+v", e)
	if !e.KeyDestroyed || e.Calls != 1 || e.Recordings != 1 || e.RawSegments == 0 {
		t.Errorf("erasure %+v: want the key, 1 call, 1 recording and raw segments", e)
	}
	grepCanaries(t, "forget output", out.Bytes())

	recErr, rawErr := decryptAll(t, s, bdb, backup, id)
	if !errors.Is(recErr, crypto.ErrKeyDestroyed) || !errors.Is(rawErr, crypto.ErrKeyDestroyed) {
		t.Errorf("backup after the erasure: recording %v, raw %v; want ErrKeyDestroyed for both", recErr, rawErr)
	}
	if code, _ := s.do("GET", "/api/v1/calls/"+id+"/recording", ""); code != http.StatusNotFound {
		t.Errorf("recording after the erasure: %d, want 404", code)
	}
	db := openTestDB(t, s)
	recs, err := db.AuditRecordsOf(t.Context(), e.Subject, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, r := range recs {
		actions[r.Action]++
	}
	if actions[string(audit.SubjectErase)] != 1 || actions[string(audit.ConsentChange)] == 0 || actions[string(audit.RecordingRead)] == 0 {
		t.Errorf("audit records of the subject: %v; want the erasure, the consent change and the recording reads", actions)
	}

	// The export of an erased subject is empty, and audited too.
	out.Reset()
	if err := run(t.Context(), append([]string{"subject", "export"}, append(s.args, canaryCaller)...), nil, &out, &errOut); err != nil {
		t.Fatalf("subject export: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), `"calls": []`) {
		t.Errorf("export after the erasure: %s", out.String())
	}

	// audit verify: intact while serve runs, broken after one edit.
	out.Reset()
	if err := run(t.Context(), append([]string{"audit", "verify"}, s.args...), nil, &out, &errOut); err != nil {
		t.Fatalf("audit verify: %v\n%s", err, errOut.String())
	}
	t.Log(strings.TrimSpace(out.String()))
	s.stop()
	raw, err := sql.Open("sqlite", filepath.Join(s.dataDir, store.SQLiteFile))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	err = run(t.Context(), append([]string{"audit", "verify"}, s.args...), nil, &out, &errOut)
	var broken *audit.BrokenError
	if !errors.As(err, &broken) || broken.Seq != 3 || exitCode(err, io.Discard) != 1 {
		t.Errorf("audit verify after editing record 3: %v (exit %d), want broken at seq 3, exit 1", err, exitCode(err, io.Discard))
	}
}

// TestCanaryPostgres runs the canary call against PostgreSQL: no canary
// in any row of any table, file, log or API answer.
func TestCanaryPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time SIP call (~15 s); skipped with -short")
	}
	t.Parallel()
	s := startServer(t, storetest.PostgresURL(t), "31600-31699")
	card, phone := readWAV(t, "testdata/card.wav"), readWAV(t, "testdata/phone.wav")
	piiWAV := filepath.Join(s.dir, "pii.wav")
	pii := concatWAV(t, piiWAV, 1, card, phone)
	id, _, done := s.placeCall(t.Context(), piiWAV, canaryCaller, "X-Recording-Consent: granted",
		"X-Customer: "+canaryName+" <"+canaryEmail+"> card "+cardDigits)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	waitEnded(t, s, id)
	db := openTestDB(t, s)
	if rec, err := db.Recording(t.Context(), id); err != nil || !rec.Complete {
		t.Fatalf("recording of the consented call: %+v, %v", rec, err)
	}
	checkCanaries(t, s, id, pii)
	s.stop()
	grepCanaries(t, "PostgreSQL after shutdown", dumpPostgres(t, s.dbURL))
}

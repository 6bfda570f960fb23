package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/earshot/earshot/console/events"
	"github.com/earshot/earshot/policy/audit"
	"github.com/earshot/earshot/policy/consent"
	"github.com/earshot/earshot/policy/crypto"
	"github.com/earshot/earshot/policy/privacy"
	"github.com/earshot/earshot/policy/recording"
	"github.com/earshot/earshot/policy/retention"
	"github.com/earshot/earshot/policy/store"
)

// Files in the key directory.
const (
	masterKeyFile    = "master.key"
	pseudonymKeyFile = "pseudonym.key"
	auditKeyFile     = "audit-signing.key"
	auditWitnessFile = "audit-witness.json"
	// masterKeyEnv holds the master key itself (hex or base64) when no
	// --master-key-file is given.
	masterKeyEnv = "EARSHOT_MASTER_KEY"
)

// policyConfig is the privacy part of serve's configuration, shared by the
// admin commands (subject, audit).
type policyConfig struct {
	keyDir           string
	vaultURL         string
	masterKeyFile    string
	consentHeader    string
	recordings       bool
	deleteOnWithdraw bool
	rawTranscripts   bool
	ttl              map[retention.Class]*string
	retentionEvery   time.Duration
	checkpointEvery  time.Duration

	policy retention.Policy
}

// defaultTTL writes a TTL as a number of days when it is whole days.
func defaultTTL(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return d.String()
}

func policyFlags(fs *flag.FlagSet, c *policyConfig) {
	fs.StringVar(&c.keyDir, "key-dir", "", "key directory (master key, key vault, pseudonym and audit keys); outside --data-dir; empty: <data-dir>-keys")
	fs.StringVar(&c.vaultURL, "vault-url", "", "key vault: empty: SQLite file in --key-dir; postgres://... : a PostgreSQL database other than --database-url's")
	fs.StringVar(&c.masterKeyFile, "master-key-file", "", "master key file (64 hex digits or base64 of 32 bytes); empty: $"+masterKeyEnv+", else <key-dir>/master.key, created on first start")
	fs.StringVar(&c.consentHeader, "consent-header", consent.HeaderName, "SIP INVITE header an upstream system sets to granted or denied")
	fs.BoolVar(&c.recordings, "recordings", true, "record calls whose caller granted consent (encrypted, personal data muted)")
	fs.BoolVar(&c.deleteOnWithdraw, "recording-delete-on-withdraw", false, "delete a call's recording when consent is withdrawn (else keep what was recorded before)")
	fs.BoolVar(&c.rawTranscripts, "raw-transcripts", false, "also keep each utterance's raw text, sealed under the caller's key, CVVs removed")
	c.ttl = map[retention.Class]*string{}
	def := retention.DefaultPolicy()
	for _, cl := range retention.Classes() {
		v := new(string)
		c.ttl[cl] = v
		name := "retention-" + flagName(string(cl))
		fs.StringVar(v, name, defaultTTL(def[cl]), "time to live of "+string(cl)+" (30d, 720h; 0 keeps it for ever)")
	}
	fs.DurationVar(&c.retentionEvery, "retention-interval", time.Hour, "how often the retention reaper runs")
	fs.DurationVar(&c.checkpointEvery, "audit-checkpoint-interval", 5*time.Minute, "how often the audit trail's head is signed")
}

func flagName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '_' {
			b[i] = '-'
		}
	}
	return string(b)
}

func (c *policyConfig) validate(dataDir string) error {
	if c.keyDir == "" {
		c.keyDir = filepath.Clean(dataDir) + "-keys"
	}
	if err := crypto.CheckKeyDir(dataDir, c.keyDir); err != nil {
		return usageErr("--key-dir: %v", err)
	}
	cfg := map[string]string{}
	for cl, v := range c.ttl {
		cfg[string(cl)] = *v
	}
	p, err := retention.ParsePolicy(cfg)
	if err != nil {
		return usageErr("--retention-*: %v", err)
	}
	c.policy = p
	if c.consentHeader == "" {
		return usageErr("--consent-header: must not be empty")
	}
	if c.retentionEvery < time.Second || c.checkpointEvery < time.Second {
		return usageErr("--retention-interval and --audit-checkpoint-interval: at least 1s")
	}
	return nil
}

// settings lists the configuration whose changes are audited.
func (c *policyConfig) settings(masterKeyID string) map[string]string {
	m := map[string]string{
		"consent-header":               c.consentHeader,
		"recordings":                   strconv.FormatBool(c.recordings),
		"recording-delete-on-withdraw": strconv.FormatBool(c.deleteOnWithdraw),
		"raw-transcripts":              strconv.FormatBool(c.rawTranscripts),
		"audit-checkpoint-interval":    c.checkpointEvery.String(),
		"master-key-id":                masterKeyID,
	}
	for cl, ttl := range c.policy {
		m["retention-"+flagName(string(cl))] = ttl.String()
	}
	return m
}

// policyStack is the privacy machinery of one process.
type policyStack struct {
	vault  store.Vault
	keys   *crypto.Keys
	audit  *audit.Log
	rec    *recording.Recorder
	svc    *privacy.Service
	ring   *crypto.Keyring
	log    *slog.Logger
	loop   *retention.Loop
	stopCP chan struct{}
	cpDone sync.WaitGroup
}

// loadSecret reads a key file, or creates it when create is set; it
// reports creation on out.
func loadSecret(path, what string, create bool, out io.Writer) (crypto.Secret, error) {
	if !create {
		s, err := crypto.ReadSecretFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return s, fmt.Errorf("%s %s does not exist: run `earshot serve` with the same --key-dir first", what, path)
		}
		return s, err
	}
	s, created, err := crypto.LoadOrCreateSecretFile(path)
	if err == nil && created {
		fmt.Fprintf(out, "Generated %s: %s (keep it secret and backed up apart from the data; losing it loses the encrypted data)\n", what, path)
	}
	return s, err
}

// openPolicy loads the keys, opens the vault and builds the audit log,
// recorder and privacy service over db. With create (serve) missing keys
// are generated and the key directory created; the admin commands need
// them to exist. The caller must close the stack.
func openPolicy(ctx context.Context, c *policyConfig, dataDir string, db store.Database, bus *events.Bus, log *slog.Logger, create bool, out io.Writer) (*policyStack, error) {
	if create {
		if err := os.MkdirAll(c.keyDir, 0o700); err != nil {
			return nil, fmt.Errorf("--key-dir: %w", err)
		}
	} else if _, err := os.Stat(c.keyDir); err != nil {
		return nil, fmt.Errorf("--key-dir: %w", err)
	}
	var master crypto.Secret
	var err error
	switch env := os.Getenv(masterKeyEnv); {
	case c.masterKeyFile != "":
		master, err = crypto.ReadSecretFile(c.masterKeyFile)
	case env != "":
		master, err = crypto.SecretFromEnv(masterKeyEnv)
	default:
		master, err = loadSecret(filepath.Join(c.keyDir, masterKeyFile), "master key", create, out)
	}
	if err != nil {
		return nil, err
	}
	ring := crypto.NewKeyring(crypto.NewMasterKey(master))
	clear(master[:])
	pseudo, err := loadSecret(filepath.Join(c.keyDir, pseudonymKeyFile), "pseudonymisation key", create, out)
	if err != nil {
		return nil, err
	}
	signPath := filepath.Join(c.keyDir, auditKeyFile)
	if !create {
		if _, err := os.Stat(signPath); err != nil {
			return nil, fmt.Errorf("audit signing key: %w", err)
		}
	}
	signer, err := audit.LoadSigningKey(signPath)
	if err != nil {
		return nil, err
	}
	vault, err := store.OpenVault(ctx, c.vaultURL, c.keyDir, log.With("component", "vault"))
	if err != nil {
		return nil, err
	}
	st := &policyStack{vault: vault, ring: ring, log: log}
	fail := func(err error) (*policyStack, error) { return nil, errors.Join(err, vault.Close()) }
	if err := crypto.CheckSeparate(ctx, db, vault); err != nil {
		return fail(err)
	}
	st.keys = crypto.NewKeys(db, vault, ring)
	st.audit, err = audit.New(audit.Config{
		Store: db, SigningKey: signer, Witness: audit.NewFileWitness(filepath.Join(c.keyDir, auditWitnessFile)),
	})
	if err != nil {
		return fail(err)
	}
	if c.recordings {
		st.rec, err = recording.New(recording.Options{Dir: filepath.Join(dataDir, "recordings"), Keys: st.keys, Store: db,
			Log: log.With("component", "recording")})
		if err != nil {
			return fail(err)
		}
	}
	var onConsent func(consent.Change)
	if bus != nil {
		onConsent = func(ch consent.Change) {
			bus.Publish(events.NewConsent(ch.CallID, string(ch.State), string(ch.Method), ch.At.UTC()))
		}
	}
	st.svc, err = privacy.New(privacy.Config{
		Store: db, Keys: st.keys, Pseudonyms: crypto.NewPseudonymizer(pseudo), Audit: st.audit, Recorder: st.rec,
		Retention: c.policy, DeleteOnWithdraw: c.deleteOnWithdraw, KeepRaw: c.rawTranscripts,
		OnConsent: onConsent, Log: log.With("component", "privacy"),
	})
	if err != nil {
		return fail(err)
	}
	return st, nil
}

// start runs serve's background work: a KEK sweep, the config-change
// audit, the retention reaper and the audit checkpoints. close stops
// them.
func (p *policyStack) start(ctx context.Context, c *policyConfig, db store.Database) error {
	if _, err := p.keys.Sweep(ctx); err != nil {
		return err
	}
	if changed, err := p.svc.AuditConfig(ctx, "system:serve", c.settings(p.ring.KeyID())); err != nil {
		return err
	} else if len(changed) > 0 {
		p.log.Info("privacy configuration changed (audited)", "settings", changed)
	}
	reaper, err := retention.New(retention.Config{Policy: c.policy, Store: db, Recordings: recordingsDeleter(p.rec), Audit: p.audit})
	if err != nil {
		return err
	}
	p.loop = reaper.Start(c.retentionEvery, func(res retention.Result, err error) {
		if err != nil {
			p.log.Error("retention pass", "err", err)
		}
		for cl, n := range res {
			p.log.Info("retention deleted", "class", string(cl), "count", n)
		}
	})
	p.stopCP = make(chan struct{})
	p.cpDone.Add(1)
	go func() {
		defer p.cpDone.Done()
		t := time.NewTicker(c.checkpointEvery)
		defer t.Stop()
		for {
			select {
			case <-p.stopCP:
				return
			case <-t.C:
				if _, err := p.audit.Checkpoint(context.Background()); err != nil {
					p.log.Error("audit checkpoint", "err", err)
				}
			}
		}
	}()
	return nil
}

func recordingsDeleter(r *recording.Recorder) retention.Deleter {
	if r == nil {
		return nil
	}
	return r
}

// close stops the background work, signs a last checkpoint and closes the
// vault.
func (p *policyStack) close() error {
	var errs []error
	if p.loop != nil {
		p.loop.Stop()
	}
	if p.stopCP != nil {
		close(p.stopCP)
		p.cpDone.Wait()
		if _, err := p.audit.Checkpoint(context.Background()); err != nil {
			errs = append(errs, fmt.Errorf("audit checkpoint: %w", err))
		}
	}
	errs = append(errs, p.vault.Close())
	return errors.Join(errs...)
}

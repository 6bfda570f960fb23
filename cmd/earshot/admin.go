package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/earshot/earshot/policy/store"
)

// adminEnv parses an admin command's flags: the same set as serve, so one
// --config file (or the same EARSHOT_* environment) serves both, and
// opens the store and the privacy machinery without creating keys.
func adminEnv(ctx context.Context, name string, args []string, stderr io.Writer, usage string) (*policyStack, store.Database, []string, error) {
	var c serveConfig
	fs := serveFlags(&c)
	fs.Init("earshot "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fmt.Fprintln(stderr, "\nIt takes serve's flags (only the store and key ones matter), so it reads the same --config file.")
	}
	if err := resolveFlags(fs, args, os.Getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, nil, err
		}
		return nil, nil, nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	if err := c.validate(); err != nil {
		return nil, nil, nil, err
	}
	level, _ := parseLevel(c.logLevel)
	if level < slog.LevelWarn {
		level = slog.LevelWarn
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	db, err := store.OpenDatabase(ctx, c.databaseURL, c.dataDir, log.With("component", "store"))
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := openPolicy(ctx, &c.policy, c.dataDir, db, nil, log, false, stderr)
	if err != nil {
		return nil, nil, nil, errors.Join(err, db.Close())
	}
	return p, db, fs.Args(), nil
}

const subjectUsage = `Usage: earshot subject forget|export [flags] NUMBER

  forget   erase the data subject: destroy their key (no copy of the data,
           backups included, decrypts their recordings or raw text again),
           delete their calls, transcripts, recordings and consent changes
  export   print their personal-data report (JSON): calls, consents,
           redacted transcripts, what is held and until when

NUMBER is the caller's number as it reached Earshot (the SIP From user,
e.g. +4512345678). Both are audited. They work while serve runs.`

func runSubject(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "forget" && args[0] != "export") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, subjectUsage)
			return nil
		}
		fmt.Fprintln(stderr, subjectUsage)
		return errUsage
	}
	verb := args[0]
	p, db, rest, err := adminEnv(ctx, "subject "+verb, args[1:], stderr, subjectUsage)
	if err != nil {
		return err
	}
	defer db.Close()
	defer p.vault.Close()
	if len(rest) != 1 {
		return usageErr("subject %s takes exactly one NUMBER", verb)
	}
	actor := "cli:" + currentUser()
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if verb == "forget" {
		e, err := p.svc.Forget(ctx, rest[0], actor)
		if err != nil {
			return err
		}
		return enc.Encode(e)
	}
	rep, err := p.svc.Export(ctx, rest[0], actor)
	if err != nil {
		return err
	}
	return enc.Encode(rep)
}

const auditUsage = `Usage: earshot audit verify [flags]

Verifies the hash chain of the audit trail, its signed checkpoints and the
witness in the key directory. Exit status 0: intact; 1: broken (the message
names the first broken record's seq).`

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(stdout, auditUsage)
			return nil
		}
		fmt.Fprintln(stderr, auditUsage)
		return errUsage
	}
	p, db, rest, err := adminEnv(ctx, "audit verify", args[1:], stderr, auditUsage)
	if err != nil {
		return err
	}
	defer db.Close()
	defer p.vault.Close()
	if len(rest) != 0 {
		return usageErr("audit verify takes no arguments")
	}
	rep, err := p.svc.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "audit trail intact: records %d to %d (%d), %d checkpoints, newest checkpoint at %d, witness at %d\n",
		rep.First, rep.Last, rep.Records, rep.Checkpoints, rep.LastCheckpoint, rep.Witnessed)
	return nil
}

// currentUser names the operator in audit records: the login name, never
// anything personal beyond it.
func currentUser() string {
	for _, v := range []string{"SUDO_USER", "USER", "LOGNAME"} {
		if u := os.Getenv(v); u != "" && len(u) <= 64 {
			return u
		}
	}
	return "unknown"
}

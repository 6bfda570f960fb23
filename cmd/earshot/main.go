// Command earshot is the Earshot voice gateway: one binary with
// subcommands. main only parses, builds, runs and maps errors to exit codes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `Earshot: a privacy-first real-time voice gateway.

Usage:
  earshot serve [flags]                      SIP + HTTP + console
  earshot transcribe [flags] FILE.wav        transcribe and redact a WAV file (JSON lines)
  earshot call [flags] sip:USER@HOST:PORT    place a SIP call streaming a WAV file
  earshot loadtest [flags]                   place many calls and measure setup, media, transcript latency
  earshot redact [--partials] < FILE         redact one utterance per line (JSON lines)
  earshot subject forget|export NUMBER       erase a data subject, or print their personal-data report
  earshot audit verify                       verify the tamper-evident audit trail (exit 1 if broken)

Run "earshot COMMAND -h" for a command's flags. Every serve flag can also be
set in a YAML file (--config) or as EARSHOT_<FLAG> in the environment.
`

// errUsage marks command-line mistakes (exit code 2).
var errUsage = errors.New("usage")

func main() {
	// Two-phase shutdown: the first SIGINT/SIGTERM cancels ctx (serve stops
	// taking calls and ends the active ones); a second one exits at once.
	sigc := make(chan os.Signal, 2)
	signal.Notify(sigc, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-sigc
		cancel()
		<-sigc
		fmt.Fprintln(os.Stderr, "earshot: second signal: stopping now")
		os.Exit(1)
	}()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	cancel()
	os.Exit(exitCode(err, os.Stderr))
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "transcribe":
		return runTranscribe(ctx, rest, stdout, stderr)
	case "call":
		return runCall(ctx, rest, stdout, stderr)
	case "loadtest":
		return runLoadtest(ctx, rest, stdout, stderr)
	case "redact":
		return runRedact(ctx, rest, stdin, stdout, stderr)
	case "subject":
		return runSubject(ctx, rest, stdout, stderr)
	case "audit":
		return runAudit(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "earshot: unknown command %q\n\n%s", cmd, usage)
		return errUsage
	}
}

func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		if err != errUsage {
			fmt.Fprintln(stderr, "earshot:", err)
		}
		return 2
	default:
		fmt.Fprintln(stderr, "earshot:", err)
		return 1
	}
}

// usageErr wraps a command-line mistake so it exits with code 2.
func usageErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, a...))
}

// parseFlags parses a subcommand's flags; a bad flag is a usage error
// (exit code 2) and -h is not an error at all.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return fmt.Errorf("%w: %v", errUsage, err)
}

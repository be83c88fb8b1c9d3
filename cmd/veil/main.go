// Command veil finds personal data in files and streams and masks it.
//
// It is a thin layer: flags become configuration, configuration goes to the
// scanner, masking and connector packages, and errors become exit codes.
package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"runtime/pprof"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes shared by every subcommand.
const (
	exitOK       = 0 // done; for find, nothing found
	exitFindings = 1 // find: something was found
	exitError    = 2 // bad usage, unreadable input, or any other failure
)

// exitError carries an exit code through cobra.
type codeError struct {
	code int
	err  error
}

func (e *codeError) Error() string { return e.err.Error() }
func (e *codeError) Unwrap() error { return e.err }

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the CLI with the given arguments and streams and returns the
// exit code; tests call it directly.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var prof profile
	defer prof.stop() // also when the command fails
	root := newRoot(stdin, stdout, stderr, &prof)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ce *codeError
	if errors.As(err, &ce) {
		if ce.err != nil {
			fmt.Fprintln(stderr, "veil:", ce.err)
		}
		return ce.code
	}
	fmt.Fprintln(stderr, "veil:", exclusiveFlagsError(err))
	return exitError
}

// exclusiveFlagsRE matches cobra's error for flags marked mutually
// exclusive (MarkFlagsMutuallyExclusive) that were given together.
var exclusiveFlagsRE = regexp.MustCompile(`^if any flags in the group \[[^\]]*\] are set none of the others can be; \[([^\]]*)\] were all set$`)

// exclusiveHints say, per set of exclusive flags (sorted, as cobra lists
// them), what each does.
var exclusiveHints = map[string]string{
	"full sample-rows": "--full reads every row, --sample-rows N a sample of N to 2N rows",
}

// exclusiveFlagsError rewrites cobra's error for exclusive flags given
// together into one that names them as typed; other errors pass unchanged.
func exclusiveFlagsError(err error) error {
	m := exclusiveFlagsRE.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	names := strings.Fields(m[1])
	flags := make([]string, len(names))
	for i, n := range names {
		flags[i] = "--" + n
	}
	msg := strings.Join(flags, " and ") + " cannot be used together"
	if h, ok := exclusiveHints[strings.Join(names, " ")]; ok {
		msg += ": " + h
	}
	return errors.New(msg)
}

func newRoot(stdin io.Reader, stdout, stderr io.Writer, prof *profile) *cobra.Command {
	root := &cobra.Command{
		Use:           "veil",
		Short:         "Find and mask personal data in files and streams",
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	var cpuProfile string
	root.PersistentFlags().StringVar(&cpuProfile, "cpuprofile", "", "write a Go CPU profile of the run to this file (for tuning throughput)")
	root.PersistentPreRunE = func(*cobra.Command, []string) error { return prof.start(cpuProfile) }
	root.AddCommand(newFindCmd(), newScanCmd(), newMaskCmd(), newUnmaskCmd(), newKeygenCmd(), newPolicyCmd())
	return root
}

// profile is the CPU profile of one run, when asked for.
type profile struct{ f *os.File }

// start begins a CPU profile into path (none when path is empty).
func (p *profile) start(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("cpuprofile: %w", err)
	}
	p.f = f
	return nil
}

// stop ends the profile, if one was started, and closes its file.
func (p *profile) stop() {
	if p.f != nil {
		pprof.StopCPUProfile()
		p.f.Close()
		p.f = nil
	}
}

// logger returns a structured logger on stderr: JSON unless stderr is a
// terminal. It never receives detected values.
func logger(w io.Writer) *slog.Logger {
	if isTerminal(w) {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

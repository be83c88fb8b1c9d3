package main

import (
	"bytes"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/veil-data/veil/bench"
)

// buildVeil builds the command into a temporary directory.
func buildVeil(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "veil")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

// waitForTemp waits until a temporary output of name (".NAME.tmp-NNNN")
// appears under dir, or the process ends.
func waitForTemp(t *testing.T, dir, name string, exited <-chan struct{}) bool {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return false
		default:
		}
		found := false
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasPrefix(d.Name(), "."+name+".tmp-") {
				found = true
			}
			return nil
		})
		if found {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return false
}

// interruptRun starts the binary with args, sends sig once the temporary
// output of name exists under out (or soon after the start when atStart),
// and returns the exit code and stderr.
func interruptRun(t *testing.T, bin string, sig syscall.Signal, out, name string, atStart bool, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	var werr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); werr = cmd.Wait(); close(exited) }()
	if atStart {
		time.Sleep(150 * time.Millisecond) // past the signal handler's setup, in the first pass
	} else {
		if !waitForTemp(t, out, name, exited) {
			cmd.Process.Kill()
			wg.Wait() // stderr is complete only now
			t.Fatalf("no temporary output appeared; stderr: %s", stderr.String())
		}
	}
	require.NoError(t, cmd.Process.Signal(sig))
	select {
	case <-exited:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the run did not end after the signal")
	}
	wg.Wait()
	var ee *exec.ExitError
	if werr != nil {
		require.ErrorAs(t, werr, &ee)
	}
	return cmd.ProcessState.ExitCode(), stderr.String()
}

// TestInterruptRemovesPartialOutputs runs the built binary on an input
// large enough to be stopped midway, by SIGINT and by SIGTERM, in the
// first pass and while the output is written: the temporary output is
// removed, the exit status is 128 + the signal, one log line says so, and
// outputs finished before the signal stay.
func TestInterruptRemovesPartialOutputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and masks a large input")
	}
	bin := buildVeil(t)
	key := keyFile(t)
	big := writeFile(t, "big.csv", bench.CSV(1, 24<<20))
	small := writeFile(t, "small.csv", []byte("ssn,x\n536-22-1234,1\n"))
	for _, tc := range []struct {
		name    string
		sig     syscall.Signal
		code    int
		atStart bool
	}{
		{"SIGINT", syscall.SIGINT, 130, false},
		{"SIGTERM", syscall.SIGTERM, 143, false},
		{"SIGINT in the first pass", syscall.SIGINT, 130, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			code, stderr := interruptRun(t, bin, tc.sig, out, "big.csv", tc.atStart,
				"mask", "--key", key, "--out", out, "--format", "csv", "--workers", "1", "--full", "--no-progress", big)
			assert.Equal(t, tc.code, code, stderr)
			assert.Empty(t, dirNames(t, out), "no partial output remains")
			assert.Equal(t, 1, strings.Count(stderr, "interrupted"), stderr)
			assert.Contains(t, stderr, `"signal":"`+strings.Fields(tc.name)[0]+`"`)
			assert.NotContains(t, stderr, "mask failed", "the interruption is not reported as a failed input")
		})
	}

	t.Run("finished outputs stay", func(t *testing.T) {
		out := t.TempDir()
		code, stderr := interruptRun(t, bin, syscall.SIGINT, out, "big.csv", false,
			"mask", "--key", key, "--out", out, "--format", "csv", "--workers", "1", "--no-progress", small, big)
		assert.Equal(t, 130, code, stderr)
		assert.Equal(t, []string{"small.csv", "small.csv.manifest.json"}, dirNames(t, out))
	})

	t.Run("unmask", func(t *testing.T) {
		masked := t.TempDir()
		mask := exec.Command(bin, "mask", "--key", key, "--out", masked, "--format", "csv", "--no-progress", big)
		b, err := mask.CombinedOutput()
		require.NoError(t, err, "%s", b)
		out := t.TempDir()
		code, stderr := interruptRun(t, bin, syscall.SIGTERM, out, "big.csv", false,
			"unmask", "--key", key, "--out", out, "--format", "csv", "--workers", "1", "--no-progress", filepath.Join(masked, "big.csv"))
		assert.Equal(t, 143, code, stderr)
		assert.Empty(t, dirNames(t, out))
		assert.Equal(t, 1, strings.Count(stderr, "interrupted"), stderr)
	})
}

// TestInterruptStopsTheRun: in process, with the signal handed in, the run
// stops by itself (the reads fail, the loop ends) well within the grace
// period, rather than being ended from the signal goroutine; run returns
// 130 and leaves nothing in the output directory.
func TestInterruptStopsTheRun(t *testing.T) {
	var mu sync.Mutex
	var sigs chan<- os.Signal
	notifySignals = func(c chan<- os.Signal, _ ...os.Signal) { mu.Lock(); sigs = c; mu.Unlock() }
	stopSignals = func(chan<- os.Signal) {}
	exitNow = func(code int) { t.Errorf("exit(%d) from the signal goroutine: the run did not stop by itself", code) }
	t.Cleanup(func() { notifySignals, stopSignals, exitNow = signal.Notify, signal.Stop, os.Exit })

	key := keyFile(t)
	big := writeFile(t, "big.csv", bench.CSV(2, 4<<20))
	out := t.TempDir()
	done := make(chan struct{})
	var code int
	var errs string
	go func() {
		defer close(done)
		code, _, errs = veil(t, "", "mask", "--key", key, "--out", out, "--format", "csv", "--workers", "2", big)
	}()
	require.True(t, waitForTemp(t, out, "big.csv", done), "no temporary output appeared")
	mu.Lock()
	sigs <- syscall.SIGINT
	mu.Unlock()
	select {
	case <-done:
	case <-time.After(interruptGrace):
		t.Fatal("the run did not stop within the grace period")
	}
	assert.Equal(t, 130, code, errs)
	assert.Empty(t, dirNames(t, out))
	assert.Equal(t, 1, strings.Count(errs, "interrupted"), errs)
	assert.NotContains(t, errs, "mask failed")
}

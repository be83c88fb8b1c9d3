package main

import (
	"errors"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/veil-data/veil/connectors/file"
)

// Signals that interrupt mask and unmask; tests replace them.
var (
	notifySignals = signal.Notify
	stopSignals   = signal.Stop
	exitNow       = os.Exit
)

// interruptGrace is how long an interrupted run has to stop on its own
// before it is ended where it stands (its temporary outputs are removed
// already); a second signal ends it at once.
const interruptGrace = 3 * time.Second

// errInterrupted is what reads of an interrupted run fail with.
var errInterrupted = errors.New("interrupted")

// interrupt is what SIGINT and SIGTERM do to a mask or unmask run. Every
// output of the run is written through outs. On the first signal the
// temporary files of unfinished outputs are removed at once (outs.Stop),
// nothing more can be committed, and the reads of the current input fail,
// so the run returns; runs report it (report) and exit with 128 plus the
// signal's number: 130 for SIGINT, 143 for SIGTERM. Should the run not
// return within interruptGrace, or on a second signal, the process exits
// from here with the same code.
type interrupt struct {
	outs     file.Set
	log      *slog.Logger
	ch       chan os.Signal
	done     chan struct{}
	sig      atomic.Pointer[os.Signal]
	finished atomic.Int64 // inputs written completely
	inputs   int          // inputs of the run
	reported sync.Once
}

// watchInterrupts starts watching for SIGINT and SIGTERM until close.
func watchInterrupts(log *slog.Logger, inputs int) *interrupt {
	it := &interrupt{log: log, inputs: inputs, ch: make(chan os.Signal, 2), done: make(chan struct{})}
	// A signal the run was started with ignored (SIGINT for a background
	// job of a script, say) stays ignored.
	var sigs []os.Signal
	for _, s := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		if !signal.Ignored(s) {
			sigs = append(sigs, s)
		}
	}
	if len(sigs) > 0 {
		notifySignals(it.ch, sigs...)
	}
	go it.wait()
	return it
}

func (it *interrupt) wait() {
	select {
	case s := <-it.ch:
		it.sig.Store(&s)
		it.outs.Stop()
	case <-it.done:
		return
	}
	t := time.NewTimer(interruptGrace)
	defer t.Stop()
	select {
	case <-it.ch:
	case <-t.C:
	case <-it.done:
		return
	}
	it.report()
	exitNow(it.code())
}

// close stops watching; signals have their default effect again.
func (it *interrupt) close() {
	stopSignals(it.ch)
	close(it.done)
}

// signal is the signal that interrupted the run, or nil.
func (it *interrupt) signal() os.Signal {
	if p := it.sig.Load(); p != nil {
		return *p
	}
	return nil
}

// code is the exit status of an interrupted run: 128 + the signal number.
func (it *interrupt) code() int {
	if s, ok := it.signal().(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 128 + int(syscall.SIGINT)
}

// report logs, once, that the run was interrupted.
func (it *interrupt) report() {
	it.reported.Do(func() {
		name := "SIGINT"
		if it.signal() == syscall.SIGTERM {
			name = "SIGTERM"
		}
		it.log.Error("interrupted; unfinished outputs removed", "signal", name,
			"inputs_done", it.finished.Load(), "inputs", it.inputs, "exit_code", it.code())
	})
}

// result is what an interrupted run returns (nil when it was not).
func (it *interrupt) result() error {
	if it.signal() == nil {
		return nil
	}
	it.report()
	return &codeError{it.code(), nil}
}

// input returns f failing every read, with errInterrupted, once the run is
// interrupted; f itself when it is nil.
func (it *interrupt) input(f sizedInput) sizedInput {
	if it == nil {
		return f
	}
	return &stoppableInput{r: f, it: it}
}

type stoppableInput struct {
	r  sizedInput
	it *interrupt
}

func (s *stoppableInput) Read(p []byte) (int, error) {
	if s.it.sig.Load() != nil {
		return 0, errInterrupted
	}
	return s.r.Read(p)
}

func (s *stoppableInput) ReadAt(p []byte, off int64) (int, error) {
	if s.it.sig.Load() != nil {
		return 0, errInterrupted
	}
	return s.r.ReadAt(p, off)
}

func (s *stoppableInput) Size() int64 { return s.r.Size() }

var _ sizedInput = (*stoppableInput)(nil)

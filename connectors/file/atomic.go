package file

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// Output is a file being written under a temporary name; it appears under
// its real name only when Commit succeeds, so a failed run leaves no partial
// output behind.
type Output struct {
	*os.File
	final string
	done  bool
	set   *Set // nil unless made by Set.Create
}

// Create starts writing the file at path, creating its directory.
func Create(path string) (*Output, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	return &Output{File: f, final: path}, nil
}

// Commit flushes the file to disk and renames it to its real name. An
// output of a Set is committed as by the Set's Commit.
func (o *Output) Commit() error {
	if o.set != nil {
		return o.set.Commit(o)
	}
	if err := o.flush(); err != nil {
		return err
	}
	if err := os.Rename(o.File.Name(), o.final); err != nil {
		os.Remove(o.File.Name())
		return err
	}
	syncDir(filepath.Dir(o.final))
	return nil
}

// flush marks o done, syncs and closes it; on failure the temporary file
// is removed.
func (o *Output) flush() error {
	if o.done {
		return fmt.Errorf("%s: already finished", o.final)
	}
	o.done = true
	if err := o.File.Sync(); err != nil {
		o.discard()
		return err
	}
	if err := o.File.Close(); err != nil {
		os.Remove(o.File.Name())
		return err
	}
	return nil
}

// syncDir makes renames in dir durable; best effort where unsupported.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Abort removes the temporary file; a no-op after Commit.
func (o *Output) Abort() {
	if o.set != nil {
		o.set.mu.Lock()
		defer o.set.mu.Unlock()
		delete(o.set.open, o)
	}
	if !o.done {
		o.done = true
		o.discard()
	}
}

func (o *Output) discard() {
	o.File.Close()
	os.Remove(o.File.Name())
}

// Name is the final path of the output.
func (o *Output) Name() string { return o.final }

// ErrStopped is returned by a Set's Create and Commit once the Set was
// stopped.
var ErrStopped = errors.New("output set stopped; unfinished outputs removed")

// Set tracks the outputs of one run that are being written, so that an
// interrupted run can remove all their temporary files at once (Stop) and
// leave no partial output. Its methods are safe for concurrent use; each
// Output is still used by one goroutine at a time. The zero Set is ready.
type Set struct {
	mu      sync.Mutex
	open    map[*Output]struct{}
	stopped bool
}

// Create starts writing the file at path, as Create, tracked by s; it fails
// with ErrStopped once s is stopped.
func (s *Set) Create(path string) (*Output, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return nil, fmt.Errorf("%s: %w", path, ErrStopped)
	}
	o, err := Create(path)
	if err != nil {
		return nil, err
	}
	o.set = s
	if s.open == nil {
		s.open = map[*Output]struct{}{}
	}
	s.open[o] = struct{}{}
	return o, nil
}

// Commit flushes outs, outputs of s, to disk and renames them to their real
// names, in order, all while s cannot be stopped: a Stop either comes
// first, and none of them appears (ErrStopped), or after, and all of them
// stay. If one fails, the temporary files of the others are removed too,
// and those already renamed are removed again, so that either all of them
// appear or none.
func (s *Set) Commit(outs ...*Output) error {
	if len(outs) == 0 {
		return nil
	}
	var err error
	for _, o := range outs {
		if o.set != s {
			return fmt.Errorf("%s: not an output of this set", o.final)
		}
		if e := o.flush(); e != nil && err == nil {
			err = e
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range outs {
		delete(s.open, o)
	}
	removeTemps := func(outs []*Output) {
		for _, o := range outs {
			os.Remove(o.File.Name())
		}
	}
	if s.stopped {
		err = fmt.Errorf("%s: %w", outs[0].final, ErrStopped) // whatever else failed: Stop closed the files
	}
	if err != nil {
		removeTemps(outs)
		return err
	}
	for i, o := range outs {
		if err := os.Rename(o.File.Name(), o.final); err != nil {
			removeTemps(outs[i:])
			for _, r := range outs[:i] {
				os.Remove(r.final)
			}
			return err
		}
	}
	dirs := map[string]bool{}
	for _, o := range outs {
		if d := filepath.Dir(o.final); !dirs[d] {
			dirs[d] = true
			syncDir(d)
		}
	}
	return nil
}

// Stop removes the temporary files of every output of s not yet committed
// or aborted, and makes later Create and Commit calls fail with ErrStopped.
// Writes to those outputs fail from then on (their files are closed).
func (s *Set) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	for o := range s.open {
		o.File.Close() // safe beside a write in another goroutine, which then fails
		os.Remove(o.File.Name())
	}
	clear(s.open)
}

// Stopped reports whether Stop was called.
func (s *Set) Stopped() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopped
}

package file

import (
	"fmt"
	"os"
	"path/filepath"
)

// Output is a file being written under a temporary name; it appears under
// its real name only when Commit succeeds, so a failed run leaves no partial
// output behind.
type Output struct {
	*os.File
	final string
	done  bool
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

// Commit flushes the file to disk and renames it to its real name.
func (o *Output) Commit() error {
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
	if err := os.Rename(o.File.Name(), o.final); err != nil {
		os.Remove(o.File.Name())
		return err
	}
	if d, err := os.Open(filepath.Dir(o.final)); err == nil {
		d.Sync() // make the rename durable; best effort where unsupported
		d.Close()
	}
	return nil
}

// Abort removes the temporary file; a no-op after Commit.
func (o *Output) Abort() {
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

package format

import (
	"errors"
	"io"
)

// TextOutput is the buffered output of a text writer (CSV, JSON lines): rows
// gather in Buf and go out in Flush, and the first error (or ErrClosed)
// is kept in Err so that a failed or closed writer refuses more work.
type TextOutput struct {
	W   io.Writer
	Buf []byte
	Err error
}

// ErrClosed is a text writer's state after a successful Close.
var ErrClosed = errors.New("format: writer closed")

// Fail records err as the writer's error and returns it.
func (o *TextOutput) Fail(err error) error {
	o.Err = err
	return err
}

// Flush writes out Buf and empties it.
func (o *TextOutput) Flush() error {
	if len(o.Buf) == 0 {
		return nil
	}
	_, err := o.W.Write(o.Buf)
	o.Buf = o.Buf[:0]
	if err != nil {
		return o.Fail(err)
	}
	return nil
}

// Close writes out what is buffered; it does not close W. Closing again
// does nothing; closing a failed writer returns its error.
func (o *TextOutput) Close() error {
	if o.Err != nil {
		if errors.Is(o.Err, ErrClosed) {
			return nil
		}
		return o.Err
	}
	err := o.Flush()
	if err == nil {
		o.Err = ErrClosed
	}
	return err
}

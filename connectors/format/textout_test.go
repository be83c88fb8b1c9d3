package format

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func TestTextOutput(t *testing.T) {
	var sink bytes.Buffer
	o := TextOutput{W: &sink}
	o.Buf = append(o.Buf, "a,b\n"...)
	require.NoError(t, o.Flush())
	assert.Equal(t, "a,b\n", sink.String())
	assert.Empty(t, o.Buf, "flushed bytes leave the buffer")
	o.Buf = append(o.Buf, "c\n"...)
	require.NoError(t, o.Close())
	assert.Equal(t, "a,b\nc\n", sink.String(), "close writes out what is buffered")
	assert.ErrorIs(t, o.Err, ErrClosed, "a closed writer refuses more work")
	assert.NoError(t, o.Close(), "closing again does nothing")

	boom := errors.New("disk full")
	f := TextOutput{W: failWriter{boom}}
	f.Buf = append(f.Buf, "x\n"...)
	assert.ErrorIs(t, f.Flush(), boom)
	assert.ErrorIs(t, f.Err, boom, "the first error sticks")
	assert.ErrorIs(t, f.Close(), boom, "closing a failed writer returns its error")
}

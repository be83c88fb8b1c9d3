package keys

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// File format identifiers.
const (
	FormatName    = "veil-keyset"
	FormatVersion = 1
	// maxFileSize bounds what Load reads: a keyset file is a few hundred
	// bytes, so anything larger is not one.
	maxFileSize = 64 << 10
)

// File is a keyset file as stored: the key id, the creation time and either
// the master key in clear (a local keyset, from Keyset.File or a parsed
// file) or the master key wrapped by a key management service (Wrapped).
//
// Like Keyset, a File never renders its key material: fmt, slog and
// encoding/json show the key id, creation time and wrapping only. The master
// key sits behind an unexported pointer, so even fmt's reflection fallback
// (a bad verb such as %p on a File value) prints an address, not the key.
// Write is the one way to serialise it.
type File struct {
	KeyID   string
	Created time.Time
	Wrapped *Wrapped // the wrapped master key, for a KMS keyset; nil for a local one

	master *[MasterKeySize]byte // the master key of a local keyset
}

// Local reports whether the file holds its master key in clear.
func (f *File) Local() bool { return f.master != nil }

// wipe clears the file's copy of the master key.
func (f *File) wipe() {
	if f.master != nil {
		clear(f.master[:])
	}
}

// Wrapped is a master key encrypted by a key management service: for AWS
// KMS, the CiphertextBlob of GenerateDataKey (KeySpec AES_256) and the
// encryption context it was made with, which Decrypt must be given again.
// This package stores it; the provider for that service unwraps it.
type Wrapped struct {
	Provider   string            // the service, such as "aws-kms"
	Key        string            // the service's key id, ARN or alias
	Ciphertext []byte            // the wrapped master key
	Context    map[string]string // encryption context; should include "veil:key_id"
}

// fileJSON is the on-disk shape.
type fileJSON struct {
	Format    string       `json:"format"`
	Version   int          `json:"version"`
	KeyID     string       `json:"key_id"`
	Created   time.Time    `json:"created"`
	MasterKey []byte       `json:"master_key,omitempty"`
	Wrapped   *wrappedJSON `json:"wrapped,omitempty"`
}

type wrappedJSON struct {
	Provider   string            `json:"provider"`
	Key        string            `json:"key"`
	Ciphertext []byte            `json:"ciphertext"`
	Context    map[string]string `json:"encryption_context,omitempty"`
}

// Load reads a local keyset file and returns its keyset. It fails with an
// error naming the file and wrapping ErrPermissions when group or others
// may access the file, ErrWrapped when its master key is wrapped by a KMS,
// and ErrInvalid when it is not a valid keyset file.
func Load(path string) (*Keyset, error) {
	f, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	defer f.wipe()
	ks, err := f.Keyset()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ks, nil
}

// ReadFile reads and checks a keyset file, local or wrapped, refusing one
// that group or others may access (ErrPermissions). A KMS provider uses it
// to get the wrapped key; Load uses it for local files.
func ReadFile(path string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err) // *PathError names the file
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("keys: %s: %w: not a regular file", path, ErrInvalid)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("keys: %s: mode %#o: %w", path, st.Mode().Perm(), ErrPermissions)
	}
	data, err := io.ReadAll(io.LimitReader(fh, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("keys: %s: %w", path, err)
	}
	defer clear(data)
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("keys: %s: %w: larger than %d bytes", path, ErrInvalid, maxFileSize)
	}
	f, err := ParseFile(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// Parse reads a local keyset from the bytes of a keyset file obtained other
// than from a file on disk. It makes no permission check.
func Parse(data []byte) (*Keyset, error) {
	f, err := ParseFile(data)
	if err != nil {
		return nil, err
	}
	defer f.wipe()
	return f.Keyset()
}

// ParseFile decodes and checks the bytes of a keyset file. Errors wrap
// ErrInvalid and describe the problem by field or byte offset, never by
// quoting the file.
func ParseFile(data []byte) (*File, error) {
	var j fileJSON
	defer func() { clear(j.MasterKey) }()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the keyset object", ErrInvalid)
	}
	if err := check(&j); err != nil {
		return nil, err
	}
	f := &File{KeyID: j.KeyID, Created: j.Created}
	if j.MasterKey != nil {
		f.master = new([MasterKeySize]byte)
		copy(f.master[:], j.MasterKey)
	}
	if w := j.Wrapped; w != nil {
		f.Wrapped = &Wrapped{Provider: w.Provider, Key: w.Key, Ciphertext: w.Ciphertext, Context: w.Context}
	}
	return f, nil
}

// describeJSONError says what is wrong with a keyset file without quoting
// it: encoding/json's own messages can include a character of the input,
// which here could be a character of the key.
func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var b64 base64.CorruptInputError
	switch {
	case errors.Is(err, io.EOF):
		return "empty file"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated JSON"
	case errors.As(err, &syn):
		return fmt.Sprintf("JSON syntax error at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q has the wrong type", typ.Field)
	case errors.As(err, &b64):
		return fmt.Sprintf("a key field is not valid base64 (at byte %d of the field)", int64(b64))
	default:
		return "not a keyset file (unknown field or malformed JSON)"
	}
}

// check validates the on-disk shape, for reading and before writing.
func check(j *fileJSON) error {
	switch {
	case j.Format != FormatName:
		return fmt.Errorf("%w: format is not %q", ErrInvalid, FormatName)
	case j.Version != FormatVersion:
		return fmt.Errorf("%w: unsupported version %d (this Veil reads version %d)", ErrInvalid, j.Version, FormatVersion)
	case !ValidKeyID(j.KeyID):
		return fmt.Errorf("%w: key_id must be 1 to 64 characters of A-Z a-z 0-9 . _ -", ErrInvalid)
	case j.Created.IsZero():
		return fmt.Errorf("%w: created is missing", ErrInvalid)
	case j.MasterKey != nil && j.Wrapped != nil:
		return fmt.Errorf("%w: both master_key and wrapped are set", ErrInvalid)
	case j.MasterKey == nil && j.Wrapped == nil:
		return fmt.Errorf("%w: neither master_key nor wrapped is set", ErrInvalid)
	case j.MasterKey != nil && len(j.MasterKey) != MasterKeySize:
		return fmt.Errorf("%w: master_key must be %d bytes, got %d", ErrInvalid, MasterKeySize, len(j.MasterKey))
	case j.Wrapped != nil && (j.Wrapped.Provider == "" || j.Wrapped.Key == "" || len(j.Wrapped.Ciphertext) == 0):
		return fmt.Errorf("%w: wrapped needs provider, key and ciphertext", ErrInvalid)
	}
	return nil
}

// Keyset returns the keyset of a local file, or ErrWrapped when the master
// key is wrapped (a KMS provider unwraps it and calls FromMaster instead).
func (f *File) Keyset() (*Keyset, error) {
	if f.master == nil {
		return nil, ErrWrapped
	}
	return FromMaster(f.KeyID, f.Created, f.master[:])
}

// Write writes the file at path with permissions 0600, failing (with an
// error wrapping fs.ErrExist) if something is already there. The content is
// synced to disk before Write returns; on any error the partial file is
// removed.
func (f *File) Write(path string) (err error) {
	j := fileJSON{Format: FormatName, Version: FormatVersion, KeyID: f.KeyID, Created: f.Created}
	if f.master != nil {
		j.MasterKey = f.master[:]
	}
	if w := f.Wrapped; w != nil {
		j.Wrapped = &wrappedJSON{Provider: w.Provider, Key: w.Key, Ciphertext: w.Ciphertext, Context: w.Context}
	}
	if err := check(&j); err != nil {
		return err
	}
	data, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return fmt.Errorf("keys: encoding keyset: %w", err)
	}
	defer clear(data)
	data = append(data, '\n')

	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	defer func() {
		if cerr := fh.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("keys: %w", cerr)
		}
		if err != nil {
			_ = os.Remove(path)
		}
	}()
	// The umask can only remove bits; set 0600 explicitly anyway in case
	// the file system applied something else.
	if err := fh.Chmod(0o600); err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	if _, err := fh.Write(data); err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	if err := fh.Sync(); err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes a new directory entry durable where the platform allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// String renders the file by key id, creation time and wrapping only.
func (f File) String() string {
	s := "keys.File{key_id: " + f.KeyID + ", created: " + f.Created.Format(time.RFC3339)
	if f.Wrapped != nil {
		s += ", wrapped: " + f.Wrapped.String()
	}
	return s + "}"
}

// GoString is String, for %#v.
func (f File) GoString() string { return f.String() }

// Format makes every fmt verb print String.
func (f File) Format(s fmt.State, _ rune) { _, _ = io.WriteString(s, f.String()) }

// LogValue renders the file for log/slog without key material.
func (f File) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("key_id", f.KeyID), slog.Time("created", f.Created)}
	if f.Wrapped != nil {
		attrs = append(attrs, slog.String("wrapped_by", f.Wrapped.Provider), slog.String("kms_key", f.Wrapped.Key))
	}
	return slog.GroupValue(attrs...)
}

// MarshalJSON renders the file for logs and reports, without key material.
// Write is the way to save it.
func (f File) MarshalJSON() ([]byte, error) {
	v := struct {
		KeyID   string    `json:"key_id"`
		Created time.Time `json:"created"`
		Wrapped *Wrapped  `json:"wrapped,omitempty"`
	}{f.KeyID, f.Created, f.Wrapped}
	return json.Marshal(v)
}

// String renders the wrapping by provider and key; the ciphertext, though
// useless without the service, is left out too.
func (w Wrapped) String() string {
	return "keys.Wrapped{provider: " + w.Provider + ", key: " + w.Key + "}"
}

// GoString is String, for %#v.
func (w Wrapped) GoString() string { return w.String() }

// Format makes every fmt verb print String.
func (w Wrapped) Format(s fmt.State, _ rune) { _, _ = io.WriteString(s, w.String()) }

// MarshalJSON renders the wrapping by provider and key only.
func (w Wrapped) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Provider string `json:"provider"`
		Key      string `json:"key"`
	}{w.Provider, w.Key})
}

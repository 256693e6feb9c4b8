package cmd

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// The record (specgate.sum) is sealed with a key that never leaves the
// machine that generated: an HMAC, not a plain hash, so that a record edited
// to vouch for an edited generated file cannot be resealed by anyone who
// lacks the key. check trusts only a record this machine sealed; on any
// other machine (a CI runner with a fresh clone) it regenerates in full.
const (
	recordKeyFile = "record.key"
	recordKeySize = 32
	unsealed      = "none" // the seal of a record written without a key
)

// recordKeyDir is where the key lives: specgate's directory in the user's
// cache, outside every project. A variable: tests use a directory of their
// own.
var recordKeyDir = func() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "specgate"), nil
}

// recordKey returns this machine's key, creating it (readable by its owner
// only) when create is set and there is none. ok is false when there is no
// usable key.
func recordKey(create bool) ([]byte, bool) {
	dir, err := recordKeyDir()
	if err != nil || dir == "" {
		return nil, false
	}
	path := filepath.Join(dir, recordKeyFile)
	if key, ok := readKey(path); ok || !create {
		return key, ok
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false
	}
	key := make([]byte, recordKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, false
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // another specgate created it first
		return readKey(path)
	}
	if err != nil {
		return nil, false
	}
	_, werr := f.Write(key)
	if cerr := f.Close(); werr != nil || cerr != nil {
		os.Remove(path)
		return nil, false
	}
	return key, true
}

// readKey reads a key file: a regular file of exactly recordKeySize bytes
// that only its owner may read or write.
func readKey(path string) ([]byte, bool) {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o077 != 0 || fi.Size() != recordKeySize {
		return nil, false
	}
	key, err := os.ReadFile(path)
	if err != nil || len(key) != recordKeySize {
		return nil, false
	}
	return key, true
}

// seal is the record body's seal under key: hex HMAC-SHA256, or unsealed
// without a key.
func seal(key, body []byte) string {
	if key == nil {
		return unsealed
	}
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// sealed reports whether got is body's seal under this machine's key.
func sealed(body []byte, got string) bool {
	key, ok := recordKey(false)
	if !ok || got == unsealed {
		return false
	}
	return hmac.Equal([]byte(got), []byte(seal(key, body)))
}

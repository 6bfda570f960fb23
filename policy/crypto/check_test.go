package crypto_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/earshot/earshot/policy/crypto"
)

func TestCheckKeyDir(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "link")
	if err := os.Symlink(data, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		data, keys string
		ok         bool
	}{
		{data, filepath.Join(root, "keys"), true},
		{data, filepath.Join(root, "data-keys"), true}, // a sibling with a common prefix
		{data, root, true},                             // the data directory inside the key directory
		{data, data, false},
		{data, filepath.Join(data, "keys"), false},
		{data, filepath.Join(data, "a", "..", "keys"), false},
		{data, filepath.Join(link, "keys"), false}, // through a symbolic link
		{link, filepath.Join(data, "keys"), false},
		{data, "", false},
	}
	for _, tc := range tests {
		err := crypto.CheckKeyDir(tc.data, tc.keys)
		if (err == nil) != tc.ok {
			t.Errorf("CheckKeyDir(%s, %s) = %v, want ok %v", tc.data, tc.keys, err, tc.ok)
		}
	}
}

package main

import "testing"

// TestDeployConfigParses: the example configuration names only serve
// flags, with valid values.
func TestDeployConfigParses(t *testing.T) {
	var c serveConfig
	fs := serveFlags(&c)
	if err := resolveFlags(fs, []string{"--config", "../../deploy/earshot.yaml", "--data-dir", t.TempDir() + "/data"}, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	if err := c.validate(); err != nil {
		t.Fatal(err)
	}
	if c.policy.keyDir != "/var/lib/earshot-keys" || !c.policy.recordings {
		t.Errorf("policy settings from the example: %+v", c.policy)
	}
}

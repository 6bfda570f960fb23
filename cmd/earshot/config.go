package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// resolveFlags parses args into fs and then fills every flag that was not
// given on the command line from the environment (EARSHOT_<FLAG> in upper
// snake case) or, failing that, from the YAML file named by the -config
// flag. Precedence: command line > environment > config file > default.
// Errors name the flag and where its bad value came from.
func resolveFlags(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })

	fileValues := map[string]string{}
	configPath := ""
	if f := fs.Lookup("config"); f != nil {
		configPath = f.Value.String()
		if !explicit["config"] {
			if v := getenv(envName("config")); v != "" {
				configPath = v
			}
		}
	}
	if configPath != "" {
		vals, err := readConfigFile(configPath, fs)
		if err != nil {
			return err
		}
		fileValues = vals
	}

	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if explicit[f.Name] || f.Name == "config" {
			return
		}
		if v, ok := lookupEnv(getenv, envName(f.Name)); ok {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("invalid value for --%s from $%s: %w", f.Name, envName(f.Name), err))
			}
			return
		}
		if v, ok := fileValues[f.Name]; ok {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("invalid value for --%s in %s: %w", f.Name, configPath, err))
			}
		}
	})
	return errors.Join(errs...)
}

func lookupEnv(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}

// envName maps a flag name to its environment variable: sip-addr ->
// EARSHOT_SIP_ADDR.
func envName(flagName string) string {
	return "EARSHOT_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// readConfigFile reads a flat YAML mapping of flag names (sip-addr or
// sip_addr) to scalar values. Unknown keys are errors, so a typo in a
// config file does not silently fall back to a default.
func readConfigFile(path string, fs *flag.FlagSet) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	raw := map[string]any{}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("--config %s: %w", path, err)
	}
	out := make(map[string]string, len(raw))
	var unknown []string
	for k, v := range raw {
		name := strings.ReplaceAll(k, "_", "-")
		if fs.Lookup(name) == nil || name == "config" {
			unknown = append(unknown, k)
			continue
		}
		switch v := v.(type) {
		case map[string]any, []any:
			return nil, fmt.Errorf("--config %s: %s: want a single value", path, k)
		case nil:
			out[name] = ""
		default:
			out[name] = fmt.Sprint(v)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("--config %s: unknown setting(s): %s", path, strings.Join(unknown, ", "))
	}
	return out, nil
}

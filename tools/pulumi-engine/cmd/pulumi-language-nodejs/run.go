package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitActionable is the exit code @pulumi/pulumi's run scripts use after they already printed an
// error the user can act on; the engine is then told to bail without adding a message of its own.
const exitActionable = 32

// Run executes the Pulumi program:
//
//	node [nodeargs] <@pulumi/pulumi/cmd/run> --monitor A --engine E [--organization O] --project P
//	     --root-directory R --stack S --pwd D [--dry-run] --parallel N [--tracing T] <entry point> [args]
//
// with PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS (JSON) and the TypeScript variables in the
// environment. The program's stdout/stderr go straight to ours, which the engine displays.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	fail := func(err error) (*pulumirpc.RunResponse, error) {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	info := req.GetInfo()

	node, err := exec.LookPath("node")
	if err != nil {
		return fail(fmt.Errorf("could not find node on the $PATH: %w", err))
	}
	opts, err := parseOptions(info.GetOptions().AsMap())
	if err != nil {
		return fail(err)
	}
	runScript := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH") // test hook, as upstream
	if runScript == "" {
		runScript = "@pulumi/pulumi/cmd/run"
	}
	if runScript, err = resolveModule(ctx, node, info.GetProgramDirectory(), runScript, "npm install"); err != nil {
		return fail(err)
	}

	args := append(append([]string{}, opts.nodeargs...), runScript)
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", h.engine())
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("root-directory", info.GetRootDirectory())
	flag("stack", req.GetStack())
	flag("pwd", info.GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flag("parallel", strconv.Itoa(int(req.GetParallel())))
	flag("tracing", h.tracing)
	entry := info.GetEntryPoint()
	if entry == "" {
		entry = "." // node then loads package.json "main" or index.js
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	cfg, err := configJSON(req.GetConfig())
	if err != nil {
		return fail(fmt.Errorf("failed to serialize configuration: %w", err))
	}
	secretKeys, err := json.Marshal(nonNil(req.GetConfigSecretKeys()))
	if err != nil {
		return fail(fmt.Errorf("failed to serialize configuration secret keys: %w", err))
	}
	env := append(os.Environ(), "PULUMI_CONFIG="+cfg, "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys))
	env = append(env, opts.env()...)

	// Stop node when the engine calls Cancel or abandons this RPC: SIGINT first, SIGKILL 5s later.
	cmdCtx, cmdCancel := context.WithCancel(h.cancelCtx)
	defer cmdCancel()
	stopWatching := context.AfterFunc(ctx, cmdCancel)
	defer stopWatching()
	cmd := exec.CommandContext(cmdCtx, node, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = env
	// Wrap our stdout/stderr so exec copies through a pipe: node may switch an inherited fd to
	// non-blocking mode, which would break later writes from this process.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	// Path and args only: cmd.Env carries credentials and the config passphrase.
	logging.V(5).Infof("pulumi-language-nodejs: running %s %s", cmd.Path, strings.Join(cmd.Args[1:], " "))

	err = cmd.Run()
	_ = os.Stdout.Sync()
	_ = os.Stderr.Sync()
	if err == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		return fail(fmt.Errorf("Problem executing program (could not run language executor): %w", err))
	}
	switch code := exitErr.ExitCode(); {
	case code == exitActionable:
		// The error is already on screen; tell the engine to stop without printing more.
		return &pulumirpc.RunResponse{Bail: true}, nil
	case code > 0:
		return fail(fmt.Errorf("Program exited with non-zero exit code: %d", code))
	default: // killed by a signal, or exit status 0 with an I/O error
		return fail(fmt.Errorf("Program exited unexpectedly: %w", exitErr))
	}
}

// configJSON serialises the stack config for PULUMI_CONFIG. Keys are rewritten from "<ns>:<name>" to
// the legacy "<ns>:config:<name>" form, which every @pulumi/pulumi version understands.
func configJSON(cfg map[string]string) (string, error) {
	out := make(map[string]string, len(cfg))
	for k, v := range cfg {
		key, err := config.ParseKey(k)
		if err != nil {
			return "", err
		}
		out[key.Namespace()+":config:"+key.Name()] = v
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

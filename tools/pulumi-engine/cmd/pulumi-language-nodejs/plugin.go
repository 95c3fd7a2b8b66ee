package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// RunPlugin runs a plugin written in Node.js and streams its stdout/stderr back to the engine, which
// reads the plugin's gRPC port from the first stdout line.
//
// Policy packs (kind "analyzer", what `--policy-pack` and `pulumi policy analyze` start):
//
//	cd <pack dir> && node [nodeargs] <@pulumi/pulumi/cmd/run-policy-pack> <engine args...> <pack dir>
//
// The run-policy-pack script reads the stack's organization/project/stack/dry-run/config from the
// environment only, but the engine delivers them over gRPC (Analyzer.ConfigureStack) after it has
// connected. So the sdk's PolicyProxy first prints its own port, takes that ConfigureStack call, and
// only then is node started with PULUMI_NODEJS_* and PULUMI_CONFIG set; the proxy then forwards every
// analyzer call to the port node prints.
//
// Other kinds (resource plugins with a PulumiPlugin.yaml):
//
//	cd <req.Pwd> && node [nodeargs] <@pulumi/pulumi/cmd/run-plugin> <plugin dir> <engine args...>
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	info := req.GetInfo()
	dir := info.GetProgramDirectory()
	isPolicy := req.GetKind() == string(apitype.AnalyzerPlugin)

	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	node, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	opts, err := parseOptions(info.GetOptions().AsMap())
	if err != nil {
		return err
	}
	script := "@pulumi/pulumi/cmd/run-policy-pack"
	if !isPolicy {
		if script = os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); script == "" {
			script = "@pulumi/pulumi/cmd/run-plugin"
		}
	}
	if script, err = resolveModule(ctx, node, dir, script, "npm install in "+dir); err != nil {
		return err
	}

	args := append(append([]string{}, opts.nodeargs...), script)
	if isPolicy {
		args = append(append(args, req.GetArgs()...), dir)
	} else {
		args = append(append(args, dir), req.GetArgs()...)
	}
	env := append(append([]string{}, req.GetEnv()...), opts.env()...)

	var proxy *sdk.PolicyProxy
	if isPolicy {
		// From here on node's stdout goes through the proxy, which swallows the analyzer's port line.
		if proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout); err != nil {
			return fmt.Errorf("could not start policy pack proxy: %w", err)
		}
		stack, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get stack configuration: %w", err)
		}
		if env, err = appendStackEnv(env, stack); err != nil {
			return err
		}
	}

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = req.GetPwd()
	if isPolicy {
		cmd.Dir = dir // packs always ran from their own directory
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	// Path and args only: cmd.Env carries credentials and the config passphrase.
	logging.V(5).Infof("pulumi-language-nodejs: running plugin %s %s", cmd.Path, strings.Join(cmd.Args[1:], " "))

	if err = cmd.Start(); err != nil {
		return fmt.Errorf("Problem executing plugin program (could not run language executor): %w", err)
	}
	if proxy != nil {
		err = proxy.Attach(ctx, cmd) // waits for node to exit
	} else {
		err = cmd.Wait()
	}
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr) && exitErr.ExitCode() > 0:
		return fmt.Errorf("Program exited with non-zero exit code: %d", exitErr.ExitCode())
	case errors.As(err, &exitErr):
		return fmt.Errorf("Program exited unexpectedly: %w", exitErr)
	case err != nil:
		return err
	}
	return closer.Close()
}

// appendStackEnv adds the stack settings the policy pack SDK reads from its environment. stack is nil
// when the engine did not configure a stack (e.g. `pulumi policy publish`).
func appendStackEnv(env []string, stack *pulumirpc.AnalyzerStackConfigureRequest) ([]string, error) {
	if stack == nil {
		return env, nil
	}
	add := func(k, v string) {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	add("PULUMI_NODEJS_ORGANIZATION", stack.GetOrganization())
	add("PULUMI_NODEJS_PROJECT", stack.GetProject())
	add("PULUMI_NODEJS_STACK", stack.GetStack())
	add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.GetDryRun()))
	if cfg := stack.GetConfig(); cfg != nil {
		b, err := json.Marshal(cfg)
		if err != nil {
			return nil, fmt.Errorf("could not marshal stack configuration: %w", err)
		}
		add("PULUMI_CONFIG", string(b))
	}
	return env, nil
}

// Command pulumi-language-nodejs is a small, self-contained Pulumi language host for Node.js.
//
// Why it exists: the upstream language host lives in its own Go module
// (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), and the restricted Go module
// proxy this project builds from refuses to serve any version of that module. The Pulumi CLI and the
// pkg/sdk modules *are* served, so this package rebuilds just enough of the language host on top of
// github.com/pulumi/pulumi/sdk/v3 to run the real engine offline. It is written from the gRPC
// protocol (pulumirpc.LanguageRuntimeServer) and from what @pulumi/pulumi's cmd/run,
// cmd/run-policy-pack and cmd/run-plugin scripts expect; no upstream host code is copied.
//
// Subset implemented:
//   - Run: spawns `node <@pulumi/pulumi/cmd/run> --monitor … <entry point>` (see run.go).
//   - RunPlugin: Node policy packs (kind "analyzer", via @pulumi/pulumi/cmd/run-policy-pack and the
//     sdk's PolicyProxy for stack config) and Node resource plugins (cmd/run-plugin) (see plugin.go).
//   - Handshake, Cancel, GetPluginInfo, About, GetProgramDependencies (from package.json),
//     RuntimeOptionsPrompts and Template (both empty).
//   - GetRequiredPlugins / GetRequiredPackages report nothing: the project only uses the bundled
//     pulumi-nodejs dynamic provider, so the engine never needs to download a plugin.
//   - InstallDependencies is a no-op that tells the user to run `npm install` themselves.
//   - Everything else (GenerateProject/Program/Package, Pack, Link, RunPlugin2) is codes.Unimplemented.
//
// Only the "nodejs" runtime is supported (not bun), there is no debugger attach, no OOM hint, and no
// sync-invoke monitor proxy (@pulumi/pulumi 3.248 never opens the sync-invoke pipes, so node talks to
// the engine's resource monitor directly).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"google.golang.org/grpc"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func main() {
	// flag.CommandLine already carries glog's -v / -logtostderr, which the engine passes to plugins
	// when verbose logging flows down (`pulumi -v=9 --logflow`).
	fs := flag.CommandLine
	tracing := fs.String("tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	runtimeName := fs.String("runtime", "nodejs", "JavaScript runtime; only `nodejs` is supported here")
	showVersion := fs.Bool("version", false, "Print the plugin version and exit")
	// Flags older engines passed on the command line; the engine now sends them as runtime options in
	// ProgramInfo, so they are accepted and ignored.
	for _, name := range []string{"root", "tsconfig", "nodeargs", "packagemanager", "binary"} {
		fs.String(name, "", "ignored (legacy; runtime options come from Pulumi.yaml)")
	}
	fs.Bool("typescript", true, "ignored (legacy; runtime options come from Pulumi.yaml)")
	args := parseLenient(fs, os.Args[1:])

	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	if *runtimeName != "nodejs" {
		cmdutil.Exit(fmt.Errorf("unsupported runtime %q: this build only supports nodejs", *runtimeName))
	}

	verbose := 0
	if f := fs.Lookup("v"); f != nil {
		fmt.Sscan(f.Value.String(), &verbose)
	}
	logging.InitLogging(flagIsTrue(fs, "logtostderr"), verbose, false)
	if *tracing != "" {
		cmdutil.InitTracing("pulumi-language-nodejs", "pulumi-language-nodejs", *tracing)
	}

	// The engine address is the (last) positional argument. It may be absent when a debugger starts us
	// by hand; the engine then tells us its address in Handshake.
	var engineAddr string
	if len(args) > 0 {
		engineAddr = args[len(args)-1]
	}

	// Stop serving on Ctrl-C, or when the engine goes away (health check).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	cancelServe := make(chan bool)
	go func() { <-ctx.Done(); stop(); close(cancelServe) }()

	host := newHost(engineAddr, *tracing)
	if engineAddr != "" {
		if err := host.watchEngine(ctx, stop); err != nil {
			cmdutil.Exit(err)
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelServe,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.TracingServerInterceptorOptions(nil),
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host RPC server: %w", err))
	}

	// The engine reads the first stdout line as our port.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}

// watchEngine exits the process (by cancelling ctx) once the engine at the host's address stops
// answering health checks, so a crashed CLI does not leave us running.
func (h *host) watchEngine(ctx context.Context, cancel context.CancelFunc) error {
	if err := rpcutil.Healthcheck(ctx, h.engine(), 5*time.Minute, cancel); err != nil {
		return fmt.Errorf("could not start health check of the engine: %w", err)
	}
	return nil
}

// parseLenient parses flags like flag.Parse but drops flags it does not know instead of exiting, so a
// newer or older engine passing an extra flag cannot crash the host. It returns the positional args.
func parseLenient(fs *flag.FlagSet, args []string) []string {
	var kept []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			kept = append(kept, args[i:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			kept = append(kept, a)
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if fs.Lookup(name) == nil {
			logging.V(5).Infof("ignoring unknown flag %q", a)
			continue
		}
		kept = append(kept, a)
	}
	fs.Init(os.Args[0], flag.ContinueOnError)
	if err := fs.Parse(kept); err != nil {
		cmdutil.Exit(err)
	}
	return fs.Args()
}

func flagIsTrue(fs *flag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	return f != nil && f.Value.String() == "true"
}

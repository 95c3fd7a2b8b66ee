package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/google/shlex"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// host implements pulumirpc.LanguageRuntimeServer. Methods not defined in this package fall through
// to the embedded Unimplemented server and answer codes.Unimplemented.
type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu         sync.Mutex
	engineAddr string // set from argv, or later by Handshake
	tracing    string // forwarded to node as --tracing

	// cancelled by the Cancel RPC; every node child we start is bound to it.
	cancelCtx context.Context
	cancel    context.CancelFunc
}

func newHost(engineAddr, tracing string) *host {
	ctx, cancel := context.WithCancel(context.Background())
	return &host{engineAddr: engineAddr, tracing: tracing, cancelCtx: ctx, cancel: cancel}
}

func (h *host) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddr
}

// Handshake is called instead of passing the engine address on the command line (e.g. when the host is
// started separately under a debugger and attached through PULUMI_DEBUG_LANGUAGES).
func (h *host) Handshake(ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	h.engineAddr = req.GetEngineAddress()
	h.mu.Unlock()
	// Exit with the engine, as when the address comes from argv.
	if err := h.watchEngine(context.Background(), func() { os.Exit(0) }); err != nil {
		return nil, err
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancel()
	return &emptypb.Empty{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GetRequiredPackages reports no packages: the only provider we use (pulumi-nodejs, for dynamic
// resources) is bundled beside the CLI, so nothing must be resolved or downloaded.
func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// GetRequiredPlugins is the older form of GetRequiredPackages; same answer.
func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// InstallDependencies deliberately installs nothing (this host runs offline); it just says so and
// completes the stream successfully.
func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest,
	server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, _, err := rpcutil.MakeInstallDependenciesStreams(server, req.GetIsTerminal())
	if err != nil {
		return err
	}
	defer closer.Close()
	fmt.Fprintf(stdout, "pulumi-language-nodejs: dependencies are not installed automatically; "+
		"run `npm install` in %s yourself.\n", req.GetInfo().GetProgramDirectory())
	return closer.Close()
}

func (h *host) RuntimeOptionsPrompts(context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *host) Template(context.Context, *pulumirpc.TemplateRequest) (*pulumirpc.TemplateResponse, error) {
	return &pulumirpc.TemplateResponse{}, nil
}

// About reports the node executable and its version (for `pulumi about`).
func (h *host) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	resp := &pulumirpc.AboutResponse{Executable: node, Metadata: map[string]string{"packagemanager": "npm"}}
	if out, err := exec.CommandContext(ctx, node, "--version").Output(); err == nil {
		resp.Version = strings.TrimSpace(string(out))
	}
	return resp, nil
}

// GetProgramDependencies lists the direct dependencies in the program's package.json, with the
// version found installed in the nearest node_modules (or the declared range if not installed).
// Transitive dependencies are not listed.
func (h *host) GetProgramDependencies(_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	var manifest struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if err := readJSON(filepath.Join(dir, "package.json"), &manifest); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return &pulumirpc.GetProgramDependenciesResponse{}, nil
		}
		return nil, err
	}
	declared := map[string]string{}
	for _, deps := range []map[string]string{manifest.DevDependencies, manifest.Dependencies} {
		for name, rng := range deps {
			declared[name] = rng
		}
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for name, rng := range declared {
		resp.Dependencies = append(resp.Dependencies,
			&pulumirpc.DependencyInfo{Name: name, Version: installedVersion(dir, name, rng)})
	}
	sort.Slice(resp.Dependencies, func(i, j int) bool { return resp.Dependencies[i].Name < resp.Dependencies[j].Name })
	return resp, nil
}

// installedVersion walks up from dir the way node's resolver does and returns the version of the
// first node_modules/<name>/package.json it finds, or fallback.
func installedVersion(dir, name, fallback string) string {
	for d := dir; ; d = filepath.Dir(d) {
		var pkg struct {
			Version string `json:"version"`
		}
		if readJSON(filepath.Join(d, "node_modules", name, "package.json"), &pkg) == nil && pkg.Version != "" {
			return pkg.Version
		}
		if filepath.Dir(d) == d {
			return fallback
		}
	}
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// nodeOptions are the `runtime.options` of Pulumi.yaml / PulumiPolicy.yaml / PulumiPlugin.yaml that
// matter for launching node.
type nodeOptions struct {
	typescript bool     // load ts-node (PULUMI_NODEJS_TYPESCRIPT); defaults to true
	tsconfig   string   // PULUMI_NODEJS_TSCONFIG_PATH
	nodeargs   []string // extra node CLI arguments, shell-split
}

func parseOptions(opts map[string]any) (nodeOptions, error) {
	o := nodeOptions{typescript: true}
	if v, ok := opts["typescript"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return o, errors.New("typescript option must be a boolean")
		}
		o.typescript = b
	}
	if v, ok := opts["tsconfig"]; ok {
		s, isStr := v.(string)
		if !isStr {
			return o, errors.New("tsconfig option must be a string")
		}
		o.tsconfig = s
	}
	if v, ok := opts["nodeargs"]; ok {
		s, isStr := v.(string)
		if !isStr {
			return o, errors.New("nodeargs option must be a string")
		}
		args, err := shlex.Split(s)
		if err != nil {
			return o, fmt.Errorf("nodeargs option: %w", err)
		}
		o.nodeargs = args
	}
	// "packagemanager" only matters for installs, which this host does not do.
	return o, nil
}

// env returns the environment entries that tell @pulumi/pulumi how to load TypeScript.
func (o nodeOptions) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

// resolveModule asks node to resolve module (e.g. "@pulumi/pulumi/cmd/run") from dir, so node_modules
// in dir or any parent directory is found exactly as the program itself would find it.
func resolveModule(ctx context.Context, node, dir, module, hint string) (string, error) {
	script := fmt.Sprintf(`try { console.log(require.resolve(%q)); } catch (e) { `+
		`console.error(e.code === "MODULE_NOT_FOUND" ? %q : e.message); process.exit(1); }`,
		module, "It looks like the Pulumi SDK has not been installed. Have you run "+hint+"?")
	cmd := exec.CommandContext(ctx, node, "-e", script)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			return "", errors.New(strings.TrimSpace(string(ee.Stderr)))
		}
		return "", fmt.Errorf("could not resolve %s from %s: %w", module, dir, err)
	}
	return strings.TrimSpace(string(out)), nil
}

package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// env is everything a chaos run owns: its own Neo4j (own port, own run directory, own pid
// file), its own build of the server, a tokens file and the server processes it starts.
// It never touches another Neo4j: it kills only the Java process whose pid its run
// directory's pid file holds and whose command line names that run directory.
type env struct {
	root      string // the repository
	boltPort  int
	addr      string // host:port the server listens on
	runDir    string // NEO4J_RUN_DIR of our Neo4j
	work      string // temporary: binary, tokens, logs
	bin       string
	tokens    map[string]string // role -> token
	tokensF   string
	logs      []string // server log files, scanned for secrets at the end
	secrets   []string // more strings no log may hold (a confidential source's marker...)
	keepDB    bool
	heap      string
	timeout   time.Duration // the server's -request-timeout
	startedDB bool
}

func newEnv(o *options) (*env, error) {
	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp("", "actorgraph-chaos-")
	if err != nil {
		return nil, err
	}
	e := &env{root: root, boltPort: o.boltPort, addr: o.addr, runDir: filepath.Join(root, "db", "run-chaos"),
		work: work, keepDB: o.keepDB, heap: o.heap, timeout: o.requestTimeout, tokens: map[string]string{}}
	// Tokens: random, at least 16 characters, one per role.
	var lines []string
	for _, role := range []string{"admin", "editor", "reader"} {
		e.tokens[role] = "chaos-" + role + "-" + randHex(16)
		lines = append(lines, role+":chaos-"+role+":"+e.tokens[role])
	}
	e.tokensF = filepath.Join(work, "tokens")
	if err := os.WriteFile(e.tokensF, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		return nil, err
	}
	return e, nil
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// repoRoot walks up from the working directory to the go.mod of actorgraph.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.Contains(string(b), "module github.com/actorgraph/actorgraph\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the actorgraph repository (no go.mod of github.com/actorgraph/actorgraph above the working directory)")
		}
		dir = parent
	}
}

func (e *env) neo4jURI() string { return fmt.Sprintf("bolt://127.0.0.1:%d", e.boltPort) }
func (e *env) base() string     { return "http://" + e.addr }

// build compiles the server from the working tree into the run's temporary directory (not
// bin/, which other people's builds share).
func (e *env) build(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(e.root, "web", "dist", "playground.js")); err != nil {
		return errors.New("web/dist is missing: run `make web` first (the server embeds the playground)")
	}
	e.bin = filepath.Join(e.work, "actorgraph")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", e.bin, "./cmd/actorgraph")
	cmd.Dir = e.root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go build ./cmd/actorgraph: %v\n%s", err, out)
	}
	return nil
}

// ---- Neo4j ----

func (e *env) neo4jEnv() []string {
	return append(os.Environ(), "NEO4J_BOLT_PORT="+strconv.Itoa(e.boltPort), "NEO4J_RUN_DIR="+e.runDir,
		"NEO4J_HEAP="+e.heap, "NEO4J_PAGECACHE=128m", "NEO4J_START_TIMEOUT=240")
}

func (e *env) neo4jScript(ctx context.Context, verb string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(e.root, "db", "neo4j.sh"), verb)
	cmd.Dir = e.root
	cmd.Env = e.neo4jEnv()
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// neo4jPid returns the pid of our Java process: the pid file's, if that process is alive and
// its command line names our run directory.
func (e *env) neo4jPid() (int, error) {
	b, err := os.ReadFile(filepath.Join(e.runDir, "neo4j.pid"))
	if err != nil {
		return 0, fmt.Errorf("no pid file in %s: %v", e.runDir, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 1 {
		return 0, fmt.Errorf("pid file of %s holds %q", e.runDir, b)
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return 0, fmt.Errorf("Neo4j pid %d is not running", pid)
	}
	if !strings.Contains(string(cmdline), "--home-dir="+e.runDir) {
		return 0, fmt.Errorf("pid %d does not belong to the Neo4j of %s", pid, e.runDir)
	}
	if zombie(pid) {
		return 0, fmt.Errorf("Neo4j pid %d has exited", pid)
	}
	return pid, nil
}

func zombie(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] == 'Z' || s[i+2] == 'X'
	}
	return false
}

// startNeo4j starts our Neo4j (or finds it running) and waits for Bolt; it refuses a port
// that another Neo4j answers on, and retries a failed start.
func (e *env) startNeo4j(ctx context.Context) error {
	if boltAnswers(e.boltPort) {
		if _, err := e.neo4jPid(); err != nil {
			return fmt.Errorf("a Neo4j that is not ours answers Bolt on 127.0.0.1:%d (%v); choose another port with -bolt-port", e.boltPort, err)
		}
		return nil
	}
	var last error
	for try := 1; try <= 3; try++ {
		out, err := e.neo4jScript(ctx, "start")
		if err == nil && boltAnswers(e.boltPort) {
			e.startedDB = true
			return nil
		}
		last = fmt.Errorf("db/neo4j.sh start (try %d): %v\n%s", try, err, tail(out, 2000))
		logf("neo4j start failed, try %d of 3: %v", try, err)
		if pid, perr := e.neo4jPid(); perr == nil {
			syscall.Kill(pid, syscall.SIGKILL)
			waitGone(pid, 20*time.Second)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
	return last
}

func (e *env) stopNeo4j() {
	if e.keepDB {
		logf("leaving Neo4j running on 127.0.0.1:%d (-keep-db); stop it with NEO4J_BOLT_PORT=%d NEO4J_RUN_DIR=%s db/neo4j.sh stop", e.boltPort, e.boltPort, e.runDir)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if out, err := e.neo4jScript(ctx, "stop"); err != nil {
		logf("stopping Neo4j: %v %s", err, out)
	}
}

// killNeo4j SIGKILLs our Java process and waits until it is gone.
func (e *env) killNeo4j() (int, error) {
	pid, err := e.neo4jPid()
	if err != nil {
		return 0, err
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		return pid, err
	}
	if !waitGone(pid, 30*time.Second) {
		return pid, fmt.Errorf("Neo4j pid %d still there 30 s after SIGKILL", pid)
	}
	return pid, nil
}

func waitGone(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if syscall.Kill(pid, 0) != nil || zombie(pid) {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// boltAnswers does what db/neo4j.sh does: the Bolt handshake, expecting a version.
func boltAnswers(port int) bool {
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte{0x60, 0x60, 0xb0, 0x17, 0, 0, 8, 5, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0}); err != nil {
		return false
	}
	var v [4]byte
	if _, err := io.ReadFull(c, v[:]); err != nil {
		return false
	}
	return v != [4]byte{}
}

func portFree(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, 500*time.Millisecond)
	if err != nil {
		return true
	}
	c.Close()
	return false
}

// seed loads the Sahel seed into our Neo4j after deleting everything in it.
func (e *env) seed(ctx context.Context) error {
	cmd := exec.CommandContext(ctx, e.bin, "seed", "--reset", "-neo4j-uri", e.neo4jURI())
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("seed: %v\n%s", err, out)
	}
	return nil
}

// cleanEnv is the environment without settings that would point the server elsewhere.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "NEO4J_") || strings.HasPrefix(k, "ACTORGRAPH_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// ---- the server ----

type serverProc struct {
	cmd     *exec.Cmd
	log     string
	done    chan struct{}
	exitErr error
	exited  time.Time
	mu      sync.Mutex
}

// startServer starts `actorgraph serve` on e.addr with the run's tokens and waits until
// /readyz answers 200.
func (e *env) startServer(ctx context.Context, name string, extra ...string) (*serverProc, error) {
	if !portFree(e.addr) {
		return nil, fmt.Errorf("%s is taken; choose another with -addr", e.addr)
	}
	logPath := filepath.Join(e.work, name+".log")
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	args := append([]string{"serve", "-addr", e.addr, "-neo4j-uri", e.neo4jURI(),
		"-request-timeout", e.timeout.String(), "-log-format", "json"}, extra...)
	cmd := exec.Command(e.bin, args...)
	cmd.Env = append(cleanEnv(), "ACTORGRAPH_TOKENS_FILE="+e.tokensF)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, err
	}
	e.logs = append(e.logs, logPath)
	p := &serverProc{cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() {
		err := cmd.Wait()
		f.Close()
		p.mu.Lock()
		p.exitErr, p.exited = err, time.Now()
		p.mu.Unlock()
		close(p.done)
	}()
	deadline := time.Now().Add(90 * time.Second)
	for {
		select {
		case <-p.done:
			return nil, fmt.Errorf("the server exited during start-up (%v); its log:\n%s", p.exitErr, tailFile(logPath, 3000))
		default:
		}
		if readyz(e.base()) == http.StatusOK {
			return p, nil
		}
		if time.Now().After(deadline) {
			p.kill()
			return nil, fmt.Errorf("the server was not ready within 90 s; its log:\n%s", tailFile(logPath, 3000))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (p *serverProc) alive() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// stop sends SIGTERM and waits up to d; it reports the exit code (-1 if killed).
func (p *serverProc) stop(d time.Duration) (int, time.Duration, error) {
	start := time.Now()
	if !p.alive() {
		return p.exitCode(), 0, errors.New("the server had already exited")
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return p.exitCode(), time.Since(start), nil
	case <-time.After(d):
		p.kill()
		return -1, time.Since(start), fmt.Errorf("the server did not exit within %s of SIGTERM; killed", d)
	}
}

func (p *serverProc) kill() {
	if p.alive() {
		p.cmd.Process.Kill()
		<-p.done
	}
}

func (p *serverProc) exitCode() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.exitErr == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(p.exitErr, &ee) {
		return ee.ExitCode()
	}
	return -1
}

func readyz(base string) int {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(base + "/readyz")
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

func tailFile(path string, n int) string {
	b, _ := os.ReadFile(path)
	return tail(string(b), n)
}

// grepFile returns the lines of path holding any of needles, and which needles.
func grepFile(path string, needles []string) (hits []string) {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, n := range needles {
			if n != "" && strings.Contains(line, n) {
				hits = append(hits, fmt.Sprintf("%s: %q in %s", filepath.Base(path), n, tail(line, 300)))
			}
		}
	}
	return hits
}

var logMu sync.Mutex

func logf(format string, args ...any) {
	logMu.Lock()
	defer logMu.Unlock()
	fmt.Fprintf(os.Stderr, "chaos %s  %s\n", time.Now().Format("15:04:05.000"), fmt.Sprintf(format, args...))
}
